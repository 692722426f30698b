"""定期审查 decisions (DESIGN §6): ask the drafting section's opinion, answer it, decide a task, record
that an outside upstream document is now public. Each checks, changes, appends its AuditEvent and
flushes; the view or CLI commits.

``now`` is an aware datetime in the office's time zone (the edge makes it): its date is the
office's date, e.g. the day from which a converted document is public.
"""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .. import audit, jobs
from ..enums import Attribute, DocState, Role
from ..errors import Forbidden, Refusal, SelfReview, StaleVersion
from ..models import (
    AttributeDecision,
    Decision,
    DecisionKind,
    Document,
    Outcome,
    ReasonCode,
    ReReview,
    TaskState,
    UpstreamNotice,
    User,
)

STALE_TASK = "该审查任务已被他人处理或更新，您的操作未生效。请查看最新状态后再操作。"
MAX_TEXT = 4000


def naive_utc(now: dt.datetime) -> dt.datetime:
    return now.astimezone(dt.UTC).replace(tzinfo=None)


def public_note(day: dt.date) -> str:
    """The office's note printed beside a converted document in the public catalogue."""
    return f"经审查，本件自{day.year}年{day.month}月{day.day}日起主动公开"


# --- predicates (pure: they read attributes only; templates use them to show or hide forms) -------


def may_decide(user: User, task: ReReview) -> bool:
    return user.role is Role.REVIEWER and user.id != task.document.drafter_id and task.is_open


def may_answer(user: User, task: ReReview) -> bool:
    return (user.role is Role.SECTION_HEAD and user.section_id == task.document.section_id
            and task.state is TaskState.AWAITING_OPINION)


def outcomes_for(attribute: Attribute) -> list[Outcome]:
    """keep, (non_disclosable only) → on_request, → active."""
    return [o for o in Outcome if o is not Outcome.ON_REQUEST or attribute is Attribute.NON_DISCLOSABLE]


# --- checks ---------------------------------------------------------------------------------------


