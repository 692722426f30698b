"""操作日志 for the auditor: the hash-chained events filtered by who, document, action and date range,
a page at a time (a count and one select per page)."""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .models import AuditEvent, Document

PER_PAGE = 50


@dataclass(frozen=True)
class LogFilter:
    actor_id: int | None = None
    #: A document's id, or its 发文字号 exactly.
    document: str | None = None
    action: str | None = None
    #: Office-local calendar days, inclusive.
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass
class LogPage:
    rows: list[AuditEvent]
    total: int
    page: int
    pages: int


def _utc(day: dt.date, zone: str) -> dt.datetime:
    """The office's local midnight starting ``day`` as the naive UTC value the column keeps."""
    return dt.datetime.combine(day, dt.time(), ZoneInfo(zone)).astimezone(dt.UTC).replace(tzinfo=None)


def conditions(f: LogFilter, zone: str) -> list:
    where = []
    if f.actor_id is not None:
        where.append(AuditEvent.actor_id == f.actor_id)
    if f.document:
        term = f.document.strip()
        if term.isdigit():
            where.append(AuditEvent.document_id == int(term))
        else:
            where.append(AuditEvent.document_id.in_(sa.select(Document.id).where(Document.doc_number == term)))
    if f.action:
        where.append(AuditEvent.action == f.action)
    if f.start:
        where.append(AuditEvent.created_at >= _utc(f.start, zone))
    if f.end:
        where.append(AuditEvent.created_at < _utc(f.end + dt.timedelta(days=1), zone))
    return where


def log_page(session: Session, f: LogFilter, page: int = 1, zone: str = "Asia/Shanghai",
             per_page: int = PER_PAGE) -> LogPage:
    """Newest first."""
    where = conditions(f, zone)
    total = session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(*where))
    pages = max(1, math.ceil(total / per_page))
    page = min(max(page, 1), pages)
    rows = list(session.scalars(sa.select(AuditEvent).where(*where).order_by(AuditEvent.id.desc())
                                .offset((page - 1) * per_page).limit(per_page)))
    return LogPage(rows, total, page, pages)
