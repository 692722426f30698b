"""The yearly audit's figures against the same figures computed in plain Python over a generated archive."""
from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
import sqlalchemy as sa

from review import reports
from review.enums import Attribute
from review.models import Document
from review.request_enums import RequesterType
from review.workdays import Calendar
from tests import audit_data

YEAR = 2025
TODAY = dt.date(2026, 11, 20)
CAL = Calendar()


@pytest.fixture
def archive(session):
    return audit_data.build(session, documents=700, requests=400)


def issued_in(archive, year, section_id=None):
    return [d for d in archive.documents if d["signed_on"] and d["signed_on"].year == year
            and (section_id is None or d["section_id"] == section_id)]


def by_attribute(docs) -> dict[Attribute, int]:
    return dict(Counter(d["attribute"] for d in docs))


def still_restricted(archive, year, section_id=None):
    end = dt.date(year, 12, 31)
    return [d for d in archive.documents if d["signed_on"] and d["signed_on"] <= end
            and d["attribute"].restricted and (section_id is None or d["section_id"] == section_id)]


@pytest.mark.parametrize("by_section", [False, True])
def test_counts_by_attribute_and_previous_year(session, archive, by_section):
    section_id = next(iter(archive.sections)) if by_section else None
    got = reports.figures(session, YEAR, TODAY, section_id, CAL)
    assert got.this.by_attribute == by_attribute(issued_in(archive, YEAR, section_id))
    assert got.previous.by_attribute == by_attribute(issued_in(archive, YEAR - 1, section_id))
    docs = issued_in(archive, YEAR, section_id)
    active = sum(d["attribute"] is Attribute.ACTIVE for d in docs)
    assert got.this.active_rate == pytest.approx(active / len(docs))
    assert got.this.restricted_share == pytest.approx(1 - active / len(docs))
    for y in range(YEAR - reports.TREND_YEARS + 1, YEAR + 1):
        assert got.trend[y].issued == len(issued_in(archive, y, section_id))


def test_sections_against_previous_year_and_flags(session, archive):
    got = reports.figures(session, YEAR, TODAY, None, CAL)
    expected_flags = set()
    for sid, name in archive.sections.items():
        this, before = issued_in(archive, YEAR, sid), issued_in(archive, YEAR - 1, sid)
        r_now = sum(d["attribute"].restricted for d in this)
        r_before = sum(d["attribute"].restricted for d in before)
        if r_now > r_before or (this and before and r_now / len(this) > r_before / len(before)):
            expected_flags.add(name)
        row = next(r for r in got.sections if r.section_id == sid)
        assert (row.name, row.this.issued, row.this.restricted, row.previous.issued, row.previous.restricted) == (
            name, len(this), r_now, len(before), r_before)
    assert {r.name for r in got.flagged} == expected_flags
    assert len(got.sections) == len(archive.sections)


def test_flag_when_restricted_share_grows_but_count_does_not():
    grew_share = reports.SectionRow(1, "甲", reports.Counts({Attribute.ACTIVE: 1, Attribute.ON_REQUEST: 2}),
                                    reports.Counts({Attribute.ACTIVE: 8, Attribute.ON_REQUEST: 2}))
    shrank = reports.SectionRow(2, "乙", reports.Counts({Attribute.ACTIVE: 9, Attribute.ON_REQUEST: 1}),
                                reports.Counts({Attribute.ACTIVE: 8, Attribute.ON_REQUEST: 2}))
    new = reports.SectionRow(3, "丙", reports.Counts({Attribute.NON_DISCLOSABLE: 1}), reports.Counts())
    assert (grew_share.flagged, shrank.flagged, new.flagged) == (True, False, True)


def test_reason_codes_of_documents_still_restricted(session, archive):
    got = reports.figures(session, YEAR, TODAY, None, CAL)
    expected = Counter(d["reason_code"] for d in still_restricted(archive, YEAR))
    assert {r.code: r.count for r in got.reasons} == dict(expected)
    assert next(r.label for r in got.reasons if r.code is None) == "（未填写理由）"
    assert next(r.label for r in got.reasons if r.code == "process_info").startswith("属于四类过程性信息")


def test_late_publications_over_working_days(session, archive):
    count, rows = reports.late_publications(session, YEAR, TODAY, CAL, None, limit=None)
    expected = {}
    for d in issued_in(archive, YEAR):
        if d["attribute"] is not Attribute.ACTIVE:
            continue
        # Count 20 working days by hand, one day at a time.
        day, n = d["signed_on"], 0
        while n < 20:
            day += dt.timedelta(days=1)
            n += CAL.is_working_day(day)
        if (d["published_on"] or TODAY) > day and (d["published_on"] is not None or day < TODAY):
            expected[d["id"]] = day
    assert count == len(expected) > 0
    assert {r.id: r.due_on for r in rows} == expected
    assert any(r.published_on is None for r in rows)
    assert all(r.days_late > 0 for r in rows)


