"""Official holiday schedules entered by the admin for years the calendar library does not cover."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import utcnow


class HolidayYear(db.Model):
    """One year's schedule from the State Council's notice; it takes precedence over the library."""

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: The notice it was entered from, e.g. 国办发明电〔2026〕7号.
    source: Mapped[str] = mapped_column(sa.String(200), default="")
    entered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    entered_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    days: Mapped[list[HolidayDay]] = relationship(
        back_populates="schedule", order_by="HolidayDay.day", cascade="all, delete-orphan"
    )


class HolidayDay(db.Model):
    """A day off (``is_workday`` false) or a make-up working day on a weekend (true)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    year: Mapped[int] = mapped_column(sa.ForeignKey("holiday_year.year", ondelete="CASCADE"), index=True)
    day: Mapped[dt.date] = mapped_column(unique=True)
    is_workday: Mapped[bool] = mapped_column(default=False)

    schedule: Mapped[HolidayYear] = relationship(back_populates="days")
