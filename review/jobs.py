"""The re-review sweep (DESIGN §6): open a ReReview task for each restricted, issued document a
trigger names. The job only prompts a decision; it never changes an attribute.

Set-based: for each chunk of document ids, one ``INSERT … SELECT … ON CONFLICT DO NOTHING`` per
trigger, one count of documents already under review, one audit event, one commit and one progress
line. Idempotent by constraint: ``re_review.open_document_id`` is unique (a document has at most
one open task) and ``(document_id, sweep_year)`` is unique, so a second run — or a concurrent one,
or a rerun after a kill — opens nothing twice. Concurrent runs also take turns chunk by chunk (the
SQLite write lock; a PostgreSQL advisory lock), so they never deadlock on each other's rows.
"""
from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, aliased

from . import audit
from .enums import Attribute, DocState, Trigger
from .models import (
    AttributeDecision,
    DisclosureRequest,
    Document,
    RequestedDocument,
    ReReview,
    TaskState,
    UpstreamNotice,
)

CHUNK = 20_000
#: Documents whose reason is third-party rights are never proposed for active disclosure because
#: people asked for them: personal or commercial information (条例 第十五条; DESIGN §6).
THIRD_PARTY = "third_party"
#: Arbitrary constant naming the PostgreSQL advisory lock concurrent runs take per chunk.
_JOB_LOCK = 7_305_002
#: The order in which triggers claim a document that several of them name (the most specific first).
ORDER = (Trigger.UPSTREAM_ACTIVE, Trigger.REQUESTS, Trigger.DUE, Trigger.ANNUAL_SWEEP)
RESTRICTED = (Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE)


@dataclass(frozen=True)
class JobSettings:
    today: dt.date
    sweep_year: int | None = None
    #: 条例 第四十四条: this many different requesters within the window (DESIGN §6 default 3 in 12 months).
    request_threshold: int = 3
    request_window_days: int = 365
    chunk: int = CHUNK


def office_job_settings(session: Session, today: dt.date, **options) -> JobSettings:
    """The job's settings as the office set them (管理 → 办公室设置): the request trigger's threshold
    and its window in months, counted back from ``today``."""
    from .office_settings import setting
    from .requests_stats import window_start  # the same window the document page counts in

    months = int(setting(session, "request_window_months"))
    return JobSettings(today=today, request_threshold=int(setting(session, "request_threshold")),
                       request_window_days=(today - window_start(today, months)).days, **options)


@dataclass
class JobReport:
    opened: dict[Trigger, int] = field(default_factory=lambda: dict.fromkeys(Trigger, 0))
    already_open: int = 0
    chunks: int = 0

    @property
    def total(self) -> int:
        return sum(self.opened.values())

    def summary(self) -> str:
        o = self.opened
        return (f"opened {self.total} (due {o[Trigger.DUE]}, upstream {o[Trigger.UPSTREAM_ACTIVE]}, "
                f"requests {o[Trigger.REQUESTS]}, sweep {o[Trigger.ANNUAL_SWEEP]}); already open {self.already_open}")


def requested_document_ids(session: Session, since: dt.date, threshold: int) -> sa.Select:
    """Ids of documents that at least ``threshold`` different requesters asked for in requests
    received on or after ``since`` (条例 第四十四条), from the request registry. The job adds
    everything else (restricted, issued, never third_party, once per window)."""
    requesters = sa.func.count(sa.distinct(DisclosureRequest.requester_key))
    return (sa.select(RequestedDocument.document_id)
            .join(DisclosureRequest, DisclosureRequest.id == RequestedDocument.request_id)
            .where(RequestedDocument.document_id.is_not(None), DisclosureRequest.received_on >= since)
            .group_by(RequestedDocument.document_id).having(requesters >= threshold))


def unanswered_request_count(session: Session, document_id: int) -> int:
    """Requests about this document not yet answered; a re-review is not decided mid-way while one
    is open (DESIGN §6)."""
    return session.scalar(
        sa.select(sa.func.count(sa.distinct(DisclosureRequest.id)))
        .join(RequestedDocument, RequestedDocument.request_id == DisclosureRequest.id)
        .where(RequestedDocument.document_id == document_id, DisclosureRequest.answered_on.is_(None))
    ) or 0


