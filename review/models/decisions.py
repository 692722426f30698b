"""审核意见: every decision about a document's attribute, with who and why."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..enums import Attribute, LabelledEnum
from ..extensions import db
from ._types import enum_column, utcnow


class DecisionKind(LabelledEnum):
    SECTION_CONFIRM = ("section_confirm", "科室负责人确认")
    APPROVE = ("approve", "审核通过")
    CHANGE_ATTRIBUTE = ("change_attribute", "调整公开属性")
    RETURN = ("return", "退回修改")
    ACCEPT_CHANGE = ("accept_change", "拟稿人同意调整")
    OBJECT = ("object", "拟稿人提出异议")
    RULING = ("ruling", "签发人裁定")
    OVERRIDE_UPSTREAM = ("override_upstream", "签发人同意不予公开（上级文件主动公开）")
    ATTEST_MARKING = ("attest_marking", "办公室确认印发件载有公开标注")
    ISSUE = ("issue", "发文")
    SIGN = ("sign", "签发")
    SEND_BACK = ("send_back", "签发人退回办公室")


class Decision(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(sa.ForeignKey("document.id"), index=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("document_version.id"))
    actor_id: Mapped[int] = mapped_column(sa.ForeignKey("user.id"))
    #: Validated in Python, not by a CHECK constraint: new workflow steps add kinds without a table rebuild.
    kind: Mapped[DecisionKind] = mapped_column(enum_column(DecisionKind, create_constraint=False))
    attribute_before: Mapped[Attribute | None] = mapped_column(enum_column(Attribute, name="attr_before"))
    attribute_after: Mapped[Attribute | None] = mapped_column(enum_column(Attribute, name="attr_after"))
    reason_code: Mapped[str | None] = mapped_column(sa.ForeignKey("reason_code.code"))
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)

    actor = relationship("User", lazy="selectin")  # shown in every decision list