def _text(value: str | None, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise Refusal(f"请填写{what}。")
    if len(value) > MAX_TEXT:
        raise Refusal(f"{what}不能超过{MAX_TEXT}字。")
    return value


def _lock(task: ReReview, expected_lock: int | None) -> None:
    if expected_lock is None or expected_lock != task.lock_version:
        raise StaleVersion(STALE_TASK)


def open_dispute(session: Session, doc: Document) -> bool:
    """An objection (拟稿人异议) on the document that no signatory ruling has answered yet."""
    kinds = session.scalars(sa.select(Decision.kind).where(
        Decision.document_id == doc.id, Decision.kind.in_([DecisionKind.OBJECT, DecisionKind.RULING]))
        .order_by(Decision.id.desc()).limit(1)).first()
    return doc.state is DocState.DISPUTED or kinds is DecisionKind.OBJECT


def blockers(session: Session, doc: Document) -> list[str]:
    """Why a decision may not be taken now (re-checked inside the deciding transaction)."""
    found = []
    if open_dispute(session, doc):
        found.append("该文件存在尚未裁定的属性争议，裁定前不能作出审查决定。")
    if (n := jobs.unanswered_request_count(session, doc.id)) > 0:
        found.append(f"该文件有 {n} 件尚未答复的政府信息公开申请，答复前不能作出审查决定。")
    return found


def _reason(session: Session, code: str | None, attribute: Attribute) -> ReasonCode:
    reason = session.get(ReasonCode, code) if code else None
    if reason is None or not reason.active:
        raise Refusal("请选择有效的不公开理由。")
    if not reason.fits_attribute(attribute):
        raise Refusal(f"不公开理由“{reason.label}”不适用于{attribute.label}。")
    return reason


# --- operations -----------------------------------------------------------------------------------


def ask_opinion(session: Session, actor: User, task: ReReview, expected_lock: int | None, question: str,
                now: dt.datetime) -> None:
    """The reviewer asks the drafting section for its opinion; the task waits for the answer."""
    if actor.role is not Role.REVIEWER:
        raise Forbidden("只有办公室审核人可以征求起草科室意见。")
    _lock(task, expected_lock)
    if task.state is not TaskState.OPEN:
        raise Refusal("该任务当前不能征求意见（已在等待科室意见或已审查）。")
    task.opinion_question = _text(question, "征求意见的内容")
    task.opinion_requested_by_id, task.opinion_requested_at = actor.id, naive_utc(now)
    task.opinion_text, task.opinion_by_id, task.opinion_at = "", None, None
    task.state = TaskState.AWAITING_OPINION
    session.flush()
    audit.append(session, actor_id=actor.id, action="rereview.ask_opinion", document_id=task.document_id,
                 task=task.id, question=task.opinion_question)


def give_opinion(session: Session, actor: User, task: ReReview, expected_lock: int | None, text: str,
                 now: dt.datetime) -> None:
    """The drafting section's head answers in writing; the task is open for a decision again."""
    if not may_answer(actor, task):
        raise Forbidden("只有起草科室的科室负责人可以答复本科室文件的审查意见征询。")
    _lock(task, expected_lock)
    task.opinion_text = _text(text, "科室意见")
    task.opinion_by_id, task.opinion_at = actor.id, naive_utc(now)
    task.state = TaskState.OPEN
    session.flush()
    audit.append(session, actor_id=actor.id, action="rereview.opinion", document_id=task.document_id,
                 task=task.id, opinion=task.opinion_text)


def decide(session: Session, actor: User, task: ReReview, expected_lock: int | None, outcome: Outcome,
           reason_code: str | None, reason_text: str, next_review_on: dt.date | None,
           now: dt.datetime) -> AttributeDecision:
    """Keep (reason and next review date required), non_disclosable → on_request (the same), or →
    active (published from today, with the office's note; the file is not touched)."""
    doc = task.document
    if actor.role is not Role.REVIEWER:
        raise Forbidden("只有办公室审核人可以作出定期审查决定。")
    if actor.id == doc.drafter_id:
        raise SelfReview("不能审查本人起草的文件（职责分离）。")
    _lock(task, expected_lock)
    if task.state is TaskState.AWAITING_OPINION:
        raise Refusal("已征求起草科室意见，须待科室负责人书面答复后再作决定。")
    if task.state is TaskState.DECIDED:
        raise StaleVersion(STALE_TASK)
    if doc.state is not DocState.ISSUED or not (doc.attribute and doc.attribute.restricted):
        raise Refusal("只有已发文的依申请公开、不予公开文件可以定期审查。")
    if found := blockers(session, doc):
        raise Refusal(found[0])
    if outcome not in outcomes_for(doc.attribute):
        raise Refusal(f"{doc.attribute.label}文件不能作出“{outcome.label}”的决定。")
    today = now.date()
    text = _text(reason_text, "审查理由")
    after = {Outcome.KEEP: doc.attribute, Outcome.ON_REQUEST: Attribute.ON_REQUEST,
             Outcome.ACTIVE: Attribute.ACTIVE}[outcome]
    code = None
    if after.restricted:
        code = _reason(session, reason_code, after).code
        if next_review_on is None:
            raise Refusal("请填写下次审查日期。")
        if next_review_on <= today:
            raise Refusal("下次审查日期须晚于今天。")
    else:
        next_review_on = None
    before = {"attribute": doc.attribute, "reason_code": doc.reason_code, "next_review_on": doc.next_review_on}
    decision = AttributeDecision(
        document_id=doc.id, rereview_id=task.id, trigger=task.trigger, outcome=outcome,
        attribute_before=doc.attribute, attribute_after=after, reason_code=code, reason_text=text,
        actor_id=actor.id, created_at=naive_utc(now), effective_on=today, next_review_on=next_review_on)
    session.add(decision)
    doc.attribute, doc.reason_code, doc.next_review_on = after, code, next_review_on
    if after.restricted:
        doc.reason_text = text
    else:
        doc.published_on = today  # public from the effective date; the issued file stays as it is
    task.state, task.open_document_id, task.closed_at = TaskState.DECIDED, None, naive_utc(now)
    session.flush()
    audit.append(session, actor_id=actor.id, action="rereview.decide", document_id=doc.id,
                 task=task.id, trigger=task.trigger, outcome=outcome, before=before,
                 after={"attribute": after, "reason_code": code, "next_review_on": next_review_on,
                        "effective_on": today}, reason=text)
    return decision


def record_upstream_public(session: Session, actor: User, doc: Document, public_on: dt.date | None, note: str,
                           now: dt.datetime) -> UpstreamNotice:
    """A reviewer records that the upstream document (outside our register) is now public; the
    next run of the job opens a re-review for it (trigger upstream_active)."""
    if actor.role is not Role.REVIEWER:
        raise Forbidden("只有办公室审核人可以登记上级文件已公开。")
    if doc.state is not DocState.ISSUED or not (doc.attribute and doc.attribute.restricted):
        raise Refusal("只有已发文的依申请公开、不予公开文件需要登记上级文件公开情况。")
    if not doc.upstream_number:
        raise Refusal("该文件未填写上级文件字号。")
    if public_on is None or public_on > now.date():
        raise Refusal("请填写上级文件的公开日期（不晚于今天）。")
    notice = UpstreamNotice(document_id=doc.id, public_on=public_on, note=_text(note, "说明（公开的网址或依据）"),
                            recorded_by_id=actor.id, recorded_at=naive_utc(now))
    session.add(notice)
    session.flush()
    audit.append(session, actor_id=actor.id, action="document.upstream_public", document_id=doc.id,
                 upstream=doc.upstream_number, public_on=public_on, note=notice.note)
    return notice
