"""The re-review queue (定期审查队列) and what the pages around a task read. No Flask here.

A queue page costs three statements whatever the filter: the sections, one GROUP BY over the open
tasks (every facet count and the total come from it), and one page of rows. The open tasks are
read from ``ix_re_review_queue`` (state, opened_on, id, trigger, section_id, reason_code), so the
counts are answered from the index alone.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .enums import Attribute, Trigger
from .models import AttributeDecision, Document, ReasonCode, ReReview, Section, TaskState
from .queue import _int, _member

PAGE_SIZE = 50
OPEN_STATES = (TaskState.OPEN, TaskState.AWAITING_OPINION)
NO_REASON = "none"


@dataclass(frozen=True)
class TaskFilter:
    trigger: Trigger | None = None
    section_id: int | None = None
    reason_code: str | None = None
    overdue: bool = False
    page: int = 1

    @classmethod
    def from_args(cls, args: Mapping) -> TaskFilter:
        section_id, page = _int(args.get("section")), _int(args.get("page"))
        reason = str(args.get("reason") or "").strip()[:32] or None
        return cls(trigger=_member(Trigger, args.get("trigger")),
                   section_id=section_id if section_id and section_id > 0 else None,
                   reason_code=reason, overdue=args.get("overdue") == "1",
                   page=page if page and page > 0 else 1)

    def replace(self, **changes) -> TaskFilter:
        return dataclasses.replace(self, **changes)

    def to_args(self, **changes) -> dict:
        f = self.replace(**changes)
        args = {"trigger": f.trigger and f.trigger.value, "section": f.section_id, "reason": f.reason_code,
                "overdue": "1" if f.overdue else None, "page": f.page if f.page != 1 else None}
        return {k: v for k, v in args.items() if v}


@dataclass(frozen=True)
class TaskRow:
    id: int
    document_id: int
    trigger: Trigger
    state: TaskState
    opened_on: dt.date
    due_on: dt.date | None
    title: str
    doc_number: str | None
    attribute: Attribute | None
    section_name: str
    reason_label: str | None
    overdue: bool


@dataclass(frozen=True)
class TaskPage:
    filter: TaskFilter
    rows: list[TaskRow]
    total: int
    page: int
    pages: int
    counts: dict[str, dict]
    sections: list[tuple[int, str]]
    reasons: list[tuple[str, str]]
    overdue_days: int


def overdue_cutoff(today: dt.date, overdue_days: int) -> dt.date:
    """A task opened before this date is overdue."""
    return today - dt.timedelta(days=overdue_days)


def _open():
    return ReReview.state.in_(OPEN_STATES)


def _conditions(filt: TaskFilter, cutoff: dt.date) -> list:
    conditions = [_open()]
    if filt.trigger:
        conditions.append(ReReview.trigger == filt.trigger)
    if filt.section_id:
        conditions.append(ReReview.section_id == filt.section_id)
    if filt.reason_code == NO_REASON:
        conditions.append(ReReview.reason_code.is_(None))
    elif filt.reason_code:
        conditions.append(ReReview.reason_code == filt.reason_code)
    if filt.overdue:
        conditions.append(ReReview.opened_on < cutoff)
    return conditions


def cube_query(cutoff: dt.date) -> sa.Select:
    """Open tasks counted per (trigger, section, reason, overdue)."""
    late = sa.case((ReReview.opened_on < cutoff, 1), else_=0).label("late")
    inner = sa.select(ReReview.trigger, ReReview.section_id, ReReview.reason_code, late).where(_open()).subquery()
    keys = (inner.c.trigger, inner.c.section_id, inner.c.reason_code, inner.c.late)
    return sa.select(*keys, sa.func.count().label("n")).group_by(*keys)


def rows_query(filt: TaskFilter, cutoff: dt.date) -> sa.Select:
    return (
        sa.select(ReReview.id, ReReview.document_id, ReReview.trigger, ReReview.state, ReReview.opened_on,
                  ReReview.due_on, Document.title, Document.doc_number, Document.attribute,
                  Section.name.label("section_name"), ReasonCode.label.label("reason_label"))
        .join(Document, Document.id == ReReview.document_id)
        .join(Section, Section.id == ReReview.section_id)
        .outerjoin(ReasonCode, ReasonCode.code == ReReview.reason_code)
        .where(*_conditions(filt, cutoff))
        .order_by(ReReview.opened_on, ReReview.id)
        .limit(PAGE_SIZE).offset((filt.page - 1) * PAGE_SIZE)
    )


def _counts(cube, filt: TaskFilter) -> tuple[int, dict[str, dict]]:
    """Total, and per facet the count each option would show given the other filters."""
    counts: dict[str, dict] = {"trigger": {}, "section": {}, "reason": {}, "overdue": {}}
    total = 0
    for trigger, section_id, reason, late, n in cube:
        reason = reason or NO_REASON
        passes = {"trigger": not filt.trigger or trigger == filt.trigger,
                  "section": not filt.section_id or section_id == filt.section_id,
                  "reason": not filt.reason_code or reason == filt.reason_code,
                  "overdue": not filt.overdue or bool(late)}
        keys = {"trigger": trigger.value, "section": section_id, "reason": reason, "overdue": bool(late)}
        if all(passes.values()):
            total += n
        for facet in counts:
            if all(ok for other, ok in passes.items() if other != facet):
                options = counts[facet]
                options[None] = options.get(None, 0) + n
                options[keys[facet]] = options.get(keys[facet], 0) + n
    return total, counts


def task_queue(session: Session, filt: TaskFilter, today: dt.date, overdue_days: int) -> TaskPage:
    conn = session.connection()
    cutoff = overdue_cutoff(today, overdue_days)
    sections = [(r.id, r.name) for r in conn.execute(sa.select(Section.id, Section.name).order_by(Section.name))]
    reasons = [(r.code, r.label) for r in conn.execute(
        sa.select(ReasonCode.code, ReasonCode.label).order_by(ReasonCode.position))]
    total, counts = _counts(conn.execute(cube_query(cutoff)), filt)
    pages = max(1, math.ceil(total / PAGE_SIZE))
    filt = filt.replace(page=min(filt.page, pages))
    rows = [TaskRow(**r._asdict(), overdue=r.opened_on < cutoff) for r in conn.execute(rows_query(filt, cutoff))]
    return TaskPage(filt, rows, total, filt.page, pages, counts, sections, reasons, overdue_days)


# --- around one document ----------------------------------------------------------------------------


def history(session: Session, document_id: int) -> list[AttributeDecision]:
    """The document's attribute decisions, oldest first."""
    return list(session.scalars(sa.select(AttributeDecision).where(AttributeDecision.document_id == document_id)
                                .order_by(AttributeDecision.id)))


