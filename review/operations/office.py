"""The office's, section head's and signatory's operations: confirm, return, approve, change the
attribute, accept/object, rule on a dispute, override the upstream rule, issue, set validity."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .. import audit, rules
from ..enums import Attribute, DocState, Role, Severity, Validity
from ..errors import Forbidden, Refusal, RuleViolation
from ..models import Decision, DecisionKind, Document, IssuedNumber, NumberPrefix, ReasonCode, User
from ..models._types import utcnow
from .common import facts_for, guard
from .drafting import record_findings

MIN_COMMENT = 4


def _comment(text: str, what: str) -> str:
    text = (text or "").strip()
    if len(text) < MIN_COMMENT:
        raise Refusal(f"请填写{what}（不少于{MIN_COMMENT}个字）。")
    return text


def _decide(session: Session, actor: User, doc: Document, kind: DecisionKind, *, after: Attribute | None = None,
            reason_code: str | None = None, comment: str = "") -> Decision:
    decision = Decision(document_id=doc.id, version_id=doc.current_version.id, actor_id=actor.id, kind=kind,
                        attribute_before=doc.attribute, attribute_after=after or doc.attribute,
                        reason_code=reason_code, comment=comment)
    session.add(decision)
    return decision


def _move(session: Session, actor: User, doc: Document, target: DocState, action: str, **detail) -> None:
    before = doc.state
    doc.state = target
    session.flush()
    audit.append(session, actor_id=actor.id, action=f"document.{action}", document_id=doc.id,
                 before={"state": before}, after={"state": target}, version=doc.current_version.number, **detail)


def _checked_reason(session: Session, attribute: Attribute, reason_code: str | None) -> str | None:
    """The reason code for ``attribute``: required and fitting when restricted, dropped when active."""
    if not attribute.restricted:
        return None
    reason = session.get(ReasonCode, reason_code) if reason_code else None
    if reason is None or not reason.active:
        raise Refusal(f"拟定为“{attribute.label}”须选择有效的不公开理由。")
    if not reason.fits_attribute(attribute):
        raise Refusal(f"“{reason.label}”不适用于“{attribute.label}”（《政府信息公开条例》第十四至十六条）。")
    return reason.code


def _acknowledge(session: Session, actor: User, doc: Document, found: list[rules.Finding],
                 acknowledged: set[str]) -> None:
    """Every `warn` finding must be acknowledged (by code) before approval; `block` ones stop it."""
    if rules.blocking(found):
        raise RuleViolation("存在阻止审核通过的问题。", found)
    missing = [f for f in found if f.severity is Severity.WARN and f.code not in acknowledged]
    if missing:
        raise Refusal("请逐条确认以下提示后再审核通过：" + "；".join(f.message for f in missing), missing)
    now = utcnow()
    for row in doc.current_version.findings:
        if row.severity is Severity.WARN and row.acknowledged_at is None:
            row.acknowledged_by_id, row.acknowledged_at = actor.id, now


def confirm(session: Session, actor: User, doc: Document, expected_lock: int | None, comment: str = "") -> None:
    """科室负责人确认: the section's own check before the office sees the document."""
    guard(actor, doc, "confirm", expected_lock)
    _decide(session, actor, doc, DecisionKind.SECTION_CONFIRM, comment=comment.strip())
    _move(session, actor, doc, DocState.OFFICE_REVIEW, "confirm", comment=comment.strip())


def return_for_revision(session: Session, actor: User, doc: Document, expected_lock: int | None,
                        comment: str) -> None:
    guard(actor, doc, "return", expected_lock)
    comment = _comment(comment, "退回意见")
    _decide(session, actor, doc, DecisionKind.RETURN, comment=comment)
    _move(session, actor, doc, DocState.RETURNED, "return", comment=comment)


def approve(session: Session, actor: User, doc: Document, expected_lock: int | None,
            acknowledged: set[str] = frozenset(), comment: str = "") -> None:
    """审核通过 as declared."""
    guard(actor, doc, "approve", expected_lock)
    _acknowledge(session, actor, doc, rules.findings(facts_for(session, doc), rules.APPROVE), set(acknowledged))
    _decide(session, actor, doc, DecisionKind.APPROVE, reason_code=doc.reason_code, comment=comment.strip())
    _move(session, actor, doc, DocState.APPROVED, "approve", attribute=doc.attribute)


def change_attribute(session: Session, actor: User, doc: Document, expected_lock: int | None,
                     attribute: Attribute, reason_code: str | None, comment: str,
                     acknowledged: set[str] = frozenset()) -> Decision:
    """The office proposes another attribute; the drafter then accepts or objects."""
    guard(actor, doc, "change_attribute", expected_lock)
    if attribute is doc.attribute:
        raise Refusal("调整后的公开属性与拟稿人声明的相同；如同意请直接审核通过。")
    comment = _comment(comment, "调整理由")
    code = _checked_reason(session, attribute, reason_code)
    facts = facts_for(session, doc)
    facts.attribute, facts.reason_code, facts.reason_text = attribute, code, comment
    facts.reason_fits = tuple(session.get(ReasonCode, code).fits) if code else ()
    _acknowledge(session, actor, doc, rules.findings(facts, rules.APPROVE), set(acknowledged))
    decision = _decide(session, actor, doc, DecisionKind.CHANGE_ATTRIBUTE, after=attribute, reason_code=code,
                       comment=comment)
    _move(session, actor, doc, DocState.ATTRIBUTE_CHANGED, "change_attribute",
          proposed=attribute, declared=doc.attribute, comment=comment)
    return decision


def pending_change(session: Session, doc: Document) -> Decision | None:
    """The office's latest proposed change of attribute for the current version."""
    return session.scalar(
        sa.select(Decision).where(Decision.document_id == doc.id, Decision.kind == DecisionKind.CHANGE_ATTRIBUTE)
        .order_by(Decision.id.desc()).limit(1)
    )


