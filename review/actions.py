"""Every action on a document, declared once (STYLE 12).

The workflow table says in which state and by whom an action may be taken; this registry says
what it is called, what its form asks for, how it reads in the 操作日志 and whether a refusal
listing findings may be acknowledged and sent again. Views, templates, the inbox and the audit log
read it, so a new step adds an entry here and a row in the workflow table.
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Action:
    name: str
    #: The heading of its form (``{attribute}``/``{proposal}`` are filled in by the page).
    heading: str
    button: str
    #: How the audit event ``document.<name>`` reads in a document's history.
    event: str
    #: Form inputs the operation takes, by keyword: comment, attribute, reason_code, prefix_id,
    #: signed_on, signature_date, explanation, acknowledged.
    inputs: tuple[str, ...] = ()
    #: Placeholder of the comment box; a required comment says so.
    comment_hint: str = ""
    comment_required: bool = False
    #: A refusal listing warnings can be acknowledged on the page and sent again.
    confirmable: bool = False
    #: Prefix of the form's element ids (kept stable for users' bookmarks and the browser tests).
    dom: str = ""
    secondary: bool = False
    #: The operation takes the office's clock (``now``).
    timed: bool = False
    #: The function in review.operations that performs it (default: the action's name).
    operation: str = ""

    @property
    def function(self) -> str:
        return self.operation or self.name

    @property
    def form_id(self) -> str:
        return f"{self.dom or self.name}-form"

    def input_id(self, name: str) -> str:
        return f"{self.dom or self.name}-{INPUT_SUFFIX.get(name, name)}"


INPUT_SUFFIX = {"reason_code": "reason", "prefix_id": "prefix", "signed_on": "date", "signature_date": "date"}

#: Document actions that are not decisions taken from the 办理 card.
DRAFTING = (
    Action("create", "", "", "上传文件，创建草稿"),
    Action("edit", "", "修改", "上传新版本"),
    Action("declare", "", "保存草稿", "修改公开属性声明"),
    Action("attach_interpretation", "", "", "上传政策解读材料"),
    Action("submit", "", "提交审核", "提交审核"),
)

DECISIONS = (
    Action("confirm", "科室负责人确认", "科室确认，送办公室审核", "科室负责人确认", ("comment",),
           comment_hint="意见（选填）"),
    Action("approve", "按拟稿人声明审核通过（{attribute}）", "审核通过", "办公室审核通过",
           ("acknowledged", "comment"), comment_hint="审核意见（选填）", confirmable=True, timed=True),
    Action("change_attribute", "调整公开属性（须拟稿人确认）", "调整属性", "办公室调整公开属性",
           ("attribute", "reason_code", "comment", "acknowledged"), comment_hint="调整理由（必填）",
           comment_required=True, confirmable=True, dom="change", secondary=True, timed=True),
    Action("return", "退回修改", "退回", "退回修改", ("comment",), comment_hint="退回意见（必填）",
           comment_required=True, secondary=True, operation="return_for_revision"),
    Action("accept_change", "", "同意调整为“{proposal}”", "拟稿人同意调整", dom="accept"),
    Action("object", "", "提出异议", "拟稿人提出异议", ("comment",),
           comment_hint="异议理由（必填），提交签发人裁定", comment_required=True, secondary=True,
           operation="object_change"),
    Action("rule", "签发人裁定（最终决定）", "裁定", "签发人裁定", ("attribute", "reason_code", "comment"),
           comment_hint="裁定理由（必填）", comment_required=True),
    Action("override_upstream", "上级文件为主动公开，拟定为不予公开须签发人书面同意", "同意不予公开",
           "签发人同意不予公开", ("comment",), comment_hint="同意理由（必填）", comment_required=True,
           dom="override", secondary=True),
    Action("sign", "签发", "签发", "签发人签发", ("signature_date", "comment"), comment_hint="签发意见（选填）",
           timed=True),
    Action("send_back", "退回办公室", "退回办公室", "签发人退回办公室", ("comment",), comment_hint="退回理由（必填）",
           comment_required=True, secondary=True),
    Action("attest_marking", "文件中未识别到公开标注：确认印发件载有“（{marking}）”", "确认印发件载有标注",
           "办公室确认印发件载有公开标注", ("comment",),
           comment_hint="确认理由（必填），如：附注由印制环节加印于版记", comment_required=True,
           dom="attest", secondary=True),
    Action("issue", "发文（分配发文字号）", "发文", "发文", ("prefix_id", "signed_on", "explanation", "acknowledged"),
           confirmable=True, timed=True),
)
#: Actions taken elsewhere than the 办理 card (the staff catalogue, the corrected-file upload).
OTHER = (
    Action("correct_file", "", "上传更正版本", "办公室上传更正版本"),
    Action("set_validity", "", "修改", "修改有效性"),
)

BY_NAME = {a.name: a for a in (*DRAFTING, *DECISIONS, *OTHER)}


def get(name: str) -> Action | None:
    return BY_NAME.get(name)


def event_labels() -> dict[str, str]:
    """``document.<action>`` → how it reads in the history (the audit log adds the non-document ones)."""
    # "edit" is a permission, never an event: uploading a new version is recorded as add_version.
    labels = {f"document.{a.name}": a.event for a in BY_NAME.values() if a.name != "edit"}
    labels["document.add_version"] = BY_NAME["edit"].event
    return labels