# --- conditions -----------------------------------------------------------------------------------


def _settled_at(doc) -> sa.ColumnElement:
    """When the document's attribute was last settled: its latest recorded decision, else its issue."""
    latest = (sa.select(sa.func.max(AttributeDecision.created_at))
              .where(AttributeDecision.document_id == doc.id).correlate(doc).scalar_subquery())
    return sa.func.coalesce(latest, doc.issued_at)


def _upstream_became_active(doc) -> sa.ColumnElement:
    """The upstream in our register became active after this document's attribute was settled, or a
    reviewer recorded since then that an outside upstream is now public."""
    up = aliased(Document, name="upstream")
    converted = (sa.select(sa.func.max(AttributeDecision.created_at))
                 .where(AttributeDecision.document_id == up.id,
                        AttributeDecision.attribute_after == Attribute.ACTIVE).scalar_subquery())
    in_register = (sa.select(up.id).where(
        up.doc_number == doc.upstream_number, up.state == DocState.ISSUED, up.attribute == Attribute.ACTIVE,
        sa.func.coalesce(converted, up.issued_at) > _settled_at(doc)).exists())
    recorded = (sa.select(UpstreamNotice.id).where(
        UpstreamNotice.document_id == doc.id, UpstreamNotice.recorded_at > _settled_at(doc)).exists())
    # The cheap, uncorrelated test first: most documents cite no upstream and have no notice.
    has_notice = doc.id.in_(sa.select(UpstreamNotice.document_id))
    return sa.or_(sa.and_(doc.upstream_number.is_not(None), in_register), sa.and_(has_notice, recorded))


def _requested(session: Session, doc, settings: JobSettings) -> sa.ColumnElement:
    since = settings.today - dt.timedelta(days=settings.request_window_days)
    earlier = sa.select(ReReview.id).where(ReReview.document_id == doc.id, ReReview.trigger == Trigger.REQUESTS,
                                           ReReview.opened_on >= since).exists()
    return sa.and_(doc.id.in_(requested_document_ids(session, since, settings.request_threshold)),
                   sa.or_(doc.reason_code.is_(None), doc.reason_code != THIRD_PARTY),
                   sa.not_(earlier))


def _swept(doc, year: int) -> sa.ColumnElement:
    done = sa.select(ReReview.id).where(ReReview.document_id == doc.id, ReReview.sweep_year == year).exists()
    return sa.and_(doc.signed_on <= dt.date(year, 12, 31), sa.not_(done))


def trigger_conditions(session: Session, settings: JobSettings, doc=Document) -> list[tuple[Trigger, sa.ColumnElement]]:
    """(trigger, condition on ``doc``) in claiming order; the sweep only when a year is given."""
    conditions = {
        Trigger.UPSTREAM_ACTIVE: _upstream_became_active(doc),
        Trigger.REQUESTS: _requested(session, doc, settings),
        Trigger.DUE: doc.next_review_on <= settings.today,
    }
    if settings.sweep_year is not None:
        conditions[Trigger.ANNUAL_SWEEP] = _swept(doc, settings.sweep_year)
    return [(t, conditions[t]) for t in ORDER if t in conditions]


def restricted_issued(doc=Document) -> list[sa.ColumnElement]:
    return [doc.state == DocState.ISSUED, doc.attribute.in_(RESTRICTED)]


def _has_open_task(doc, bounds) -> sa.ColumnElement:
    """An open task on ``doc``; bounded to the chunk's ids so the planner reads only that slice of the
    unique index (an unbounded anti-join hashed every open task once per chunk)."""
    return sa.select(ReReview.id).where(ReReview.open_document_id == doc.id,
                                        ReReview.open_document_id.between(*bounds)).exists()