def _apply(doc: Document, attribute: Attribute, reason_code: str | None, reason_text: str | None = None) -> None:
    doc.attribute = attribute
    doc.reason_code = reason_code if attribute.restricted else None
    if reason_text is not None:
        doc.reason_text = reason_text


def accept_change(session: Session, actor: User, doc: Document, expected_lock: int | None) -> None:
    guard(actor, doc, "accept_change", expected_lock)
    change = pending_change(session, doc)
    before = doc.attribute
    _apply(doc, change.attribute_after, change.reason_code, change.comment)
    _decide(session, actor, doc, DecisionKind.ACCEPT_CHANGE, after=change.attribute_after,
            reason_code=change.reason_code).attribute_before = before
    _move(session, actor, doc, DocState.APPROVED, "accept_change", attribute=doc.attribute)


def object_change(session: Session, actor: User, doc: Document, expected_lock: int | None, comment: str) -> None:
    """The drafter disagrees: the signatory decides (DESIGN §3)."""
    guard(actor, doc, "object", expected_lock)
    comment = _comment(comment, "异议理由")
    _decide(session, actor, doc, DecisionKind.OBJECT, comment=comment)
    _move(session, actor, doc, DocState.DISPUTED, "object", comment=comment)


def rule(session: Session, actor: User, doc: Document, expected_lock: int | None, attribute: Attribute,
         reason_code: str | None, comment: str) -> None:
    """签发人裁定: final; recorded with both positions."""
    guard(actor, doc, "rule", expected_lock)
    comment = _comment(comment, "裁定理由")
    code = _checked_reason(session, attribute, reason_code)
    proposal = pending_change(session, doc)
    before = doc.attribute
    _decide(session, actor, doc, DecisionKind.RULING, after=attribute, reason_code=code, comment=comment)
    _apply(doc, attribute, code, comment if attribute.restricted else None)
    _move(session, actor, doc, DocState.APPROVED, "rule", attribute=attribute, drafter_position=before,
          office_position=proposal.attribute_after if proposal else None, comment=comment)


def override_upstream(session: Session, actor: User, doc: Document, expected_lock: int | None,
                      comment: str) -> None:
    """The signatory allows 不予公开 although the upstream document is active, in writing."""
    guard(actor, doc, "override_upstream", expected_lock)
    found = rules.findings(facts_for(session, doc), rules.APPROVE)
    if "upstream_active" not in {f.code for f in found}:
        raise Refusal("本件不存在“上级文件主动公开”的阻止事项，无需签发人同意。")
    comment = _comment(comment, "同意理由")
    _decide(session, actor, doc, DecisionKind.OVERRIDE_UPSTREAM, comment=comment)
    session.flush()
    record_findings(session, doc, rules.findings(facts_for(session, doc), rules.SUBMIT))
    _move(session, actor, doc, doc.state, "override_upstream", comment=comment)


def _next_serial(session: Session, prefix: NumberPrefix, year: int) -> int:
    current = session.scalar(sa.select(sa.func.max(IssuedNumber.serial))
                             .where(IssuedNumber.prefix_id == prefix.id, IssuedNumber.year == year))
    return (current or 0) + 1


def _assign_number(session: Session, doc: Document, prefix: NumberPrefix, year: int, attempts: int = 20) -> str:
    """The next serial for (代字, year); a concurrent issuer taking it makes us retry, never share."""
    for _ in range(attempts):
        serial = _next_serial(session, prefix, year)
        try:
            with session.begin_nested():
                session.add(IssuedNumber(prefix_id=prefix.id, year=year, serial=serial, document_id=doc.id))
        except sa.exc.IntegrityError:
            continue
        return f"{prefix.code}〔{year}〕{serial}号"
    raise Refusal("发文字号分配冲突，请稍后重试。")


def issue(session: Session, actor: User, doc: Document, expected_lock: int | None, prefix_id: int,
          signed_on: dt.date) -> str:
    """发文: assign 发文字号 and 成文日期; the printed marking must match the decided attribute."""
    guard(actor, doc, "issue", expected_lock)
    prefix = session.get(NumberPrefix, prefix_id)
    if prefix is None or not prefix.active:
        raise Refusal("请选择有效的发文字号代字。")
    found = [f for f in rules.findings(facts_for(session, doc), rules.ISSUE)
             if f.code in ("marking_missing", "marking_mismatch")]
    if found:
        raise RuleViolation("文件附注标注与认定的公开属性不一致，请上传更正后的文件版本再发文。", found)
    number = _assign_number(session, doc, prefix, signed_on.year)
    doc.doc_number, doc.signed_on, doc.issued_at = number, signed_on, utcnow()
    if doc.attribute is Attribute.ACTIVE:
        doc.published_on = dt.date.today()
        doc.next_review_on = None
    else:
        months = doc.reason.review_months if doc.reason else 12
        doc.next_review_on = _add_months(signed_on, months)
    _move(session, actor, doc, DocState.ISSUED, "issue", doc_number=number, signed_on=signed_on,
          attribute=doc.attribute, next_review_on=doc.next_review_on)
    return number


def set_validity(session: Session, actor: User, doc: Document, validity: Validity) -> None:
    if doc.state is not DocState.ISSUED:
        raise Refusal("只有已发文的文件才有有效性。")
    if actor.role is not Role.REVIEWER:
        raise Forbidden("只有办公室可以修改有效性。")
    before = doc.validity
    doc.validity = validity
    session.flush()
    audit.append(session, actor_id=actor.id, action="document.set_validity", document_id=doc.id,
                 before={"validity": before}, after={"validity": validity})


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise AssertionError("unreachable")
