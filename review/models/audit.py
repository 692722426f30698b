"""操作日志: append-only, hash-chained record of every state change."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ._types import utcnow


class AuditEvent(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    #: e.g. document.submit, document.approve, user.create
    action: Mapped[str] = mapped_column(sa.String(64))
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document.id"), index=True)
    #: {"before": {...}, "after": {...}, ...}
    detail: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: Hash of the previous event; unique, so two writers cannot fork the chain.
    prev_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    hash: Mapped[str] = mapped_column(sa.String(64))

    actor = relationship("User", lazy="selectin")  # shown in every history
