"""政府信息公开申请: the registry, the documents each request asks for, its clock events and answer letter."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..request_enums import Channel, Consulted, EventKind, Outcome, RequesterType, RequestState
from ._types import enum_column, utcnow
from .documents import _StoredFile


class DisclosureRequest(db.Model):
    """One request. ``(year, serial)`` is unique: concurrent registrations retry, never share a number."""

    __table_args__ = (
        sa.UniqueConstraint("year", "serial", name="uq_disclosure_request_number"),
        # The registry and the inbox: open requests by due date.
        sa.Index("ix_disclosure_request_state_due", "state", "due_on"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    #: 依申〔year〕serial号: the serial restarts each year (of the date received).
    year: Mapped[int] = mapped_column()
    serial: Mapped[int] = mapped_column()

    requester_name: Mapped[str] = mapped_column(sa.String(200))
    #: The name folded for counting distinct requesters (whitespace removed, case folded).
    requester_key: Mapped[str] = mapped_column(sa.String(200), index=True)
    requester_type: Mapped[RequesterType] = mapped_column(enum_column(RequesterType))
    contact: Mapped[str] = mapped_column(sa.Text, default="")
    channel: Mapped[Channel] = mapped_column(enum_column(Channel))
    #: Date received under 条例 第三十一条 (当面: handed in; 邮寄: signed for; 网络: confirmed).
    received_on: Mapped[dt.date] = mapped_column(index=True)
    text: Mapped[str] = mapped_column(sa.Text)

    state: Mapped[RequestState] = mapped_column(enum_column(RequestState), default=RequestState.OPEN)
    #: The statutory due date as last recomputed from the events (None while the clock is stopped).
    due_on: Mapped[dt.date | None] = mapped_column()

    outcome: Mapped[Outcome | None] = mapped_column(enum_column(Outcome))
    answered_on: Mapped[dt.date | None] = mapped_column()
    answer_text: Mapped[str] = mapped_column(sa.Text, default="")
    #: Why a 不予公开 answer departs from the document's recorded attribute or reason.
    deviation_note: Mapped[str] = mapped_column(sa.Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))

    registered_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    registered_by = relationship("User", foreign_keys=[registered_by_id])
    answered_by = relationship("User", foreign_keys=[answered_by_id])
    items: Mapped[list[RequestedDocument]] = relationship(back_populates="request", order_by="RequestedDocument.id")
    events: Mapped[list[RequestEvent]] = relationship(back_populates="request", order_by="RequestEvent.id")
    letters: Mapped[list[RequestLetter]] = relationship(back_populates="request", order_by="RequestLetter.id")

    @property
    def number(self) -> str:
        return f"依申〔{self.year}〕{self.serial}号"

    @property
    def letter(self) -> RequestLetter | None:
        return self.letters[-1] if self.letters else None


class RequestedDocument(db.Model):
    """A document the request asks for, as the requester cited it; ``document_id`` is None when it
    is not in our register."""

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("disclosure_request.id"), index=True)
    document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document.id"), index=True)
    #: What the requester wrote: a 发文字号, a title, or a description.
    cited: Mapped[str] = mapped_column(sa.String(300))
    #: How it was matched: "doc_number", "title" or "" (not found in our register).
    matched_by: Mapped[str] = mapped_column(sa.String(16), default="")

    request: Mapped[DisclosureRequest] = relationship(back_populates="items")
    document = relationship("Document")


class RequestEvent(db.Model):
    """Something that moves the clock: 补正 sent/received, extension, consultation start/end."""

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("disclosure_request.id"), index=True)
    kind: Mapped[EventKind] = mapped_column(enum_column(EventKind))
    #: The day it happened (sent, received, approved, started, ended).
    day: Mapped[dt.date] = mapped_column()
    note: Mapped[str] = mapped_column(sa.Text, default="")
    #: Extension: working days added (at most 20, 条例 第三十三条第二款).
    days: Mapped[int | None] = mapped_column()
    #: Extension: the 工作机构负责人 who approved it.
    approver: Mapped[str] = mapped_column(sa.String(64), default="")
    #: Extension: the day the requester was told.
    notified_on: Mapped[dt.date | None] = mapped_column()
    #: Consultation: whom (a third party or another organ) and their name.
    consulted: Mapped[Consulted | None] = mapped_column(enum_column(Consulted))
    party: Mapped[str] = mapped_column(sa.String(200), default="")
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    request: Mapped[DisclosureRequest] = relationship(back_populates="events")


class RequestLetter(_StoredFile, db.Model):
    """The generated 告知书 (.docx), stored content-addressed by storage.py."""

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(sa.ForeignKey("disclosure_request.id"), index=True)

    request: Mapped[DisclosureRequest] = relationship(back_populates="letters")
