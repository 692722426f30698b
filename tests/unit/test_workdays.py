"""Working days over China's official holidays and make-up working days, against dates written out
by hand from the State Council's 2026 notice (国办发明电〔2025〕7号)."""
from __future__ import annotations

import datetime as dt

import pytest

from review.workdays import LIBRARY_YEARS, Calendar, YearSchedule, local_date, parse_days

D = dt.date
CAL = Calendar()


def test_the_installed_library_covers_2026_but_not_2027():
    assert {2004, 2025, 2026} <= LIBRARY_YEARS
    assert 2027 not in LIBRARY_YEARS


def test_mid_autumn_and_national_day_2026_five_working_days():
    # Thu 09-24; 09-25 (Fri) Mid-Autumn + weekend off; 09-28, 29, 30 count 1–3;
    # 10-01..10-07 National Day off; Thu 10-08 is 4, Fri 10-09 is 5.
    # This is what `flask workdays add 2026-09-24 5` prints (tests/web/test_requests_cli.py).
    result = CAL.add(D(2026, 9, 24), 5)
    assert result.day == D(2026, 10, 9)
    assert result.uncovered == frozenset()


@pytest.mark.parametrize(("start", "n", "expected", "why"), [
    (D(2026, 9, 18), 1, D(2026, 9, 20), "Sun 09-20 is a make-up working day; Sat 09-19 is not"),
    (D(2026, 10, 9), 1, D(2026, 10, 10), "Sat 10-10 is a make-up working day"),
    (D(2026, 10, 10), 1, D(2026, 10, 12), "Sun 10-11 is an ordinary weekend day"),
    (D(2026, 9, 24), 20, D(2026, 10, 29), "09-28..30, 10-08..10, 10-12..16, 10-19..23, 10-26..29"),
    (D(2026, 2, 13), 1, D(2026, 2, 14), "Spring Festival: Sat 02-14 is a make-up working day"),
    (D(2026, 2, 14), 1, D(2026, 2, 24), "Spring Festival: 02-15..02-23 off"),
    (D(2026, 2, 27), 1, D(2026, 2, 28), "Spring Festival: Sat 02-28 is a make-up working day"),
    (D(2026, 2, 12), 5, D(2026, 2, 26), "02-13, 02-14, then 02-24, 02-25, 02-26"),
    (D(2026, 3, 2), 0, D(2026, 3, 2), "zero working days is the start itself"),
])
def test_hand_written_dates(start, n, expected, why):
    assert CAL.add(start, n).day == expected, why


def test_working_day_predicate_on_make_up_and_holiday_days():
    assert CAL.is_working_day(D(2026, 9, 20))  # Sunday, make-up
    assert not CAL.is_working_day(D(2026, 9, 25))  # Friday, Mid-Autumn
    assert not CAL.is_working_day(D(2026, 10, 5))  # Monday, National Day
    assert CAL.is_working_day(D(2026, 2, 28))  # Saturday, make-up


def test_between_counts_working_days_after_start_through_end():
    assert CAL.between(D(2026, 9, 24), D(2026, 10, 9)) == 5
    assert CAL.between(D(2026, 10, 9), D(2026, 10, 9)) == 0
    assert CAL.between(D(2026, 10, 9), D(2026, 10, 1)) == 0


def test_an_uncovered_year_falls_back_to_weekends_and_says_so():
    # Received 2026-12-10: 12-11, 12-14..18, 12-21..25, 12-28..31 are 15 days; 2027 by weekends only:
    # Fri 01-01 (16), 01-04..07 (17–20).
    result = CAL.add(D(2026, 12, 10), 20)
    assert result.day == D(2027, 1, 7)
    assert result.uncovered == {2027}
    assert "2027年的法定节假日安排尚未录入" in result.warning


def test_an_entered_year_is_used_and_takes_precedence_over_the_library():
    y2027 = YearSchedule(2027, frozenset(parse_days("2027-01-01..2027-01-03")), frozenset())
    cal = Calendar.of([y2027])
    result = cal.add(D(2026, 12, 10), 20)
    assert result.day == D(2027, 1, 8)  # New Year's Day no longer counts
    assert result.uncovered == frozenset()
    # An entered 2026 (here: only 09-25 off, no National Day) replaces the library's 2026.
    entered_2026 = Calendar.of([YearSchedule(2026, frozenset({D(2026, 9, 25)}), frozenset())])
    assert entered_2026.add(D(2026, 9, 24), 5).day == D(2026, 10, 2)
    assert entered_2026.source(2026) == "entered" and CAL.source(2026) == "library"


def test_weekends_only_without_the_library():
    cal = Calendar(use_library=False)
    result = cal.add(D(2026, 9, 24), 5)
    assert result.day == D(2026, 10, 1)
    assert result.uncovered == {2026}


def test_a_schedule_is_checked():
    with pytest.raises(ValueError):
        YearSchedule(2027, frozenset({D(2026, 12, 31)}), frozenset())
    with pytest.raises(ValueError):
        YearSchedule(2027, frozenset({D(2027, 2, 6)}), frozenset({D(2027, 2, 6)}))
    with pytest.raises(ValueError):
        parse_days("2027-02-10..2027-02-06")
    assert len(parse_days("2027-02-06..2027-02-12")) == 7


def test_local_date_is_the_office_day():
    late_utc = dt.datetime(2026, 9, 30, 17, 0, tzinfo=dt.UTC)  # 01:00 on 10-01 in Beijing
    assert local_date(late_utc) == D(2026, 10, 1)
    with pytest.raises(ValueError):
        local_date(dt.datetime(2026, 9, 30, 17, 0))
