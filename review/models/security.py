"""Login throttling state, kept in the database so it holds across several server processes."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class LoginThrottle(db.Model):
    """Failed logins counted per key: ``user:<name>`` (the account) or ``addr:<ip>`` (the client)."""

    key: Mapped[str] = mapped_column(sa.String(200), primary_key=True)
    #: Failures since ``window_start``; reset by a successful login or when the window has passed.
    failures: Mapped[int] = mapped_column(default=0)
    window_start: Mapped[dt.datetime] = mapped_column()
    #: While in the future, the key is refused without looking at the password.
    locked_until: Mapped[dt.datetime | None] = mapped_column()
