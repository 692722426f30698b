"""Read-only queries for the request pages and the inbox: the registry with its filters and flags."""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from . import deadlines
from .models import DisclosureRequest, RequestedDocument
from .request_enums import RequesterType, RequestState
from .workdays import Calendar

LIMIT = 200

STATES = [("open", "未答复"), ("answered", "已答复"), ("all", "全部")]
FLAGS = [("", "全部期限"), ("overdue", "已逾期"), ("soon", "5个工作日内到期")]


@dataclass(frozen=True)
class RegistryFilter:
    state: str = "open"
    flag: str = ""
    requester_type: str = ""
    year: int | None = None
    q: str = ""

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> RegistryFilter:
        state = args.get("state", "open")
        flag = args.get("flag", "")
        rtype = args.get("type", "")
        try:
            year = int(args.get("year") or 0) or None
        except ValueError:
            year = None
        return cls(state if state in dict(STATES) else "open", flag if flag in dict(FLAGS) else "",
                   rtype if rtype in {t.value for t in RequesterType} else "", year,
                   (args.get("q") or "").strip()[:100])


@dataclass(frozen=True)
class Row:
    request: DisclosureRequest
    status: deadlines.Status
    #: Years the due date crosses whose holiday schedule is not known.
    uncovered: frozenset[int]


def _unanswered():
    return DisclosureRequest.state != RequestState.ANSWERED


def overdue_condition(today: dt.date):
    return _unanswered() & (DisclosureRequest.due_on < today)


def soon_condition(today: dt.date, calendar: Calendar):
    return _unanswered() & DisclosureRequest.due_on.between(today, deadlines.soon_threshold(today, calendar))


def registry(session: Session, filt: RegistryFilter, today: dt.date, calendar: Calendar,
             limit: int | None = LIMIT) -> tuple[list[Row], int]:
    """(rows, total matching) for the registry page; the .xlsx export asks for every row (``limit=None``)."""
    conditions = []
    if filt.state == "open":
        conditions.append(_unanswered())
    elif filt.state == "answered":
        conditions.append(DisclosureRequest.state == RequestState.ANSWERED)
    if filt.flag == "overdue":
        conditions.append(overdue_condition(today))
    elif filt.flag == "soon":
        conditions.append(soon_condition(today, calendar))
    if filt.requester_type:
        conditions.append(DisclosureRequest.requester_type == RequesterType(filt.requester_type))
    if filt.year:
        conditions.append(DisclosureRequest.year == filt.year)
    if filt.q:
        cited = sa.select(RequestedDocument.id).where(RequestedDocument.request_id == DisclosureRequest.id,
                                                      RequestedDocument.cited.icontains(filt.q, autoescape=True))
        conditions.append(sa.or_(DisclosureRequest.requester_name.icontains(filt.q, autoescape=True),
                                 DisclosureRequest.text.icontains(filt.q, autoescape=True), cited.exists()))
    where = sa.and_(sa.true(), *conditions)
    total = session.scalar(sa.select(sa.func.count(DisclosureRequest.id)).where(where))
    answered_last = sa.case((DisclosureRequest.state == RequestState.ANSWERED, 1), else_=0)
    requests = session.scalars(
        sa.select(DisclosureRequest).where(where).options(selectinload(DisclosureRequest.items))
        .order_by(answered_last, DisclosureRequest.due_on.is_(None), DisclosureRequest.due_on,
                  DisclosureRequest.id.desc()).limit(limit)
    ).all()
    return [row_of(r, today, calendar) for r in requests], total


def row_of(req: DisclosureRequest, today: dt.date, calendar: Calendar) -> Row:
    answered = req.state is RequestState.ANSWERED
    status = deadlines.status(req.due_on, today, calendar, answered)
    end = req.due_on or today
    return Row(req, status, frozenset() if answered else calendar.uncovered_between(req.received_on, end))


def attention(session: Session, today: dt.date, calendar: Calendar,
              limit: int = 50) -> list[tuple[str, int, list[Row]]]:
    """The request officer's inbox lists: overdue, then due within 5 working days."""
    out = []
    for heading, condition in (("政府信息公开申请已逾期", overdue_condition(today)),
                               ("政府信息公开申请5个工作日内到期", soon_condition(today, calendar))):
        total = session.scalar(sa.select(sa.func.count(DisclosureRequest.id)).where(condition))
        rows = session.scalars(sa.select(DisclosureRequest).where(condition)
                               .order_by(DisclosureRequest.due_on, DisclosureRequest.id).limit(limit)).all()
        out.append((heading, total, [row_of(r, today, calendar) for r in rows]))
    return out


def attention_count(session: Session, today: dt.date, calendar: Calendar) -> int:
    condition = overdue_condition(today) | soon_condition(today, calendar)
    return session.scalar(sa.select(sa.func.count(DisclosureRequest.id)).where(condition))
