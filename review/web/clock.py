"""The edge where time enters: the current instant and the office's calendar day (STYLE habit 11)."""
from __future__ import annotations

import datetime as dt

from flask import current_app

from ..workdays import local_date


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def office_today(at: dt.datetime | None = None) -> dt.date:
    return local_date(at or now(), current_app.config.get("TIMEZONE", "Asia/Shanghai"))