def due_documents(today: dt.date) -> sa.Select:
    """The bare SQL of the due trigger (bench/rereview.py compares the job with it)."""
    return sa.select(Document.id).where(*restricted_issued(), Document.next_review_on <= today)


# --- the run --------------------------------------------------------------------------------------


def _insert(session: Session):
    dialect = session.get_bind().dialect.name
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(ReReview)


_COLUMNS = ("document_id", "open_document_id", "trigger", "state", "section_id", "reason_code", "due_on",
            "sweep_year", "opened_on", "opened_at", "run_id", "lock_version", "opinion_question", "opinion_text")


def _open_tasks(session: Session, trigger: Trigger, condition, bounds, settings: JobSettings, run_id: str,
                opened_at: dt.datetime) -> int:
    d = Document
    year = settings.sweep_year if trigger is Trigger.ANNUAL_SWEEP else None
    rows = sa.select(
        d.id, d.id, sa.literal(trigger.value), sa.literal(TaskState.OPEN.value), d.section_id, d.reason_code,
        d.next_review_on, sa.literal(year, sa.Integer), sa.literal(settings.today, sa.Date),
        sa.literal(opened_at, sa.DateTime), sa.literal(run_id), sa.literal(1), sa.literal(""), sa.literal(""),
    ).where(*restricted_issued(), d.id.between(*bounds), condition, sa.not_(_has_open_task(d, bounds)))
    statement = _insert(session).from_select(_COLUMNS, rows).on_conflict_do_nothing()
    # SQLAlchemy keeps an INSERT's rowcount only when asked (it reported -1 on PostgreSQL otherwise).
    return session.connection().execute(statement.execution_options(preserve_rowcount=True)).rowcount


def _already_open(session: Session, bounds, run_id: str) -> int:
    """Documents of the chunk already under review before this run reached them (read from the
    unique index on open_document_id, not by evaluating the triggers a second time)."""
    return session.scalar(sa.select(sa.func.count()).select_from(ReReview).where(
        ReReview.open_document_id.between(*bounds), sa.or_(ReReview.run_id.is_(None), ReReview.run_id != run_id)))


def _chunks(session: Session, size: int):
    """Inclusive id ranges covering every document (min and max of the primary key cost nothing;
    each chunk's statements select the restricted, issued ones)."""
    low, high = session.execute(sa.select(sa.func.min(Document.id), sa.func.max(Document.id))).one()
    session.rollback()  # end the read: each chunk is its own write transaction
    if low is None:
        return
    for start in range(low, high + 1, size):
        yield start, min(start + size - 1, high)


def run(session: Session, settings: JobSettings, now: dt.datetime, progress: Callable[[str], None] = lambda _: None,
        pause: float = 0.0) -> JobReport:
    """Open the tasks the triggers name, committing chunk by chunk (the job is the edge that commits).

    ``now`` (aware) stamps the tasks; ``settings.today`` is the office's date the triggers compare with.
    ``pause`` waits after each chunk (tests use it to kill a run half-way)."""
    run_id = uuid.uuid4().hex
    opened_at = now.astimezone(dt.UTC).replace(tzinfo=None)
    report = JobReport()
    ranges = list(_chunks(session, settings.chunk))
    for number, bounds in enumerate(ranges, 1):
        if session.get_bind().dialect.name == "postgresql":
            session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _JOB_LOCK})
        conditions = trigger_conditions(session, settings)
        opened = {t: _open_tasks(session, t, c, bounds, settings, run_id, opened_at) for t, c in conditions}
        already = _already_open(session, bounds, run_id)
        if any(opened.values()):
            audit.append(session, actor_id=None, action="rereview.open",
                         run=run_id, ids=list(bounds), today=settings.today,
                         opened={t.value: n for t, n in opened.items() if n})
        session.commit()
        for t, n in opened.items():
            report.opened[t] += n
        report.already_open += already
        report.chunks = number
        progress(f"chunk {number}/{len(ranges)} ids {bounds[0]}-{bounds[1]}: opened {sum(opened.values())}, "
                 f"already open {already}")
        if pause:
            time.sleep(pause)
    return report
