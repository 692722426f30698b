"""The 操作日志's detail column in Chinese: an event's stored detail (JSON) as labelled lines.

The stored detail stays as it was hashed; this only reads it. Known keys get their Chinese name and
enum values their label; a before/after pair reads "字段：旧 → 新". An unknown key is shown as it is,
so nothing recorded is ever hidden from the auditor.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from .enums import Attribute, DocState, Role, Trigger, Validity
from .models.decisions import DecisionKind
from .models.rereview import Outcome as ReReviewOutcome
from .models.rereview import TaskState
from .request_enums import Channel, Consulted, EventKind, RequesterType, RequestState
from .request_enums import Outcome as RequestOutcome
from .rules import FINDING_LABELS

LABELS = {
    "address": "来源地址", "username": "用户名", "attribute": "公开属性", "state": "状态", "file": "文件名",
    "how": "打开方式", "sha256": "SHA-256", "version": "版本", "reason": "理由", "reason_code": "不公开理由",
    "reason_text": "理由说明", "task": "审查任务", "trigger": "开启原因", "outcome": "决定", "upstream": "上级文件",
    "upstream_number": "上级文件文号", "upstream_attribute": "上级文件属性", "public_on": "公开日期",
    "note": "说明", "question": "征求意见", "opinion": "科室意见", "opened": "开启任务数", "run": "运行编号",
    "today": "日期", "minutes": "分钟", "ids": "编号", "locked": "锁定", "findings": "提示事项",
    "printed_differs": "与印发件不一致", "doc_number": "发文字号", "signed_on": "成文日期",
    "signature_date": "签发日期", "published_on": "发布日期", "title": "标题", "next_review_on": "下次审查日期",
    "effective_on": "生效日期", "request": "申请编号", "request_id": "申请序号", "requester_type": "申请人类型",
    "channel": "申请方式", "received_on": "收到日期", "due_on": "答复期限", "documents": "涉及文件",
    "day": "日期", "days": "天数", "answered_on": "答复日期", "notified_on": "通知日期", "on_time": "按期答复",
    "letter": "告知书", "deviation": "与登记不一致", "deviation_note": "不一致说明", "consulted": "征求意见对象",
    "party": "第三方", "role": "角色", "section": "科室", "section_id": "科室", "name": "名称",
    "requires_head_review": "须科室负责人确认", "code": "代字", "label": "名称", "fits": "适用属性",
    "review_months": "审查间隔（月）", "retired": "已停用", "organ": "机关", "organ_name": "机关名称",
    "org_code": "统一社会信用代码", "doc_type": "文种", "signatories": "指定签发人", "validity": "有效性",
    "is_normative": "规范性文件", "repealed_on": "废止日期", "year": "年度", "holidays": "法定节假日",
    "workdays": "调休上班日", "source": "依据", "row": "行号", "not_found": "未找到的文件", "basis": "法律依据",
    "recipients": "主送", "active": "启用", "comment": "意见", "acknowledged": "已确认的提示",
    "explanation": "说明", "prefix": "代字", "co_issuers": "联合发文机关", "is_forwarding": "转发文件",
    "is_policy": "政策性文件", "approver": "审批人", "marking_active": "主动公开标注",
    "marking_on_request": "依申请公开标注", "marking_non_disclosable": "不予公开标注", "display_name": "姓名",
    "index_scheme": "索引号规则", "request_threshold": "申请触发人数", "request_window_days": "申请触发期限（天）",
    "proposed": "拟调整为", "declared": "拟稿人声明",
}

#: Keys whose values are an enum's stored value, shown by its label.
_ENUMS = {
    "attribute": Attribute, "upstream_attribute": Attribute, "attribute_before": Attribute,
    "attribute_after": Attribute, "proposed": Attribute, "declared": Attribute,
    "state": DocState, "role": Role, "trigger": Trigger, "validity": Validity,
    "requester_type": RequesterType, "channel": Channel, "consulted": Consulted, "kind": DecisionKind,
}
_HOW = {"download": "下载", "inline": "在线查看", "preview": "预览"}


@dataclass(frozen=True)
class Line:
    label: str
    value: str


def _enum_for(action: str, key: str):
    if key == "outcome":
        return RequestOutcome if action.startswith("request.") else ReReviewOutcome
    if key == "state":
        if action.startswith("request."):
            return RequestState
        if action.startswith("rereview."):
            return TaskState
    if key == "kind" and action.startswith("request."):
        return EventKind
    return _ENUMS.get(key)


#: Keys whose values are a reason code (the office's own list, 管理 → 不公开理由).
_REASON_KEYS = ("reason_code",)


def value_text(action: str, key: str, value, reasons: Mapping[str, str] | None = None) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list):
        return "、".join(value_text(action, key, v, reasons) for v in value)
    if isinstance(value, dict):
        return "；".join(f"{label_of(k)}：{value_text(action, k, v, reasons)}" for k, v in value.items())
    if key in _REASON_KEYS and reasons and value in reasons:
        return reasons[value]
    if key in ("findings", "acknowledged") and value in FINDING_LABELS:
        return FINDING_LABELS[value]
    if key == "how":
        return _HOW.get(value, str(value))
    if key in ("sha256", "letter") and isinstance(value, str) and len(value) == 64:
        return value[:16] + "…"
    enum = _enum_for(action, key)
    if enum is not None:
        try:
            return enum(value).label
        except ValueError:
            pass
    return str(value)


def label_of(key: str) -> str:
    return LABELS.get(key, key)


def describe(action: str, detail: dict | None, reasons: Mapping[str, str] | None = None) -> list[Line]:
    """The event's detail as lines the auditor reads; before/after pairs are folded into one line per field.
    ``reasons`` names the office's reason codes (code → label)."""
    detail = dict(detail or {})
    before, after = detail.pop("before", None), detail.pop("after", None)
    lines = []
    if isinstance(before, dict) or isinstance(after, dict):
        before, after = before if isinstance(before, dict) else {}, after if isinstance(after, dict) else {}
        for key in [*after, *(k for k in before if k not in after)]:
            new = value_text(action, key, after.get(key), reasons)
            if key in before:
                lines.append(Line(label_of(key), f"{value_text(action, key, before[key], reasons)} → {new}"))
            else:
                lines.append(Line(label_of(key), new))
    elif before is not None or after is not None:
        lines.append(Line("变更", f"{value_text(action, '', before)} → {value_text(action, '', after)}"))
    lines.extend(Line(label_of(k), value_text(action, k, v, reasons)) for k, v in detail.items())
    return lines
