"""Read-only figures about requests that other parts read: the re-review job's 第四十四条 trigger
(several requesters asked for the same document) and the document page's "近12个月被申请 N 次"."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .clock import add_months
from .models import DisclosureRequest, RequestedDocument
from .request_enums import Outcome, RequesterType

WINDOW_MONTHS = 12


def distinct_requesters(session: Session, document_ids: Iterable[int] | None, since: dt.date) -> dict[int, int]:
    """document_id → number of distinct requesters (by folded name) whose request for it was received on
    or after ``since``. ``document_ids`` None means every requested document; documents nobody asked
    for are absent from the result. One aggregate query."""
    requesters = sa.func.count(sa.distinct(DisclosureRequest.requester_key))
    query = (sa.select(RequestedDocument.document_id, requesters)
             .join(DisclosureRequest, DisclosureRequest.id == RequestedDocument.request_id)
             .where(RequestedDocument.document_id.is_not(None), DisclosureRequest.received_on >= since)
             .group_by(RequestedDocument.document_id))
    if document_ids is not None:
        ids = list(document_ids)
        if not ids:
            return {}
        query = query.where(RequestedDocument.document_id.in_(ids))
    return {doc_id: count for doc_id, count in session.execute(query)}


def documents_requested_by_at_least(session: Session, threshold: int, since: dt.date) -> list[int]:
    """Ids of documents asked for by ``threshold`` or more distinct requesters since ``since`` (in SQL)."""
    requesters = sa.func.count(sa.distinct(DisclosureRequest.requester_key))
    query = (sa.select(RequestedDocument.document_id)
             .join(DisclosureRequest, DisclosureRequest.id == RequestedDocument.request_id)
             .where(RequestedDocument.document_id.is_not(None), DisclosureRequest.received_on >= since)
             .group_by(RequestedDocument.document_id).having(requesters >= threshold)
             .order_by(RequestedDocument.document_id))
    return list(session.scalars(query))


def window_start(today: dt.date, months: int = WINDOW_MONTHS) -> dt.date:
    """The first day of the rolling window ending ``today`` (2026-12-01 → 2025-12-02 for 12 months)."""
    return add_months(today, -months) + dt.timedelta(days=1)


@dataclass
class Table3:
    """The yearly report's table 3 (国办公开办函〔2021〕30号) for ``year``: counts per requester type.

    一 new requests received; 二 carried over from last year; 三 answered this year, per outcome;
    四 carried over to next year. The report's cross-check is 一 + 二 = 三 + 四 in every column.
    """

    year: int
    received: dict[RequesterType, int] = field(default_factory=dict)
    carried_in: dict[RequesterType, int] = field(default_factory=dict)
    answered: dict[Outcome, dict[RequesterType, int]] = field(default_factory=dict)
    carried_out: dict[RequesterType, int] = field(default_factory=dict)

    def answered_total(self, kind: RequesterType) -> int:
        return sum(row.get(kind, 0) for row in self.answered.values())

    def balanced(self) -> bool:
        return all(self.received.get(k, 0) + self.carried_in.get(k, 0)
                   == self.answered_total(k) + self.carried_out.get(k, 0) for k in RequesterType)


def table3(session: Session, year: int) -> Table3:
    """Four aggregate queries grouped by requester type (and outcome)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    R = DisclosureRequest

    def by_type(*conditions) -> dict[RequesterType, int]:
        rows = session.execute(sa.select(R.requester_type, sa.func.count(R.id)).where(*conditions)
                               .group_by(R.requester_type))
        return {kind: n for kind, n in rows}

    def unanswered_at(day: dt.date):
        return sa.or_(R.answered_on.is_(None), R.answered_on > day)

    table = Table3(
        year,
        received=by_type(R.received_on.between(start, end)),
        carried_in=by_type(R.received_on < start, unanswered_at(start - dt.timedelta(days=1))),
        carried_out=by_type(R.received_on <= end, unanswered_at(end)),
    )
    rows = session.execute(sa.select(R.outcome, R.requester_type, sa.func.count(R.id))
                           .where(R.answered_on.between(start, end)).group_by(R.outcome, R.requester_type))
    for outcome, kind, n in rows:
        table.answered.setdefault(outcome, {})[kind] = n
    return table


def requests_about(session: Session, document_id: int) -> list:
    """The registered requests that asked for this document, newest first (the re-review task shows them)."""
    return list(session.scalars(
        sa.select(DisclosureRequest).join(RequestedDocument, RequestedDocument.request_id == DisclosureRequest.id)
        .where(RequestedDocument.document_id == document_id)
        .order_by(DisclosureRequest.received_on.desc(), DisclosureRequest.id.desc())))
