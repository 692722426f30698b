"""Office settings (办公室设置): one row per key, the value as JSON; defaults live in review/settings.py."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class OfficeSetting(db.Model):
    key: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    value: Mapped[object] = mapped_column(sa.JSON)
