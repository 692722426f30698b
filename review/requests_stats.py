"""Read-only figures about requests that other parts read: the re-review job's 第四十四条 trigger
(several requesters asked for the same document) and the document page's "近12个月被申请 N 次"."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .models import DisclosureRequest, RequestedDocument

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
    month = today.month - 1 - months
    year, month = today.year + month // 12, month % 12 + 1
    for day in (today.day, 30, 29, 28):
        try:
            return dt.date(year, month, day) + dt.timedelta(days=1)
        except ValueError:
            continue
    raise AssertionError("unreachable")
