"""What waits for each user (DESIGN §3): one query per list, counts for the navigation."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from .enums import DocState, Role
from .models import Document, ReReview, TaskState, User
from .models._types import utcnow

#: Drafts are listed in the drafter's inbox but are not "waiting" for the badge.
DRAFTS = "草稿"


#: A re-review task open longer than this many days is overdue (config REREVIEW_OVERDUE_DAYS).
OVERDUE_DAYS = 30


def _under_rereview(*conditions) -> sa.ColumnElement[bool]:
    return sa.exists().where(ReReview.open_document_id == Document.id, *conditions)


def _rereview_lists(user: User, today: dt.date | None, overdue_days: int) -> list[tuple[str, sa.ColumnElement[bool]]]:
    """定期审查 (DESIGN §6): open tasks for reviewers (overdue ones apart), opinions asked of a section head."""
    cutoff = (today or utcnow().date()) - dt.timedelta(days=overdue_days)
    if user.role is Role.REVIEWER:
        return [(f"定期审查已逾期（开启超过{overdue_days}天）", _under_rereview(ReReview.opened_on < cutoff)),
                ("定期审查待决定", _under_rereview(ReReview.state == TaskState.OPEN, ReReview.opened_on >= cutoff))]
    if user.role is Role.SECTION_HEAD:
        return [("定期审查：办公室征求本科室意见", (Document.section_id == user.section_id)
                 & _under_rereview(ReReview.state == TaskState.AWAITING_OPINION))]
    return []


def _lists(user: User, today: dt.date | None = None,
           overdue_days: int = OVERDUE_DAYS) -> list[tuple[str, sa.ColumnElement[bool]]]:
    """Per role: (heading, condition on Document) — the lists a user's inbox shows."""
    return _document_lists(user) + _rereview_lists(user, today, overdue_days)


def _document_lists(user: User) -> list[tuple[str, sa.ColumnElement[bool]]]:
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
                ("审核通过待发文", Document.state == DocState.APPROVED)]
    if user.role is Role.SIGNATORY:
        return [("属性争议待裁定", Document.state == DocState.DISPUTED),
                ("上级文件主动公开、拟不予公开，待签发人意见",
                 (Document.state == DocState.OFFICE_REVIEW) & Document.has_block)]
    return []


def inbox(session: Session, user: User, limit: int = 50, today: dt.date | None = None,
          overdue_days: int = OVERDUE_DAYS) -> list[tuple[str, int, list[Document]]]:
    """(heading, total, first ``limit`` documents oldest first) for each of the user's lists."""
    out = []
    for heading, condition in _lists(user, today, overdue_days):
        total = session.scalar(sa.select(sa.func.count(Document.id)).where(condition))
        docs = session.scalars(sa.select(Document).where(condition).options(selectinload(Document.section))
                               .order_by(Document.submitted_at, Document.id).limit(limit)).all()
        out.append((heading, total, docs))
    return out


def waiting_count(session: Session, user: User) -> int:
    """The number shown beside 待办 in the navigation (drafts are not counted as waiting)."""
    lists = [c for heading, c in _lists(user) if heading != DRAFTS]
    if not lists:
        return 0
    # count(*) over indexed columns: the database can answer from the index alone.
    return session.scalar(sa.select(sa.func.count()).select_from(Document).where(sa.or_(*lists)))
