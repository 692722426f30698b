"""Entering a year's official holiday schedule (from the State Council's notice)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from .. import audit
from ..errors import Refusal
from ..models import HolidayDay, HolidayYear, User
from ..workdays import YearSchedule
from .requests import recompute_open


def enter_year(session: Session, actor: User | None, year: int, holidays: list[dt.date], workdays: list[dt.date],
               source: str = "", replace: bool = False) -> HolidayYear:
    """Store ``year``'s days off and make-up working days; they take precedence over the library.

    Deadlines of requests still open are recomputed with the new schedule, in the same transaction.
    """
    if not 2000 <= year <= 2100:
        raise Refusal("年份无效。")
    if not holidays:
        raise Refusal("请至少录入一天法定节假日。")
    stray = sorted(d for d in {*holidays, *workdays} if d.year != year)
    if stray:
        raise Refusal(f"{stray[0].isoformat()} 不在 {year} 年内。")
    weekday_workdays = sorted(d for d in workdays if d.weekday() < 5)
    if weekday_workdays:
        raise Refusal(f"调休上班日应为周六或周日：{weekday_workdays[0].isoformat()} 本来就是工作日。")
    both = sorted(set(holidays) & set(workdays))
    if both:
        raise Refusal(f"{both[0].isoformat()} 不能既是节假日又是调休上班日。")
    existing = session.get(HolidayYear, year)
    before = None
    if existing is not None:
        if not replace:
            raise Refusal(f"{year} 年的节假日安排已录入；如需更正，请勾选“更正已录入的年份”"
                          f"（命令行加 --replace）后重新录入。")
        before = {"holidays": sorted(d.day for d in existing.days if not d.is_workday),
                  "workdays": sorted(d.day for d in existing.days if d.is_workday)}
        session.delete(existing)
        session.flush()
    YearSchedule(year, frozenset(holidays), frozenset(workdays))  # the pure model's checks, once more
    row = HolidayYear(year=year, source=source.strip(), entered_by_id=actor.id if actor else None)
    row.days = [HolidayDay(day=d, is_workday=False) for d in sorted(set(holidays))] + [
        HolidayDay(day=d, is_workday=True) for d in sorted(set(workdays))]
    session.add(row)
    session.flush()
    audit.append(session, actor_id=actor.id if actor else None, action="holidays.enter", before=before,
                 after={"year": year, "source": row.source, "holidays": sorted(set(holidays)),
                        "workdays": sorted(set(workdays))})
    recompute_open(session)  # the deadlines that depend on the schedule
    return row
