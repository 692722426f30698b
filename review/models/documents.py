"""公文 and its immutable file versions, interpretation material and findings."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import Attribute, DocState, Severity, Validity
from ..extensions import db
from ._types import enum_column, utcnow


class Document(db.Model):
    __table_args__ = (
        # The reviewer queue: documents in a state, oldest submission first. The filter columns ride
        # along so the queue's counts per filter are answered from the index alone (bench/queue.py:
        # default page 145 → 45 ms on SQLite, 48 → 37 ms on PostgreSQL at 200,000 documents).
        sa.Index("ix_document_queue", "state", "submitted_at", "id", "section_id", "attribute", "has_block",
                 "has_warn"),
        sa.Index("ix_document_section_state", "section_id", "state"),
        # The yearly audit (review/reports.py): issued documents by 成文日期, counted per section and
        # attribute from the index alone.
        sa.Index("ix_document_audit", "state", "signed_on", "section_id", "attribute"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(sa.ForeignKey("section.id"))
    drafter_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"), index=True)
    state: Mapped[DocState] = mapped_column(enum_column(DocState), default=DocState.DRAFT)
    #: Optimistic lock: bumped on every update; a form carries the value it was rendered with.
    lock_version: Mapped[int] = mapped_column(default=1)

    title: Mapped[str] = mapped_column(sa.String(300), default="")
    #: 发文字号 as declared by the drafter, then as assigned by the office at issuance.
    doc_number: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    #: The current 公开属性: declared by the drafter, then the latest decision (DESIGN §6).
    attribute: Mapped[Attribute | None] = mapped_column(enum_column(Attribute), index=True)
    reason_code: Mapped[str | None] = mapped_column(sa.ForeignKey("reason_code.code"))
    reason_text: Mapped[str] = mapped_column(sa.Text, default="")
    upstream_number: Mapped[str | None] = mapped_column(sa.String(64))
    upstream_attribute: Mapped[Attribute | None] = mapped_column(
        enum_column(Attribute, name="upstream_attribute")
    )
    #: 转发: this notice forwards the upstream document.
    is_forwarding: Mapped[bool] = mapped_column(default=False)
    #: Policy document: an active one needs 政策解读 (谁起草、谁解读).
    is_policy: Mapped[bool] = mapped_column(default=False)
    #: 联合发文: co-issuing organs, one per line (the lead organ decides, 条例 第10条).
    co_issuers: Mapped[str] = mapped_column(sa.Text, default="")

    version_count: Mapped[int] = mapped_column(default=0)
    #: Findings of the current version, kept here so the queue can filter without joins.
    has_block: Mapped[bool] = mapped_column(default=False)
    has_warn: Mapped[bool] = mapped_column(default=False)

    #: 签发: who signed the approved document, and on which day (DESIGN §3).
    signatory_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    signature_date: Mapped[dt.date | None] = mapped_column()
    signed_on: Mapped[dt.date | None] = mapped_column()
    issued_at: Mapped[dt.datetime | None] = mapped_column()
    published_on: Mapped[dt.date | None] = mapped_column()
    validity: Mapped[Validity] = mapped_column(enum_column(Validity), default=Validity.VALID)
    next_review_on: Mapped[dt.date | None] = mapped_column(index=True)
    #: 规范性文件: counted in the yearly report's table 2 row 一 (issued / repealed / in force).
    is_normative: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: The day a 规范性文件 was repealed (废止), for table 2; the catalogue's 有效性 says 已废止.
    repealed_on: Mapped[dt.date | None] = mapped_column()

    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column()

    section = relationship("Section")
    drafter = relationship("User", foreign_keys=[drafter_id])
    signatory = relationship("User", foreign_keys=[signatory_id])
    versions: Mapped[list[DocumentVersion]] = relationship(
        back_populates="document", order_by="DocumentVersion.number"
    )
    interpretations: Mapped[list[Interpretation]] = relationship(
        back_populates="document", order_by="Interpretation.id"
    )
    reason = relationship("ReasonCode")

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def current_version(self) -> DocumentVersion | None:
        return self.versions[-1] if self.versions else None


class _StoredFile:
    """Columns of a file kept content-addressed by storage.py."""

    sha256: Mapped[str] = mapped_column(sa.String(64), index=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    media_type: Mapped[str] = mapped_column(sa.String(100))
    original_filename: Mapped[str] = mapped_column(sa.String(255))
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class DocumentVersion(_StoredFile, db.Model):
    """One uploaded file of a document. Immutable: a revision is a new row."""

    __table_args__ = (sa.UniqueConstraint("document_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"), index=True)
    number: Mapped[int] = mapped_column()
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    page_count: Mapped[int | None] = mapped_column()
    #: Full extracted text (search, content rules).
    text: Mapped[str] = mapped_column(sa.Text, default="")
    #: GB/T 9704 elements parsed from the file (review.extract.Elements.as_json()).
    elements: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    document: Mapped[Document] = relationship(back_populates="versions")
    uploaded_by = relationship("User", lazy="selectin")  # shown in every version list
    findings: Mapped[list[Finding]] = relationship(back_populates="version", order_by="Finding.id")


class Interpretation(_StoredFile, db.Model):
    """政策解读 material attached to a policy document."""

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"), index=True)
    uploaded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))

    document: Mapped[Document] = relationship(back_populates="interpretations")


class Finding(db.Model):
    """One result of the rules engine for a version at a submission (DESIGN §4)."""

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("document_version.id"), index=True)
    code: Mapped[str] = mapped_column(sa.String(64))
    severity: Mapped[Severity] = mapped_column(enum_column(Severity))
    message: Mapped[str] = mapped_column(sa.Text)
    source: Mapped[str] = mapped_column(sa.String(200))
    acknowledged_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column()

    version: Mapped[DocumentVersion] = relationship(back_populates="findings")


@sa.event.listens_for(DocumentVersion, "before_update")
def _versions_are_immutable(_mapper, _connection, version: DocumentVersion) -> None:
    """A stored version is evidence of what was submitted: a revision is a new row, never an edit.
    (The hook also fires when only its findings collection changed; that is not an edit of the row.)"""
    if sa.orm.object_session(version).is_modified(version, include_collections=False):
        raise ValueError(f"DocumentVersion {version.id} is immutable; add a new version instead")
