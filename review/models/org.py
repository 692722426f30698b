"""Sections (起草科室/股室) and users."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..enums import Role
from ..extensions import db
from ._types import enum_column, utcnow


class Section(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100), unique=True)
    #: When set, the section head confirms a submission before the office sees it (DESIGN §3).
    requires_head_review: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    users: Mapped[list[User]] = relationship(back_populates="section")
    #: Users who may sign (签发) this section's documents besides the 签发人 — e.g. the office head
    #: who signs routine documents.
    signatories: Mapped[list[User]] = relationship(secondary="section_signatory", lazy="selectin")


class SectionSignatory(db.Model):
    """An additional 签发人 for one section's documents (an office setting)."""

    section_id: Mapped[int] = mapped_column(sa.ForeignKey("section.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), primary_key=True)


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(64), unique=True)
    display_name: Mapped[str] = mapped_column(sa.String(64))
    #: Salted hash (werkzeug scrypt); the password itself is never stored.
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    #: Drafters and section heads belong to one section; office roles to none.
    section_id: Mapped[int | None] = mapped_column(sa.ForeignKey("section.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    #: Set when the admin creates the user or resets the password: the next login must change it first.
    must_change_password: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: Bumped by logout, a password change and deactivation: every session signed with an older
    #: value is refused (a saved cookie does not outlive its logout).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    section: Mapped[Section | None] = relationship(back_populates="users")

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def __repr__(self) -> str:
        return f"<User {self.username} {self.role.value}>"
