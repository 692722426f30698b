"""Time as an argument (STYLE 11): the edge reads the clock once; domain code is handed ``now``.

``now`` is an aware datetime in the office's time zone, so ``local_date(now)`` is the office's
calendar day (what 成文日期, 发布日期 and statutory deadlines are counted in), whatever the server's
own zone is. Tests fix the clock with the ``FIXED_NOW`` setting (an ISO timestamp).
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo


def office_now(zone: str, fixed: str | dt.datetime | None = None) -> dt.datetime:
    """The current time in the office's zone, or the fixed time a test configured."""
    tz = ZoneInfo(zone)
    if fixed is None:
        return dt.datetime.now(tz)
    moment = fixed if isinstance(fixed, dt.datetime) else dt.datetime.fromisoformat(fixed)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=tz)
    return moment.astimezone(tz)


def app_now(config) -> dt.datetime:
    """The edge's clock for an app's ``config`` (views and commands alike): its TIMEZONE, or the
    FIXED_NOW a test configured."""
    return office_now(config.get("TIMEZONE", "Asia/Shanghai"), config.get("FIXED_NOW"))


def from_stored(moment: dt.datetime | None, zone) -> dt.datetime | None:
    """A stored (naive UTC) time as the office's wall-clock time in ``zone`` (naive, for display and
    spreadsheets), or None."""
    if moment is None:
        return None
    return moment.replace(tzinfo=dt.UTC).astimezone(zone).replace(tzinfo=None)


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (earlier if negative), the month's last day where it has no such
    day (2026-01-31 + 1 → 2026-02-28): re-review intervals and the request trigger's window."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def local_date(now: dt.datetime) -> dt.date:
    """The office's calendar day at ``now`` (which must be aware, in the office's zone)."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime in the office's time zone")
    return now.date()


def stored(now: dt.datetime) -> dt.datetime:
    """``now`` as the naive UTC value the database columns keep."""
    return now.astimezone(dt.UTC).replace(tzinfo=None)
