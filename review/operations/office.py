"""The office's, section head's and signatory's operations: confirm, return, approve, change the
attribute, accept/object, rule on a dispute, override the upstream rule, issue, set validity."""
from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .. import audit, clock, rules
from ..enums import Attribute, DocState, Severity, Validity
from ..errors import Refusal, RuleViolation
from ..models import Decision, DecisionKind, Document, IssuedNumber, NumberPrefix, ReasonCode, User
from ..office_settings import office_marking
from .common import acknowledged_codes, facts_for, guard
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
                 acknowledged: set[str], now: dt.datetime) -> None:
    """Every `warn` finding must be acknowledged (by code) before approval; `block` ones stop it."""
    if rules.blocking(found):
        raise RuleViolation("存在阻止审核通过的问题。", found)
    missing = [f for f in found if f.severity is Severity.WARN and f.code not in acknowledged]
    if missing:
        raise Refusal("请逐条确认以下提示后再审核通过：" + "；".join(f.message for f in missing), missing)
    for row in doc.current_version.findings:
        if row.severity is Severity.WARN and row.acknowledged_at is None:
            row.acknowledged_by_id, row.acknowledged_at = actor.id, clock.stored(now)


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
            acknowledged: set[str] = frozenset(), comment: str = "", *, now: dt.datetime) -> None:
    """审核通过 as declared."""
    guard(actor, doc, "approve", expected_lock)
    _acknowledge(session, actor, doc, rules.findings(facts_for(session, doc), rules.APPROVE), set(acknowledged), now)
    _decide(session, actor, doc, DecisionKind.APPROVE, reason_code=doc.reason_code, comment=comment.strip())
    _move(session, actor, doc, DocState.APPROVED, "approve", attribute=doc.attribute)


def change_attribute(session: Session, actor: User, doc: Document, expected_lock: int | None,
                     attribute: Attribute, reason_code: str | None, comment: str,
                     acknowledged: set[str] = frozenset(), *, now: dt.datetime) -> Decision:
    """The office proposes another attribute; the drafter then accepts or objects."""
    guard(actor, doc, "change_attribute", expected_lock)
    if attribute is doc.attribute:
        raise Refusal("调整后的公开属性与拟稿人声明的相同；如同意请直接审核通过。")
    comment = _comment(comment, "调整理由")
    code = _checked_reason(session, attribute, reason_code)
    facts = facts_for(session, doc)
    facts.attribute, facts.reason_code, facts.reason_text = attribute, code, comment
    facts.reason_fits = tuple(session.get(ReasonCode, code).fits) if code else ()
    _acknowledge(session, actor, doc, rules.findings(facts, rules.APPROVE), set(acknowledged), now)
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
    """The decided attribute; an active document keeps no restricted reason (the history keeps it)."""
    doc.attribute = attribute
    doc.reason_code = reason_code if attribute.restricted else None
    if not attribute.restricted:
        doc.reason_text = ""
    elif reason_text is not None:
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
    # The ruling decides which attribute goes out: the rules run on it as they would at approval. The
    # signatory alone may lift the upstream-active rule, and a written ruling does exactly that.
    # Upholding the drafter's declaration keeps the drafter's written explanation; otherwise the
    # ruling's own reasons explain the attribute.
    explanation = doc.reason_text if (attribute is doc.attribute and code == doc.reason_code) else comment
    facts = facts_for(session, doc)
    facts.attribute, facts.reason_code, facts.reason_text = attribute, code, explanation
    facts.reason_fits = tuple(session.get(ReasonCode, code).fits) if code else ()
    facts.upstream_override = True
    if blocks := rules.blocking(rules.findings(facts, rules.APPROVE)):
        raise RuleViolation("裁定结果违反以下规则，未生效。", blocks)
    proposal = pending_change(session, doc)
    before = doc.attribute
    _decide(session, actor, doc, DecisionKind.RULING, after=attribute, reason_code=code, comment=comment)
    _apply(doc, attribute, code, explanation)
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


_NUMBER = re.compile(r"(?P<code>.+)〔(?P<year>\d{4})〕(?P<serial>[1-9]\d*)号")