def tasks_of(session: Session, document_id: int) -> list[ReReview]:
    return list(session.scalars(sa.select(ReReview).where(ReReview.document_id == document_id)
                                .order_by(ReReview.id)))


def open_task(session: Session, document_id: int) -> ReReview | None:
    return session.scalar(sa.select(ReReview).where(ReReview.open_document_id == document_id))


@dataclass(frozen=True)
class SectionRow:
    task_id: int
    document_id: int
    title: str
    doc_number: str | None
    trigger: Trigger
    state: TaskState
    opened_on: dt.date
    outcome_label: str | None
    attribute_after: Attribute | None
    effective_on: dt.date | None


def section_tasks(session: Session, section_id: int, limit: int | None = 200) -> list[SectionRow]:
    """The section's documents under re-review and the outcomes, newest first (one statement)."""
    rows = session.execute(
        sa.select(ReReview.id, ReReview.document_id, Document.title, Document.doc_number, ReReview.trigger,
                  ReReview.state, ReReview.opened_on, AttributeDecision.outcome, AttributeDecision.attribute_after,
                  AttributeDecision.effective_on)
        .join(Document, Document.id == ReReview.document_id)
        .outerjoin(AttributeDecision, AttributeDecision.rereview_id == ReReview.id)
        .where(ReReview.section_id == section_id)
        .order_by(ReReview.opened_on.desc(), ReReview.id.desc()).limit(limit))
    return [SectionRow(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7].label if r[7] else None, r[8], r[9])
            for r in rows]
