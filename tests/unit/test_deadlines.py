"""The due date of a request recomputed from its events (条例 第三十、三十三、三十四条), dates by hand."""
from __future__ import annotations

import datetime as dt

from review.deadlines import Clock, Consultation, compute, soon_threshold, status
from review.workdays import Calendar, YearSchedule, parse_days

D = dt.date
CAL = Calendar()


def test_twenty_working_days_across_mid_autumn_and_national_day():
    deadline = compute(Clock(D(2026, 9, 24)), CAL)
    assert deadline.due == D(2026, 10, 29)
    # 补正 within 7 working days: 09-28, 29, 30, 10-08, 09, 10 (Sat, make-up), 12.
    assert deadline.correction_by == D(2026, 10, 12)
    assert deadline.steps[0].startswith("2026-09-24 收到申请")
    assert deadline.steps[-1] == "答复期限：2026-10-29。"


def test_correction_stops_the_clock_then_restarts_it():
    sent = Clock(D(2026, 11, 2), correction_sent=D(2026, 11, 4))
    pending = compute(sent, CAL)
    assert pending.due is None and "等待申请人补正" in pending.paused
    received = Clock(D(2026, 11, 2), correction_sent=D(2026, 11, 4), correction_received=D(2026, 11, 16))
    # Restarted from Mon 11-16: 11-17..20 (4), 23..27 (9), 11-30..12-04 (14), 12-07..11 (19), 12-14 (20).
    assert compute(received, CAL).due == D(2026, 12, 14)
    assert any("重新计算" in s for s in compute(received, CAL).steps)


def test_a_late_correction_is_pointed_out():
    late = compute(Clock(D(2026, 11, 2), correction_sent=D(2026, 11, 12), correction_received=D(2026, 11, 13)), CAL)
    assert any("已超过第三十条规定的 7 个工作日" in s for s in late.steps)


def test_extension_adds_working_days_after_the_original_period():
    plain = compute(Clock(D(2026, 11, 2)), CAL)
    assert plain.due == D(2026, 11, 30)
    extended = compute(Clock(D(2026, 11, 2), extension_days=20, extension_approver="王主任",
                             extension_notified=D(2026, 11, 25)), CAL)
    # 12-01..04 (24), 07..11 (29), 14..18 (34), 21..25 (39), 12-28 (40).
    assert extended.due == D(2026, 12, 28)
    assert extended.due_before_extension == D(2026, 11, 30)
    assert any("王主任" in s and "延长 20 个工作日" in s for s in extended.steps)


def test_consultation_stops_the_clock_while_it_lasts():
    open_ = compute(Clock(D(2026, 11, 2), consultations=(Consultation(D(2026, 11, 9), None, "第三方", "某公司"),)), CAL)
    assert open_.due is None and "期限中止" in open_.paused
    # The third party has 15 working days: 11-10..13 (4), 16..20 (9), 23..27 (14), 11-30 (15).
    assert any("2026-11-30 前提出意见" in s for s in open_.steps)
    closed = compute(Clock(D(2026, 11, 2), consultations=(Consultation(D(2026, 11, 9), D(2026, 11, 13)),)), CAL)
    # 11-03..06 (4), 11-09..13 not counted, 16..20 (9), 23..27 (14), 11-30..12-04 (19), 12-07 (20).
    assert closed.due == D(2026, 12, 7)
    assert any("其间 5 个工作日不计入" in s for s in closed.steps)


def test_a_2027_deadline_before_and_after_the_2027_schedule_is_entered():
    clock = Clock(D(2026, 12, 10))
    before = compute(clock, CAL)
    assert before.due == D(2027, 1, 7) and before.uncovered == {2027}
    assert "2027年的法定节假日安排尚未录入" in before.warning
    entered = Calendar.of([YearSchedule(2027, frozenset(parse_days("2027-01-01..2027-01-03")), frozenset())])
    after = compute(clock, entered)
    assert after.due == D(2027, 1, 8) and after.uncovered == frozenset() and after.warning == ""


def test_status_flags_due_soon_within_five_working_days_and_overdue():
    due = D(2026, 11, 30)
    assert status(due, D(2026, 11, 20), CAL).due_soon is False  # six working days left
    soon = status(due, D(2026, 11, 23), CAL)
    assert soon.due_soon and soon.remaining == 5 and "即将到期" in soon.label
    assert status(due, D(2026, 11, 30), CAL).remaining == 0
    assert status(due, D(2026, 12, 1), CAL).overdue
    assert not status(due, D(2026, 12, 1), CAL, answered=True).overdue
    assert soon_threshold(D(2026, 11, 23), CAL) == due


def test_add_months_keeps_the_day_or_takes_the_months_last():
    from review.clock import add_months

    assert add_months(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert add_months(dt.date(2024, 3, 30), -1) == dt.date(2024, 2, 29)
    assert add_months(dt.date(2026, 12, 1), -12) == dt.date(2025, 12, 1)
    assert add_months(dt.date(2026, 11, 15), 6) == dt.date(2027, 5, 15)