def _printed_serial(printed: str | None, prefix: NumberPrefix, year: int) -> int | None:
    """The serial of a 发文字号 already printed on the file, if it is under this 代字 and year."""
    match = _NUMBER.fullmatch(printed or "")
    if match and match["code"] == prefix.code and int(match["year"]) == year:
        return int(match["serial"])
    return None


def _take(session: Session, doc: Document, prefix: NumberPrefix, year: int, serial: int) -> bool:
    try:
        with session.begin_nested():
            session.add(IssuedNumber(prefix_id=prefix.id, year=year, serial=serial, document_id=doc.id))
    except sa.exc.IntegrityError:
        return False
    return True


def _assign_number(session: Session, doc: Document, prefix: NumberPrefix, year: int, printed: str | None = None,
                   attempts: int = 20) -> str:
    """The number printed on the final file when it is free under this 代字 and year, else the next
    serial; a concurrent issuer taking a serial makes us retry, never share."""
    wanted = _printed_serial(printed, prefix, year)
    if wanted is not None and _take(session, doc, prefix, year, wanted):
        return f"{prefix.code}〔{year}〕{wanted}号"
    for _ in range(attempts):
        serial = _next_serial(session, prefix, year)
        if _take(session, doc, prefix, year, serial):
            return f"{prefix.code}〔{year}〕{serial}号"
    raise Refusal("发文字号分配冲突，请稍后重试。")


def preview_number(session: Session, prefix: NumberPrefix, year: int, printed: str | None) -> str:
    """The number ``issue`` would assign now (shown on the form; a concurrent issuer may take it first)."""
    serial = _printed_serial(printed, prefix, year)
    taken = serial is not None and session.scalar(
        sa.select(sa.func.count()).select_from(IssuedNumber)
        .where(IssuedNumber.prefix_id == prefix.id, IssuedNumber.year == year, IssuedNumber.serial == serial))
    if serial is None or taken:
        serial = _next_serial(session, prefix, year)
    return f"{prefix.code}〔{year}〕{serial}号"


def printed_differences(parsed: dict, number: str, signed_on: dt.date) -> list[rules.Finding]:
    """Where the final file already prints a 发文字号 or 成文日期 other than the ones being issued."""
    out = []
    if parsed.get("doc_number") and parsed["doc_number"] != number:
        out.append(rules.Finding("issued_number_differs", Severity.BLOCK,
                                 f"文件印有发文字号“{parsed['doc_number']}”，与本次发文的“{number}”不一致。",
                                 "GB/T 9704-2012 发文字号；公开目录须与文件一致"))
    if parsed.get("signed_date") and parsed["signed_date"] != signed_on.isoformat():
        out.append(rules.Finding("issued_date_differs", Severity.BLOCK,
                                 f"文件印有成文日期“{parsed['signed_date']}”，与本次发文的“{signed_on.isoformat()}”不一致。",
                                 "GB/T 9704-2012 成文日期；公开目录须与文件一致"))
    return out


EARLIEST_SIGNED_ON = dt.date(1949, 10, 1)


