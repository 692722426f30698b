"""The re-review job (DESIGN §6): each trigger, idempotence by constraint, the summary line."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from review import jobs
from review.enums import Attribute, Trigger
from review.errors import Forbidden
from review.models import AuditEvent, Document, Outcome, ReReview
from review.operations import rereview as rr
from tests.domain.flow import Office
from tests.domain.rereview_flow import issued_rows, office_now, open_tasks, run_job

A, R, N = Attribute.ACTIVE, Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE
TODAY = dt.date(2026, 12, 1)


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def test_due_documents_get_one_task_and_a_second_run_opens_nothing(session, office):
    due = issued_rows(session, office.section, office.drafter, 3, N, next_review_on=dt.date(2026, 11, 30))
    today_due = issued_rows(session, office.section, office.drafter, 1, R, next_review_on=TODAY, reason="specific_use")
    later = issued_rows(session, office.section, office.drafter, 2, N, next_review_on=dt.date(2026, 12, 2))
    issued_rows(session, office.section, office.drafter, 2, A)
    first = run_job(session, TODAY, chunk=2)
    assert first.summary() == "opened 4 (due 4, upstream 0, requests 0, sweep 0); already open 0"
    assert open_tasks(session) == dict.fromkeys(due + today_due, "due")
    task = session.scalar(sa.select(ReReview).where(ReReview.document_id == due[0]))
    assert (task.due_on, task.opened_on, task.section_id, task.reason_code) == (
        dt.date(2026, 11, 30), TODAY, office.section.id, "process_info")
    second = run_job(session, TODAY)
    assert second.summary() == "opened 0 (due 0, upstream 0, requests 0, sweep 0); already open 4"
    assert session.scalar(sa.select(sa.func.count(ReReview.id))) == 4
    assert later[0] not in open_tasks(session)
    # one audit event per chunk that opened something, none for the idle second run
    events = session.scalars(sa.select(AuditEvent.detail).where(AuditEvent.action == "rereview.open")).all()
    assert sum(sum(e["opened"].values()) for e in events) == 4


def test_the_constraint_refuses_a_second_open_task(session, office):
    [doc_id] = issued_rows(session, office.section, office.drafter, 1)
    run_job(session, TODAY)
    extra = ReReview(document_id=doc_id, open_document_id=doc_id, trigger=Trigger.DUE, section_id=office.section.id,
                     opened_on=TODAY)
    session.add(extra)
    with pytest.raises(sa.exc.IntegrityError):
        session.flush()
    session.rollback()


def _decide(session, office, doc_id, outcome, **kw):
    task = session.scalar(sa.select(ReReview).where(ReReview.open_document_id == doc_id))
    decision = rr.decide(session, office.reviewer, task, task.lock_version, outcome, kw.get("reason_code"),
                         kw.get("reason_text", "理由已消失，依法主动公开。"), kw.get("next_review_on"), office_now())
    session.commit()
    return decision


def test_upstream_in_our_register_becoming_active_opens_a_task(session, office):
    upstream = office.issued(N, signed_on=dt.date(2025, 3, 1))
    upstream.next_review_on = dt.date(2026, 1, 1)  # due; the dependent one is not
    session.commit()
    dependent = office.issued(N, signed_on=dt.date(2026, 8, 1), upstream_number=upstream.doc_number,
                              upstream_attribute=N)
    assert dependent.next_review_on > TODAY
    assert run_job(session, TODAY).summary() == "opened 1 (due 1, upstream 0, requests 0, sweep 0); already open 0"
    _decide(session, office, upstream.id, Outcome.ACTIVE)
    report = run_job(session, TODAY)
    assert report.summary() == "opened 1 (due 0, upstream 1, requests 0, sweep 0); already open 0"
    assert open_tasks(session) == {dependent.id: "upstream_active"}
    # kept after the upstream became active: the trigger does not fire again for the same change
    _decide(session, office, dependent.id, Outcome.KEEP, reason_code="process_info", reason_text="仍为过程性信息。",
            next_review_on=dt.date(2027, 6, 1))
    assert run_job(session, TODAY).total == 0


def test_a_reviewer_recording_an_outside_upstream_as_public_opens_a_task(session, office):
    doc = office.issued(R, signed_on=dt.date(2026, 5, 1), upstream_number="国卫办医发〔2026〕3号",
                        upstream_attribute=R)
    assert run_job(session, TODAY).total == 0
    with pytest.raises(Forbidden):
        rr.record_upstream_public(session, office.drafter, doc, dt.date(2026, 11, 1), "网站已公开", office_now())
    session.rollback()
    rr.record_upstream_public(session, office.reviewer, doc, dt.date(2026, 11, 1),
                              "国家卫健委网站2026年11月1日已全文公开。", office_now())
    session.commit()
    assert run_job(session, TODAY).summary() == "opened 1 (due 0, upstream 1, requests 0, sweep 0); already open 0"
    assert open_tasks(session) == {doc.id: "upstream_active"}


def test_requests_trigger_uses_the_registry_function_and_never_third_party(session, office, monkeypatch):
    plain = issued_rows(session, office.section, office.drafter, 2, N, next_review_on=dt.date(2027, 6, 1))
    private = issued_rows(session, office.section, office.drafter, 1, N, next_review_on=dt.date(2027, 6, 1),
                          reason="third_party")
    assert run_job(session, TODAY).total == 0  # the registry is not wired yet: no document qualifies
    asked: list[tuple] = []

    def registry(session, since, threshold):
        asked.append((since, threshold))
        return sa.select(Document.id).where(Document.id.in_([plain[0], *private]))

    monkeypatch.setattr(jobs, "requested_document_ids", registry)
    report = run_job(session, TODAY, request_threshold=5, request_window_days=30)
    assert report.summary() == "opened 1 (due 0, upstream 0, requests 1, sweep 0); already open 0"
    assert open_tasks(session) == {plain[0]: "requests"}
    assert asked[-1] == (TODAY - dt.timedelta(days=30), 5)
    # decided, and asked for again within the window: not reopened
    session.execute(sa.update(ReReview).values(open_document_id=None, state="decided"))
    session.commit()
    assert run_job(session, TODAY, request_window_days=30).total == 0
    assert run_job(session, TODAY + dt.timedelta(days=31), request_window_days=30).opened[Trigger.REQUESTS] == 1


def test_year_sweep_opens_every_restricted_document_once_per_year(session, office):
    old = issued_rows(session, office.section, office.drafter, 3, N, next_review_on=dt.date(2027, 6, 1),
                      signed_on=dt.date(2025, 2, 1))
    issued_rows(session, office.section, office.drafter, 2, R, next_review_on=dt.date(2028, 6, 1),
                signed_on=dt.date(2027, 2, 1), reason="specific_use")  # issued after the audited year
    issued_rows(session, office.section, office.drafter, 2, A)
    due = issued_rows(session, office.section, office.drafter, 1, N, next_review_on=dt.date(2026, 1, 1))
    report = run_job(session, TODAY, sweep_year=2026)
    assert report.summary() == "opened 4 (due 1, upstream 0, requests 0, sweep 3); already open 0"
    assert open_tasks(session) == {**dict.fromkeys(old, "annual_sweep"), due[0]: "due"}
    # once decided, the same year's sweep does not reopen them (unique per document and year)
    session.execute(sa.update(ReReview).values(open_document_id=None, state="decided"))
    session.commit()
    again = run_job(session, TODAY, sweep_year=2026)
    # (the raw update above left the due document's date unchanged, so only it comes back, as due)
    assert again.summary() == "opened 1 (due 1, upstream 0, requests 0, sweep 0); already open 0"
    assert run_job(session, TODAY, sweep_year=2027).opened[Trigger.ANNUAL_SWEEP] == 5  # the next year's audit


def test_no_restricted_documents_runs_cleanly(session, office):
    issued_rows(session, office.section, office.drafter, 2, A)
    assert run_job(session, TODAY).summary() == "opened 0 (due 0, upstream 0, requests 0, sweep 0); already open 0"


def test_cli_prints_progress_and_the_summary(app, session, office):
    issued_rows(session, office.section, office.drafter, 5, N, next_review_on=dt.date(2026, 1, 1))
    result = app.test_cli_runner().invoke(args=["rereview", "run", "--today", "2026-12-01", "--chunk-size", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[-1] == "opened 5 (due 5, upstream 0, requests 0, sweep 0); already open 0"
    assert sum(line.startswith("chunk ") for line in lines) == 3
    bad = app.test_cli_runner().invoke(args=["rereview", "run", "--today", "2026-13-01"])
    assert bad.exit_code != 0
    assert session.query(ReReview).count() == 5



def test_the_request_trigger_follows_the_offices_settings(session):
    """The admin's office settings (多人申请触发复审的申请人数, 时间窗（月）) are what the job counts with."""
    from review.operations import admin

    default = jobs.office_job_settings(session, dt.date(2026, 12, 1))
    # The window is the one the document page counts in: 12 months ending today, 2025-12-02..2026-12-01.
    assert (default.request_threshold, default.request_window_days) == (3, 364)
    admin.update_settings(session, {"request_threshold": 2, "request_window_months": 6})
    session.commit()
    changed = jobs.office_job_settings(session, dt.date(2026, 12, 1), sweep_year=2025)
    assert (changed.request_threshold, changed.request_window_days, changed.sweep_year) == (2, 182, 2025)
    assert dt.date(2026, 12, 1) - dt.timedelta(days=changed.request_window_days) == dt.date(2026, 6, 2)
