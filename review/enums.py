"""Domain enumerations: each value carries its Chinese label (and, for attributes, marking wordings).

Templates, the parser and reports read labels from here so a wording is defined once.
"""
from __future__ import annotations

import enum
import re


class LabelledEnum(enum.StrEnum):
    """A string enum whose members carry a Chinese label: ``Member = ("value", "标签")``."""

    def __new__(cls, value: str, label: str, *extra):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.label = label
        return obj


    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


class Attribute(LabelledEnum):
    """公开属性 (DESIGN §1)."""

    ACTIVE = ("active", "主动公开")
    ON_REQUEST = ("on_request", "依申请公开")
    NON_DISCLOSABLE = ("non_disclosable", "不予公开")

    @property
    def restricted(self) -> bool:
        return self is not Attribute.ACTIVE

    @property
    def marking(self) -> str:
        """The canonical 附注 wording to print on a document of this attribute."""
        return MARKING_WORDINGS[self][0]


#: Core wordings found inside the 附注 parentheses, per attribute, canonical first.
#: Provinces vary: （此件公开发布）（信息公开形式：主动公开）（此件可依申请公开）（此件不公开）…
MARKING_WORDINGS: dict[Attribute, tuple[str, ...]] = {
    Attribute.ACTIVE: ("此件主动公开", "此件公开发布", "主动公开", "公开发布"),
    Attribute.ON_REQUEST: ("此件依申请公开", "此件可依申请公开", "依申请公开", "依申请予以公开"),
    Attribute.NON_DISCLOSABLE: ("此件不予公开", "此件不公开", "不予公开", "不宜公开", "不公开"),
}


#: 公开 negated right before it (不公开, 不予公开, 不宜公开, 不得公开, 免予公开): the restricted attribute.
_NOT_DISCLOSED = re.compile(r"(?:不予|不宜|不得|免予|暂不|不)公开")
#: A negation further before 公开 (不主动公开, 不予主动公开, 非主动公开, 不依申请公开): what is meant
#: instead cannot be told from the words, so no attribute is read from them.
_NEGATED = re.compile(r"(?:不|非|未|免|无|勿)[^公，,；;。]{0,4}公开")


def attribute_of_marking(text: str) -> Attribute | None:
    """Classify a marking's wording, or None when it cannot be classified with certainty.

    A wording that negates 公开 is never active: a negation right before 公开 is 不予公开; one that
    negates a qualified 公开 (此件不主动公开) is left to the reviewer. The restricted wordings are
    tested before the active ones since "不公开" and "依申请公开" both contain "公开"."""
    compact = "".join(text.split())
    if _NOT_DISCLOSED.search(compact):
        return Attribute.NON_DISCLOSABLE
    if _NEGATED.search(compact):
        return None
    for attribute in (Attribute.NON_DISCLOSABLE, Attribute.ON_REQUEST, Attribute.ACTIVE):
        if any(w in compact for w in MARKING_WORDINGS[attribute]):
            return attribute
    return None


class DocState(LabelledEnum):
    """Where a document is in its life (DESIGN §3)."""

    DRAFT = ("draft", "草稿")
    SUBMITTED = ("submitted", "待科室负责人确认")
    OFFICE_REVIEW = ("office_review", "待办公室审核")
    RETURNED = ("returned", "已退回修改")
    ATTRIBUTE_CHANGED = ("attribute_changed", "办公室已调整属性，待拟稿人确认")
    DISPUTED = ("disputed", "有争议，待签发人裁定")
    APPROVED = ("approved", "审核通过，待签发")
    SIGNED = ("signed", "已签发，待发文")
    ISSUED = ("issued", "已发文")


class Role(LabelledEnum):
    DRAFTER = ("drafter", "拟稿人")
    SECTION_HEAD = ("section_head", "科室负责人")
    REVIEWER = ("reviewer", "办公室审核人")
    SIGNATORY = ("signatory", "签发人")
    REQUEST_OFFICER = ("request_officer", "依申请公开办理人")
    AUDITOR = ("auditor", "审计人")
    ADMIN = ("admin", "管理员")

    @property
    def belongs_to_section(self) -> bool:
        return self in (Role.DRAFTER, Role.SECTION_HEAD)


class Severity(LabelledEnum):
    BLOCK = ("block", "阻止")
    WARN = ("warn", "提示")


class Validity(LabelledEnum):
    """有效性 of an issued document, shown in the public catalogue."""

    VALID = ("valid", "有效")
    AMENDED = ("amended", "已修订")
    REPEALED = ("repealed", "已废止")


class Trigger(LabelledEnum):
    """Why a re-review task was opened (DESIGN §6)."""

    DUE = ("due", "到期复审")
    REQUESTS = ("requests", "多人申请")
    UPSTREAM_ACTIVE = ("upstream_active", "上级文件已主动公开")
    ANNUAL_SWEEP = ("annual_sweep", "年度清理")
