"""The holiday schedule as typed from the State Council's notice → days, and back (pure)."""
from __future__ import annotations

import datetime as dt

import pytest

from review.holiday_text import DayTextError, as_lines, parse_day_lines

D = dt.date


@pytest.mark.parametrize(("text", "days"), [
    ("2027-01-01", [D(2027, 1, 1)]),
    ("2027-02-10至2027-02-12", [D(2027, 2, 10), D(2027, 2, 11), D(2027, 2, 12)]),
    ("2027年10月1日—2027年10月3日", [D(2027, 10, 1), D(2027, 10, 2), D(2027, 10, 3)]),
    ("2027/4/5 ~ 2027/4/6", [D(2027, 4, 5), D(2027, 4, 6)]),
    ("2027.5.1..2027.5.2", [D(2027, 5, 1), D(2027, 5, 2)]),
    (" 2027-01-01 \r\n\r\n2027-01-01、2027-06-20，2027-01-02", [D(2027, 1, 1), D(2027, 1, 2), D(2027, 6, 20)]),
    ("", []),
])
def test_dates_and_ranges_as_offices_write_them(text, days):
    assert parse_day_lines(text) == days


@pytest.mark.parametrize(("text", "message"), [
    ("2027-01-01\n春节", "第 2 行“春节”不是日期或日期范围"),
    ("2027-13-01", "第 1 行“2027-13-01”中的日期不存在。"),
    ("2027-02-12至2027-02-06", "第 1 行“2027-02-12至2027-02-06”的结束日期早于开始日期。"),
    ("2027-01-01至2027-03-01", "超过 31 天"),
    ("20270101", "不是日期或日期范围"),
])
def test_a_wrong_line_is_named(text, message):
    with pytest.raises(DayTextError) as refused:
        parse_day_lines(text)
    assert message in refused.value.args[0]


def test_written_back_as_ranges_that_parse_to_the_same_days():
    days = [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3), D(2027, 2, 14), D(2027, 10, 1), D(2027, 10, 2)]
    text = as_lines(days)
    assert text == "2027-01-01至2027-01-03\n2027-02-14\n2027-10-01至2027-10-02"
    assert parse_day_lines(text) == days
