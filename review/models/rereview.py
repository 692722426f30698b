"""定期审查、动态调整 (DESIGN §6): re-review tasks, the attribute history of issued documents, and
a reviewer's note that an upstream document outside our register is now public."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import Attribute, LabelledEnum, Trigger
from ..extensions import db
from ._types import enum_column, utcnow
from .documents import Document


class TaskState(LabelledEnum):
    OPEN = ("open", "待审查")
    AWAITING_OPINION = ("awaiting_opinion", "待起草科室意见")
    DECIDED = ("decided", "已审查")


class Outcome(LabelledEnum):
    """What a re-review decided (DESIGN §6)."""

    KEEP = ("keep", "维持原属性")
    ON_REQUEST = ("on_request", "不予公开调整为依申请公开")
    ACTIVE = ("active", "调整为主动公开")


class ReReview(db.Model):
    """One re-review task. At most one is open per document: ``open_document_id`` equals
    ``document_id`` while the task is open and is NULL once it is decided, and it is unique — a
    constraint both SQLite and PostgreSQL enforce (NULLs never collide), so a second or concurrent
    run of the job cannot open a second task."""

    __tablename__ = "re_review"
    __table_args__ = (
        # A year's sweep opens at most one task per document, whether or not it is still open.
        sa.UniqueConstraint("document_id", "sweep_year", name="uq_re_review_sweep"),
        # The queue: open tasks, oldest first, with every filter column riding along.
        sa.Index("ix_re_review_queue", "state", "opened_on", "id", "trigger", "section_id", "reason_code"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"), index=True)
    #: document_id while open, NULL when decided: the one-open-task-per-document constraint.
    open_document_id: Mapped[int | None] = mapped_column(sa.ForeignKey("document.id"), unique=True)
    trigger: Mapped[Trigger] = mapped_column(enum_column(Trigger))
    state: Mapped[TaskState] = mapped_column(enum_column(TaskState), default=TaskState.OPEN)
    #: Copied from the document when the task opens, so the queue filters one table.
    section_id: Mapped[int] = mapped_column(sa.ForeignKey("section.id"))
    reason_code: Mapped[str | None] = mapped_column(sa.ForeignKey("reason_code.code"))
    #: The document's next_review_on when the task opened (the due date that was reached).
    due_on: Mapped[dt.date | None] = mapped_column()
    #: The year of the audit sweep that opened this task (annual_sweep only).
    sweep_year: Mapped[int | None] = mapped_column()
    #: The office's date on which the job opened the task; the overdue clock starts here.
    opened_on: Mapped[dt.date] = mapped_column()
    opened_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: Which run of the job opened it (a concurrent or resumed run tells its own work from earlier runs').
    run_id: Mapped[str | None] = mapped_column(sa.String(32))
    #: Optimistic lock: a form carries the value it was rendered with.
    lock_version: Mapped[int] = mapped_column(default=1)

    #: The drafting section's opinion, asked by a reviewer and answered in writing by the section head.
    opinion_question: Mapped[str] = mapped_column(sa.Text, default="")
    opinion_requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    opinion_requested_at: Mapped[dt.datetime | None] = mapped_column()
    opinion_text: Mapped[str] = mapped_column(sa.Text, default="")
    opinion_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("user.id"))
    opinion_at: Mapped[dt.datetime | None] = mapped_column()
    closed_at: Mapped[dt.datetime | None] = mapped_column()

    document = relationship("Document", foreign_keys=[document_id])
    section = relationship("Section")
    reason = relationship("ReasonCode")
    opinion_requested_by = relationship("User", foreign_keys=[opinion_requested_by_id])
    opinion_by = relationship("User", foreign_keys=[opinion_by_id])
    decision: Mapped[AttributeDecision | None] = relationship(back_populates="rereview", uselist=False)

    __mapper_args__ = {"version_id_col": lock_version}

    @property
    def is_open(self) -> bool:
        return self.state is not TaskState.DECIDED


class AttributeDecision(db.Model):
    """One recorded decision on an issued document's attribute. The document's attribute is the
    latest one; the file is never touched (its SHA-256 stays)."""

    __tablename__ = "attribute_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"), index=True)
    rereview_id: Mapped[int | None] = mapped_column(sa.ForeignKey("re_review.id"), unique=True)
    trigger: Mapped[Trigger | None] = mapped_column(enum_column(Trigger))
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome))
    attribute_before: Mapped[Attribute] = mapped_column(enum_column(Attribute, name="attr_before"))
    attribute_after: Mapped[Attribute] = mapped_column(enum_column(Attribute, name="attr_after"))
    #: Reason code and written reason: for a restricted outcome, why it stays restricted; for
    #: → active, why the reason lapsed.
    reason_code: Mapped[str | None] = mapped_column(sa.ForeignKey("reason_code.code"))
    reason_text: Mapped[str] = mapped_column(sa.Text, default="")
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    #: The office's date from which the new attribute holds (→ active: public from this day).
    effective_on: Mapped[dt.date] = mapped_column()
    #: For a restricted outcome, when it is to be reviewed again.
    next_review_on: Mapped[dt.date | None] = mapped_column()

    actor = relationship("User", lazy="selectin")  # shown in every history
    reason = relationship("ReasonCode")
    rereview: Mapped[ReReview | None] = relationship(back_populates="decision")

    @property
    def changed(self) -> bool:
        return self.attribute_before is not self.attribute_after


#: The job's reads: restricted, issued documents by id range, with the due date and the upstream's
#: number riding along, so each chunk's triggers read only their slice of the index and rule most
#: documents out without visiting the table (without it PostgreSQL scanned the whole attribute
#: index per chunk).
#: Declared here, beside the job's other tables, to keep documents.py as it was.
ix_document_rereview = sa.Index("ix_document_rereview", Document.attribute, Document.state, Document.id,
                                Document.next_review_on, Document.upstream_number)


class UpstreamNotice(db.Model):
    """A reviewer's record that a document's upstream (not issued through this system) is now public."""

    __tablename__ = "upstream_notice"

    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"), index=True)
    #: The date the upstream document was published, as the reviewer found it.
    public_on: Mapped[dt.date] = mapped_column()
    note: Mapped[str] = mapped_column(sa.Text, default="")
    recorded_by_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    recorded_by = relationship("User", lazy="selectin")