def issue(session: Session, actor: User, doc: Document, expected_lock: int | None, prefix_id: int,
          signed_on: dt.date, now: dt.datetime, acknowledged: set[str] = frozenset(), explanation: str = "") -> str:
    """发文: assign 发文字号 and 成文日期 after every rule has run on the file that will go out.

    If the final file already prints a 发文字号 or 成文日期, issuing with other ones is refused
    unless the office explains in writing why the printed ones stand (kept in the audit trail);
    otherwise it uploads the 正式印发版 that carries the issued ones.
    """
    guard(actor, doc, "issue", expected_lock)
    prefix = session.get(NumberPrefix, prefix_id)
    if prefix is None or not prefix.active:
        raise Refusal("请选择有效的发文字号代字。")
    today = clock.local_date(now)
    if not EARLIEST_SIGNED_ON <= signed_on <= today + dt.timedelta(days=90):
        raise Refusal(f"成文日期“{signed_on.isoformat()}”不在合理范围内，请核对。")
    found = rules.findings(facts_for(session, doc), rules.ISSUE)
    if rules.blocking(found):
        raise RuleViolation("发文前复核：终稿文件存在以下问题，请上传更正后的文件版本再发文。", rules.blocking(found))
    seen = acknowledged_codes(session, doc) | set(acknowledged)
    if missing := [f for f in found if f.code not in seen]:
        raise Refusal("发文前复核：终稿文件有以下新的提示，请逐条确认后再发文："
                      + "；".join(f.message for f in missing), missing)
    parsed = doc.current_version.elements or {}
    number = _assign_number(session, doc, prefix, signed_on.year, parsed.get("doc_number"))
    differences = printed_differences(parsed, number, signed_on)
    explanation = (explanation or "").strip()
    if differences and len(explanation) < MIN_COMMENT:
        raise RuleViolation("文件印有的发文字号或成文日期与本次发文不一致：请上传载有正式发文字号和成文日期的印发版，"
                            f"或书面说明以文件所印为准的理由（不少于{MIN_COMMENT}个字）。", differences)
    doc.doc_number, doc.signed_on, doc.issued_at = number, signed_on, clock.stored(now)
    if doc.attribute is Attribute.ACTIVE:
        doc.published_on = today
        doc.next_review_on = None
    else:
        months = doc.reason.review_months if doc.reason else 12
        doc.next_review_on = clock.add_months(signed_on, months)
    if differences:
        _decide(session, actor, doc, DecisionKind.ISSUE, comment=explanation)
    _move(session, actor, doc, DocState.ISSUED, "issue", doc_number=number, signed_on=signed_on,
          attribute=doc.attribute, next_review_on=doc.next_review_on, published_on=doc.published_on,
          printed_differs=[f.code for f in differences], explanation=explanation if differences else "")
    return number


def sign(session: Session, actor: User, doc: Document, expected_lock: int | None, signature_date: dt.date | None,
         comment: str, now: dt.datetime) -> None:
    """签发: the signatory signs the approved document; the rules run once more on what is signed."""
    guard(actor, doc, "sign", expected_lock)
    today = clock.local_date(now)
    signature_date = signature_date or today
    if not today - dt.timedelta(days=366) <= signature_date <= today:
        raise Refusal(f"签发日期“{signature_date.isoformat()}”不在合理范围内（不能晚于今天）。")
    if blocks := rules.blocking(rules.findings(facts_for(session, doc), rules.APPROVE)):
        raise RuleViolation("文件存在以下阻止事项，不能签发。", blocks)
    comment = (comment or "").strip()
    doc.signatory_id, doc.signature_date = actor.id, signature_date
    _decide(session, actor, doc, DecisionKind.SIGN, comment=comment)
    _move(session, actor, doc, DocState.SIGNED, "sign", signature_date=signature_date, comment=comment)


def send_back(session: Session, actor: User, doc: Document, expected_lock: int | None, comment: str) -> None:
    """The signatory sends the approved document back to the office, in writing."""
    guard(actor, doc, "send_back", expected_lock)
    comment = _comment(comment, "退回理由")
    _decide(session, actor, doc, DecisionKind.SEND_BACK, comment=comment)
    _move(session, actor, doc, DocState.OFFICE_REVIEW, "send_back", comment=comment)


def attest_marking(session: Session, actor: User, doc: Document, expected_lock: int | None, comment: str) -> None:
    """The office records that the issued copy carries the marking although the parser found none in
    the file (e.g. the 附注 is printed by the print shop); the reason stays in the audit trail."""
    guard(actor, doc, "attest_marking", expected_lock)
    parsed = doc.current_version.elements or {}
    if parsed.get("marking") is not None:
        raise Refusal("文件中已识别到公开标注，无需另行确认。")
    comment = _comment(comment, "确认理由")
    _decide(session, actor, doc, DecisionKind.ATTEST_MARKING, comment=comment)
    _move(session, actor, doc, doc.state, "attest_marking", comment=comment,
          marking=office_marking(session, doc.attribute))


def set_validity(session: Session, actor: User, doc: Document, expected_lock: int | None, validity: Validity) -> None:
    guard(actor, doc, "set_validity", expected_lock)
    before = doc.validity
    doc.validity = validity
    session.flush()
    audit.append(session, actor_id=actor.id, action="document.set_validity", document_id=doc.id,
                 before={"validity": before}, after={"validity": validity})
