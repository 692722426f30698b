"""Read the entered holiday schedules into a pure workdays.Calendar (the one bridge to the database)."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session, selectinload

from .models import HolidayYear
from .workdays import Calendar, YearSchedule


def entered_years(session: Session) -> list[HolidayYear]:
    return list(session.scalars(sa.select(HolidayYear).options(selectinload(HolidayYear.days))
                                .order_by(HolidayYear.year)))


def schedule_of(row: HolidayYear) -> YearSchedule:
    return YearSchedule(row.year, frozenset(d.day for d in row.days if not d.is_workday),
                        frozenset(d.day for d in row.days if d.is_workday))


def load_calendar(session: Session) -> Calendar:
    """The calendar every deadline is computed with: entered years over the library."""
    return Calendar.of(schedule_of(row) for row in entered_years(session))
