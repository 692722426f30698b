"""What waits for each user (DESIGN §3): one query per list, counts for the navigation."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from . import request_queries
from .enums import DocState, Role
from .holidays import load_calendar
from .models import Document, ReReview, SectionSignatory, TaskState, User

#: Drafts are listed in the drafter's inbox but are not "waiting" for the badge.
DRAFTS = "草稿"
#: A re-review task open longer than this many days is overdue (config REREVIEW_OVERDUE_DAYS).
OVERDUE_DAYS = 30


def _task_conditions(user: User, today: dt.date, overdue_days: int) -> list[tuple[str, list]]:
    """定期审查 (DESIGN §6), as conditions on ReReview: open tasks for reviewers (overdue ones apart),
    opinions asked of a section head."""
    cutoff = today - dt.timedelta(days=overdue_days)
    if user.role is Role.REVIEWER:
        return [(f"定期审查已逾期（开启超过{overdue_days}天）",
                 [ReReview.state.in_([TaskState.OPEN, TaskState.AWAITING_OPINION]), ReReview.opened_on < cutoff]),
                ("定期审查待决定", [ReReview.state == TaskState.OPEN, ReReview.opened_on >= cutoff])]
    if user.role is Role.SECTION_HEAD:
        return [("定期审查：办公室征求本科室意见",
                 [ReReview.section_id == user.section_id, ReReview.state == TaskState.AWAITING_OPINION])]
    return []


def _rereview_lists(user: User, today: dt.date, overdue_days: int) -> list[tuple[str, sa.ColumnElement[bool]]]:
    # IN (tasks): the database starts from the few open tasks (ix_re_review_queue), not from every document.
    return [(heading, Document.id.in_(sa.select(ReReview.document_id).where(*conditions)))
            for heading, conditions in _task_conditions(user, today, overdue_days)]


def _lists(user: User, today: dt.date,
           overdue_days: int = OVERDUE_DAYS) -> list[tuple[str, sa.ColumnElement[bool]]]:
    """Per role: (heading, condition on Document) — the lists a user's inbox shows."""
    return _document_lists(user) + _rereview_lists(user, today, overdue_days)


def _document_lists(user: User) -> list[tuple[str, sa.ColumnElement[bool]]]:
    """The workflow's lists; an additional 签发人 of a section also sees that section's documents
    waiting to be signed."""
    lists = _role_lists(user)
    if user.role is not Role.SIGNATORY:
        signing = sa.select(SectionSignatory.section_id).where(SectionSignatory.user_id == user.id)
        lists.append(("本科室文件待签发（您是指定签发人）", (Document.state == DocState.APPROVED)
                      & Document.section_id.in_(signing) & (Document.drafter_id != user.id)))
    return lists


def _role_lists(user: User) -> list[tuple[str, sa.ColumnElement[bool]]]:
    own = Document.drafter_id == user.id
    if user.role is Role.DRAFTER:
        return [("被退回待修改", own & (Document.state == DocState.RETURNED)),
                ("办公室调整了公开属性，待您确认", own & (Document.state == DocState.ATTRIBUTE_CHANGED)),
                (DRAFTS, own & (Document.state == DocState.DRAFT))]
    if user.role is Role.SECTION_HEAD:
        return [("待科室确认", (Document.section_id == user.section_id) & (Document.state == DocState.SUBMITTED)
                 & (Document.drafter_id != user.id))]
    if user.role is Role.REVIEWER:
        return [("待办公室审核", Document.state == DocState.OFFICE_REVIEW),
                ("已签发待发文", Document.state == DocState.SIGNED)]
    if user.role is Role.SIGNATORY:
        return [("审核通过待签发", Document.state == DocState.APPROVED),
                ("属性争议待裁定", Document.state == DocState.DISPUTED),
                ("上级文件主动公开、拟不予公开，待签发人意见",
                 (Document.state == DocState.OFFICE_REVIEW) & Document.has_block)]
    return []


def inbox(session: Session, user: User, today: dt.date, limit: int = 50,
          overdue_days: int = OVERDUE_DAYS) -> list[tuple[str, int, list[Document]]]:
    """(heading, total, first ``limit`` documents oldest first) for each of the user's lists."""
    out = []
    for heading, condition in _lists(user, today, overdue_days):
        total = session.scalar(sa.select(sa.func.count(Document.id)).where(condition))
        docs = session.scalars(sa.select(Document).where(condition).options(selectinload(Document.section))
                               .order_by(Document.submitted_at, Document.id).limit(limit)).all()
        out.append((heading, total, docs))
    return out


def request_attention(session: Session, user: User, today: dt.date) -> list[tuple[str, int, list]]:
    """The request officer's disclosure requests that are overdue or due within 5 working days."""
    if user.role is not Role.REQUEST_OFFICER:
        return []
    return request_queries.attention(session, today, load_calendar(session))


def waiting_count(session: Session, user: User, today: dt.date) -> int:
    """The number shown beside 待办 in the navigation (drafts are not counted as waiting)."""
    if user.role is Role.REQUEST_OFFICER:
        return request_queries.attention_count(session, today, load_calendar(session))
    lists = [c for heading, c in _document_lists(user) if heading != DRAFTS]
    # One statement summing one count per list: each list names a document state, so each count is an
    # index-only scan of that state. A single count over the OR of the lists made PostgreSQL visit the
    # table's pages for every queue document (bench/queue.py: ~40 ms of a reviewer's page at 200,000
    # documents). Each list leaves out the documents of the lists before it, so a document two lists
    # hold is still counted once (coalesce: a NULL condition is "not in that list").
    counts = [
        sa.select(sa.func.count()).select_from(Document)
        .where(condition, *(sa.not_(sa.func.coalesce(earlier, sa.false())) for earlier in lists[:i]))
        .scalar_subquery()
        for i, condition in enumerate(lists)
    ]
    # Re-review tasks concern issued documents, which no document list above holds: counted apart,
    # from the task index.
    tasks = [sa.and_(*conditions) for _, conditions in _task_conditions(user, today, OVERDUE_DAYS)]
    if tasks:
        counts.append(sa.select(sa.func.count()).select_from(ReReview).where(sa.or_(*tasks)).scalar_subquery())
    if not counts:
        return 0
    total = counts[0]
    for count in counts[1:]:
        total = total + count
    return session.scalar(sa.select(total)) or 0
