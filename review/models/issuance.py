"""发文字号 assignment: configured 代字 per organ and document type, and the numbers handed out."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ._types import utcnow


class NumberPrefix(db.Model):
    """A 代字 such as 长卫办发 (organ 长治市卫生健康委员会办公室, type 发文) or 长卫办函 (函)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(32), unique=True)
    organ: Mapped[str] = mapped_column(sa.String(100))
    doc_type: Mapped[str] = mapped_column(sa.String(32))
    active: Mapped[bool] = mapped_column(default=True)


class IssuedNumber(db.Model):
    """One assigned 发文字号. The unique (prefix, year, serial) makes concurrent issuance safe."""

    __table_args__ = (sa.UniqueConstraint("prefix_id", "year", "serial"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    prefix_id: Mapped[int] = mapped_column(sa.ForeignKey("number_prefix.id"))
    year: Mapped[int] = mapped_column()
    serial: Mapped[int] = mapped_column()
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
