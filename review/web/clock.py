"""The edge where time enters: the current instant and the office's calendar day (STYLE habit 11).

One clock for every view: review.clock.office_now, which a test may fix with FIXED_NOW.
"""
from __future__ import annotations

import datetime as dt

from flask import current_app

from .. import clock


def now() -> dt.datetime:
    """The office's current time (aware, in the office's zone)."""
    return clock.app_now(current_app.config)


def office_today(at: dt.datetime | None = None) -> dt.date:
    zone = now().tzinfo
    return clock.local_date((at or now()).astimezone(zone))