def test_normative_documents_issued_repealed_in_force(session, archive):
    got = reports.normative(session, YEAR)
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    norm = [d for d in archive.documents if d["is_normative"]]
    assert got == reports.Normative(
        issued=sum(start <= d["signed_on"] <= end for d in norm),
        repealed=sum(d["repealed_on"] is not None and start <= d["repealed_on"] <= end for d in norm),
        in_force=sum(d["signed_on"] <= end and (d["repealed_on"] is None or d["repealed_on"] > end) for d in norm),
    )
    assert got.issued and got.repealed and got.in_force


def test_table3_and_its_cross_check(session, archive):
    got = reports.figures(session, YEAR, TODAY, None, CAL).table3
    start, end = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
    for kind in RequesterType:
        mine = [r for r in archive.requests if r["requester_type"] is kind]
        received = sum(start <= r["received_on"] <= end for r in mine)
        carried_in = sum(r["received_on"] < start and (r["answered_on"] is None or r["answered_on"] >= start)
                         for r in mine)
        answered = sum(r["answered_on"] is not None and start <= r["answered_on"] <= end for r in mine)
        carried_out = sum(r["received_on"] <= end and (r["answered_on"] is None or r["answered_on"] > end)
                          for r in mine)
        assert (got.received.get(kind, 0), got.carried_in.get(kind, 0), got.answered_total(kind),
                got.carried_out.get(kind, 0)) == (received, carried_in, answered, carried_out)
        assert received + carried_in == answered + carried_out
    assert got.balanced()


def test_ledger_rows(session, archive):
    section_id = next(iter(archive.sections))
    rows = reports.ledger(session, YEAR, section_id)
    expected = sorted(still_restricted(archive, YEAR, section_id), key=lambda d: (d["signed_on"], d["id"]))
    assert [(r.id, r.signed_on, r.attribute, r.reason_code, r.explanation, r.next_review_on, r.section)
            for r in rows] == [(d["id"], d["signed_on"], d["attribute"], d["reason_code"], d["reason_text"],
                                d["next_review_on"], archive.sections[section_id]) for d in expected]
    assert reports.ledger_count(session, YEAR, section_id) == len(expected)
    assert [r.id for r in reports.ledger(session, YEAR, section_id, offset=5, limit=3)] == [
        d["id"] for d in expected[5:8]]


def test_rereview_figures_are_zero_without_reviews(session, archive):
    got = reports.rereview_figures(session, YEAR, None, TODAY)
    assert (got.conversions, got.due, got.done, got.overdue, got.reviews) == ({}, 0, 0, 0, {})


def test_rereview_figures_count_the_history_and_the_tasks(session, archive):
    """Conversions to active by trigger, tasks due / done / overdue in the year, each document's reviews,
    counted from rows written here with a known answer."""
    from review.enums import Trigger
    from review.models import AttributeDecision, Outcome, ReReview, TaskState, User

    doc = session.scalars(sa.select(Document).limit(1)).one()
    actor = session.scalar(sa.select(User.id).limit(1))

    def change(trigger, effective_on, outcome=Outcome.ACTIVE, after=Attribute.ACTIVE):
        session.add(AttributeDecision(document_id=doc.id, trigger=trigger, outcome=outcome,
                                      attribute_before=Attribute.ON_REQUEST, attribute_after=after,
                                      actor_id=actor, effective_on=effective_on))

    change(Trigger.DUE, dt.date(YEAR, 3, 1))
    change(Trigger.REQUESTS, dt.date(YEAR, 4, 1))
    change(Trigger.DUE, dt.date(YEAR - 1, 4, 1))                               # another year
    change(Trigger.DUE, dt.date(YEAR, 5, 1), Outcome.KEEP, Attribute.ON_REQUEST)  # kept: no conversion
    session.add_all([
        ReReview(document_id=doc.id, trigger=Trigger.DUE, state=TaskState.DECIDED, section_id=doc.section_id,
                 opened_on=dt.date(YEAR, 1, 5), due_on=dt.date(YEAR, 2, 1),
                 closed_at=dt.datetime(YEAR, 2, 20, 9)),
        ReReview(document_id=doc.id, open_document_id=doc.id, trigger=Trigger.DUE, state=TaskState.OPEN,
                 section_id=doc.section_id, opened_on=dt.date(YEAR, 5, 5), due_on=dt.date(YEAR, 6, 1)),
    ])
    session.flush()
    got = reports.rereview_figures(session, YEAR, None, TODAY)
    assert (got.conversions, got.due, got.done, got.overdue) == ({"due": 1, "requests": 1}, 2, 1, 1)
    assert got.reviews == {doc.id: [f"{YEAR - 1}-04-01 调整为主动公开", f"{YEAR}-03-01 调整为主动公开",
                                    f"{YEAR}-04-01 调整为主动公开", f"{YEAR}-05-01 维持原属性"]}
    session.rollback()


def test_due_dates_in_one_walk_agree_with_counting_each_day():
    start, end = dt.date(2024, 12, 1), dt.date(2026, 2, 28)  # across 春节 and 国庆 make-up days
    due = reports.due_dates(CAL, start, end)
    assert len(due) == (end - start).days + 1
    assert all(due[day] == CAL.add(day, 20).day for day in due)
