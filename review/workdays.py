"""China's working days: official holidays and make-up working days (调休), and deadlines over them.

Pure: no Flask, no database. A :class:`Calendar` is built from the years the admin entered from the
State Council's yearly notice (passed in as plain data; they take precedence) and the maintained
``chinese_calendar`` library for the years it covers. A year that neither covers is counted by
weekends only, and the result says so (``uncovered``) so that every page can tell the reader.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import chinese_calendar
from chinese_calendar import constants as _library_days

#: Years the installed library knows (chinesecalendar 1.11.0: 2004–2026). Read from its data, so an
#: upgrade of the library widens the range without a code change.
LIBRARY_YEARS: frozenset[int] = frozenset(d.year for d in _library_days.holidays)

NOT_ENTERED = ("{years}年的法定节假日安排尚未录入，期限暂按周末推算（未计节假日和调休上班日），"
               "请管理员录入国务院办公厅当年通知后以重算结果为准。")


@dataclass(frozen=True)
class YearSchedule:
    """One year's schedule as published by the State Council: days off (including the weekend
    days folded into a holiday) and make-up working days on a Saturday or Sunday."""

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    def __post_init__(self):
        for day in self.holidays | self.workdays:
            if day.year != self.year:
                raise ValueError(f"{day} is not in {self.year}")
        if self.holidays & self.workdays:
            raise ValueError("a day cannot be both a holiday and a working day")


@dataclass(frozen=True)
class Result:
    """A date computed over working days, with the years whose schedule was not known."""

    day: dt.date
    uncovered: frozenset[int] = frozenset()

    @property
    def warning(self) -> str:
        return not_entered_message(self.uncovered)


def not_entered_message(years: Iterable[int]) -> str:
    years = sorted(years)
    return NOT_ENTERED.format(years="、".join(str(y) for y in years)) if years else ""


@dataclass
class Calendar:
    """Entered years first, then the library, then weekends only (recorded in ``uncovered``)."""

    entered: Mapping[int, YearSchedule] = field(default_factory=dict)
    use_library: bool = True

    @classmethod
    def of(cls, schedules: Iterable[YearSchedule], use_library: bool = True) -> Calendar:
        return cls({s.year: s for s in schedules}, use_library)

    def source(self, year: int) -> str:
        """Where the schedule of ``year`` comes from: entered, library or weekends."""
        if year in self.entered:
            return "entered"
        if self.use_library and year in LIBRARY_YEARS:
            return "library"
        return "weekends"

    def covers(self, year: int) -> bool:
        return self.source(year) != "weekends"

    def is_working_day(self, day: dt.date) -> bool:
        source = self.source(day.year)
        if source == "entered":
            schedule = self.entered[day.year]
            if day in schedule.workdays:
                return True
            return day.weekday() < 5 and day not in schedule.holidays
        if source == "library":
            return chinese_calendar.is_workday(day)
        return day.weekday() < 5

    def add(self, start: dt.date, n: int, skip: Iterable[tuple[dt.date, dt.date]] = ()) -> Result:
        """The date ``n`` working days after ``start`` (``start`` itself not counted); working days
        inside a ``skip`` interval (inclusive, e.g. while the clock is stopped) do not count."""
        if n < 0:
            raise ValueError("n must not be negative")
        skip = tuple(skip)
        day, counted, uncovered = start, 0, set()
        while counted < n:
            day += dt.timedelta(days=1)
            if not self.covers(day.year):
                uncovered.add(day.year)
            if self.is_working_day(day) and not any(a <= day <= b for a, b in skip):
                counted += 1
        return Result(day, frozenset(uncovered))

    def between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (0 when ``end`` <= ``start``)."""
        day, counted = start, 0
        while day < end:
            day += dt.timedelta(days=1)
            counted += self.is_working_day(day)
        return counted

    def uncovered_between(self, start: dt.date, end: dt.date) -> frozenset[int]:
        return frozenset(y for y in range(start.year, end.year + 1) if not self.covers(y))


def local_date(now: dt.datetime, zone: str = "Asia/Shanghai") -> dt.date:
    """The office's calendar day at the aware instant ``now`` (deadlines count in local days)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(ZoneInfo(zone)).date()


def parse_days(spec: str) -> list[dt.date]:
    """``2027-02-06`` or a range ``2027-02-06..2027-02-12`` (inclusive) → the days it names."""
    first, _, last = spec.strip().partition("..")
    start = dt.date.fromisoformat(first.strip())
    end = dt.date.fromisoformat(last.strip()) if last else start
    if end < start:
        raise ValueError(f"{spec}: the range ends before it starts")
    return [start + dt.timedelta(days=i) for i in range((end - start).days + 1)]
