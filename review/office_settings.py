"""Office settings (办公室设置): what an office configures once — its name, its marking wordings, the
request trigger and the 索引号 scheme. Read-only helpers here; changes go through operations/admin.py."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .enums import Attribute
from .models import OfficeSetting

#: Placeholders a 索引号 scheme may use, with the sample values a new scheme is tried on.
INDEX_FIELDS = {"org_code": "11140400MB0000000X", "year": 2026, "id": 123, "number": "青卫发〔2026〕8号"}


@dataclass(frozen=True)
class Setting:
    key: str
    label: str
    default: object
    help: str = ""


SETTINGS: tuple[Setting, ...] = (
    Setting("organ_name", "机关名称", "", "显示在公开目录顶部和打印件上，如 青山县卫生健康局"),
    Setting("org_code", "机关代码", "", "用于索引号，通常为统一社会信用代码"),
    Setting("marking_active", "主动公开标注用语", Attribute.ACTIVE.marking,
            "本机关在附注中印制的用语（括号内文字），如 此件公开发布 或 此件主动公开"),
    Setting("marking_on_request", "依申请公开标注用语", Attribute.ON_REQUEST.marking),
    Setting("marking_non_disclosable", "不予公开标注用语", Attribute.NON_DISCLOSABLE.marking),
    Setting("request_threshold", "多人申请触发复审的申请人数", 3,
            "条例 第44条：同一信息被多个申请人申请时提示转为主动公开"),
    Setting("request_window_months", "统计申请人数的时间窗（月）", 12),
    Setting("index_scheme", "索引号规则", "{org_code}/{year}-{id:05d}",
            "可用占位：{org_code} 机关代码、{year} 成文年份、{id} 文件编号、{number} 发文字号"),
)
BY_KEY = {s.key: s for s in SETTINGS}
INTEGER_KEYS = ("request_threshold", "request_window_months")


def all_settings(session: Session) -> dict[str, object]:
    """Every setting, stored value over default."""
    stored = dict(session.execute(sa.select(OfficeSetting.key, OfficeSetting.value)).all())
    return {s.key: stored.get(s.key, s.default) for s in SETTINGS}


def setting(session: Session, key: str):
    row = session.get(OfficeSetting, key)
    return row.value if row is not None else BY_KEY[key].default


def office_marking(session: Session, attribute: Attribute) -> str:
    """The wording this office prints in the 附注 for ``attribute`` (without the parentheses)."""
    return setting(session, f"marking_{attribute.value}") or attribute.marking


def organ_name(session: Session) -> str:
    return setting(session, "organ_name") or ""


def index_number(scheme: str, org_code: str, doc_id: int, signed_on: dt.date | None, number: str | None) -> str:
    """The 索引号 of a document under the office's scheme."""
    values = {**INDEX_FIELDS, "org_code": org_code, "id": doc_id, "year": signed_on.year if signed_on else "",
              "number": number or ""}
    try:
        return scheme.format(**values)
    except (KeyError, ValueError, IndexError):
        return f"{org_code}/{doc_id:05d}"


def scheme_problem(scheme: str) -> str | None:
    """Why a 索引号 scheme cannot be used, or None."""
    if not scheme.strip():
        return "请填写索引号规则。"
    if "{id" not in scheme:
        return "索引号规则必须包含 {id}（文件编号），否则不同文件的索引号会相同。"
    try:
        scheme.format(**INDEX_FIELDS)
    except (KeyError, ValueError, IndexError) as exc:
        return f"索引号规则无法使用（{exc}）：只可使用 {{org_code}}、{{year}}、{{id}}、{{number}}。"
    return None
