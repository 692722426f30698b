"""Helpers for the re-review tests: issued documents in bulk, running the job, the office's clock."""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from review import jobs
from review.enums import Attribute, DocState
from review.models import Document, ReReview

ZONE = ZoneInfo("Asia/Shanghai")


def office_now() -> dt.datetime:
    """The real clock in the office's zone: decisions are compared with issued_at, stamped at issue."""
    return dt.datetime.now(ZONE)


def issued_rows(session, section, drafter, n: int, attribute: Attribute = Attribute.NON_DISCLOSABLE,
                next_review_on: dt.date | None = dt.date(2026, 6, 1), reason: str | None = "process_info",
                signed_on: dt.date = dt.date(2025, 6, 1), **extra) -> list[int]:
    """``n`` issued documents as rows (the job reads only document columns), in one INSERT."""
    issued_at = dt.datetime(signed_on.year, signed_on.month, signed_on.day, 2)
    rows = [dict(section_id=section.id, drafter_id=drafter.id, state=DocState.ISSUED, attribute=attribute,
                 reason_code=reason if attribute.restricted else None, title=f"批量文件{i}",
                 signed_on=signed_on, issued_at=issued_at,
                 next_review_on=next_review_on if attribute.restricted else None,
                 published_on=signed_on if not attribute.restricted else None, **extra) for i in range(n)]
    before = session.scalar(sa.select(sa.func.coalesce(sa.func.max(Document.id), 0)))
    session.execute(sa.insert(Document), rows)
    session.commit()
    return list(session.scalars(sa.select(Document.id).where(Document.id > before).order_by(Document.id)))


def run_job(session, today: dt.date, sweep_year: int | None = None, chunk: int = jobs.CHUNK, **settings):
    report = jobs.run(session, jobs.JobSettings(today=today, sweep_year=sweep_year, chunk=chunk, **settings),
                      office_now())
    return report


def open_tasks(session) -> dict[int, str]:
    """document id → trigger of its open task."""
    session.rollback()
    return {d: t.value for d, t in session.execute(
        sa.select(ReReview.document_id, ReReview.trigger).where(ReReview.open_document_id.is_not(None)))}
