"""The findings engine (DESIGN §4): plain facts in, findings out. No Flask, no database.

Each rule names its legal source. ``stage`` is where the check runs: some findings only warn at
submission and block later (marking at issue, interpretation at approval).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .disclosure_kinds import ARTICLE_19, kinds_in
from .enums import Attribute, Severity
from .extract import normalise_doc_number

SUBMIT, APPROVE, ISSUE = "submit", "approve", "issue"

#: Minimum length of the written explanation for a restricted attribute: "说明理由" means a reason
#: a reviewer can check, not a placeholder.
MIN_EXPLANATION = 10


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    source: str

    @property
    def blocks(self) -> bool:
        return self.severity is Severity.BLOCK


@dataclass
class Facts:
    """What the rules look at: the declaration, the parsed elements and the file's text."""

    attribute: Attribute | None = None
    reason_code: str | None = None
    #: Attribute values the chosen reason code fits (from the ReasonCode table).
    reason_fits: tuple[str, ...] = ()
    reason_text: str = ""
    upstream_number: str | None = None
    upstream_attribute: Attribute | None = None
    #: The signatory allowed 不予公开 although the upstream document is active.
    upstream_override: bool = False
    is_forwarding: bool = False
    is_policy: bool = False
    has_interpretation: bool = False
    co_issuers: str = ""
    title: str = ""
    doc_number: str | None = None
    #: Parsed from the file (review.extract.Elements.as_json()).
    parsed: dict = field(default_factory=dict)
    text: str = ""
    #: The office recorded, with a reason, that the issued copy carries the marking although the
    #: parser found none in this file (e.g. it is added when the file is printed).
    marking_attested: bool = False
    #: The wording this office prints for the declared attribute (admin setting), e.g. 此件公开发布.
    office_marking: str | None = None


#: Each finding's short name, as the 操作日志 lists the findings of a submission or an approval.
FINDING_LABELS = {
    "attribute_missing": "未声明公开属性", "doc_number_differs": "发文字号与文件不一致",
    "explanation_missing": "缺少书面理由", "forwarding_differs": "转发文件属性不一致",
    "interpretation_missing": "缺少政策解读", "joint_issuance": "联合发文", "marking_mismatch": "公开标注与声明不一致",
    "marking_missing": "文件未载公开标注", "reason_missing": "缺少不公开理由", "reason_unfit": "理由不适用于该属性",
    "restricted_content": "主动公开件含限制性内容", "secret_active": "涉密文件不得公开",
    "secret_reason": "涉密文件理由应为国家秘密", "secret_not_withheld": "涉密文件应不予公开",
    "issued_number_differs": "发文字号与印发件不一致", "issued_date_differs": "成文日期与印发件不一致",
    "should_be_active": "属应主动公开的文件", "state_secret_unmarked": "国家秘密未标密级",
    "title_differs": "标题与文件不一致", "upstream_active": "上级文件为主动公开", "upstream_missing": "未填写上级文件",
}


def _finding(code, severity, message, source) -> Finding:
    assert code in FINDING_LABELS, f"finding {code} has no name in FINDING_LABELS"
    return Finding(code, severity, message, source)


def _declared(f: Facts, stage: str) -> list[Finding]:
    if f.attribute is None:
        return [_finding("attribute_missing", Severity.BLOCK,
                         "未声明公开属性：未认定公开属性的公文不得送办公室审核。",
                         "国办发〔2016〕80号：公文拟制时明确公开属性")]
    return []


def _reason(f: Facts, stage: str) -> list[Finding]:
    if f.attribute is None or not f.attribute.restricted:
        return []
    out = []
    if not f.reason_code:
        out.append(_finding("reason_missing", Severity.BLOCK,
                            f"拟定为“{f.attribute.label}”，须选择不公开理由。",
                            "国办发〔2016〕80号；公文公开属性源头认定制度：依申请公开、不予公开须说明理由"))
    elif f.attribute.value not in f.reason_fits:
        out.append(_finding("reason_unfit", Severity.BLOCK,
                            f"所选理由不适用于“{f.attribute.label}”。",
                            "《政府信息公开条例》第十四条至第十六条"))
    if len("".join(f.reason_text.split())) < MIN_EXPLANATION:
        out.append(_finding("explanation_missing", Severity.BLOCK,
                            f"拟定为“{f.attribute.label}”，须书面说明具体理由（不少于{MIN_EXPLANATION}个字）。",
                            "国办发〔2016〕80号；公文公开属性源头认定制度"))
    return out


def _upstream(f: Facts, stage: str) -> list[Finding]:
    out = []
    if (f.upstream_attribute is Attribute.ACTIVE and f.attribute is Attribute.NON_DISCLOSABLE
            and not f.upstream_override):
        out.append(_finding("upstream_active", Severity.BLOCK,
                            "上级文件为主动公开，本件原则上不得拟定为不予公开（仅签发人可书面说明理由后同意）。",
                            "公文公开属性源头认定制度：上级文件为主动公开的，原则上不得拟定为不予公开"))
    if (f.is_forwarding and f.upstream_attribute is not None and f.attribute is not None
            and f.attribute is not f.upstream_attribute):
        out.append(_finding("forwarding_differs", Severity.WARN,
                            f"转发类文件一般应与上级文件公开属性一致（上级文件：{f.upstream_attribute.label}）。",
                            "公文公开属性源头认定制度"))
    if f.is_forwarding and not f.upstream_number:
        out.append(_finding("upstream_missing", Severity.WARN,
                            "转发类文件应填写所转发的上级文件字号及其公开属性。", "公文公开属性源头认定制度"))
    return out


def _marking(f: Facts, stage: str) -> list[Finding]:
    if f.attribute is None:
        return []
    severity = Severity.BLOCK if stage == ISSUE else Severity.WARN
    printed = f.parsed.get("marking")
    if printed is None:
        if f.marking_attested:
            return []
        seen = f.parsed.get("marking_text")
        what = f"文件中的标注“{seen}”无法确定公开属性" if seen else "文件中未找到附注公开标注"
        wording = f.office_marking or f.attribute.marking
        return [_finding("marking_missing", severity,
                         f"{what}，应在成文日期下一行（或版记、表格中）标注“（{wording}）”。",
                         "GB/T 9704-2012 附注；公文公开属性源头认定制度")]
    if printed != f.attribute.value:
        return [_finding("marking_mismatch", severity,
                         f"文件标注“{f.parsed.get('marking_text') or printed}”与拟定的“{f.attribute.label}”不一致。",
                         "GB/T 9704-2012 附注；公文公开属性源头认定制度")]
    return []


#: The reason code a document carrying a 密级 mark must be withheld under.
STATE_SECRET = "state_secret"


def _secrecy(f: Facts, stage: str) -> list[Finding]:
    """A document marked 秘密★/机密★/绝密★ may only be 不予公开 as a state secret; the reverse only warns."""
    secrecy = f.parsed.get("secrecy")
    source = "《保守国家秘密法》；《政府信息公开条例》第十四条"
    if secrecy and f.attribute is not None and f.attribute is not Attribute.NON_DISCLOSABLE:
        return [_finding("secret_active" if f.attribute is Attribute.ACTIVE else "secret_not_withheld",
                         Severity.BLOCK,
                         f"文件标有密级“{secrecy}”，只能拟定为不予公开（理由：属于国家秘密），"
                         f"不得拟定为“{f.attribute.label}”。", source)]
    if secrecy and f.attribute is Attribute.NON_DISCLOSABLE and f.reason_code != STATE_SECRET:
        return [_finding("secret_reason", Severity.BLOCK,
                         f"文件标有密级“{secrecy}”，不公开理由应为“属于国家秘密”。", source)]
    if not secrecy and f.reason_code == STATE_SECRET and f.attribute is Attribute.NON_DISCLOSABLE:
        return [_finding("state_secret_unmarked", Severity.WARN,
                         "以“属于国家秘密”为由不予公开，但文件未标注密级（秘密★/机密★/绝密★），请核实定密情况。",
                         source)]
    return []


#: 18-digit resident ID: region, birth date (plausible year, month, day), sequence, check digit.
_ID_NUMBER = re.compile(
    r"(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])"
)
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")
_INTERNAL_WORDS = ("内部资料", "工作秘密", "内部文件", "注意保密", "不得外传", "内部使用")


def restricted_content(text: str) -> list[str]:
    """What in ``text`` should not ride along in an active document (夹带)."""
    found = []
    if _ID_NUMBER.search(text):
        found.append("身份证号码")
    if _MOBILE.search(text):
        found.append("手机号码")
    found += [w for w in _INTERNAL_WORDS if w in text]
    return found


def _carried_content(f: Facts, stage: str) -> list[Finding]:
    if f.attribute is not Attribute.ACTIVE:
        return []
    found = restricted_content(f.text)
    if not found:
        return []
    return [_finding("restricted_content", Severity.WARN,
                     f"拟主动公开，但正文含有{'、'.join(found)}，请确认未夹带依申请公开或不予公开内容。",
                     "公文公开属性源头认定制度：主动公开的公文不可夹带依申请公开、不予公开内容")]


def _joint(f: Facts, stage: str) -> list[Finding]:
    if not f.co_issuers.strip():
        return []
    names = "、".join(x.strip() for x in f.co_issuers.splitlines() if x.strip())
    return [_finding("joint_issuance", Severity.WARN,
                     f"联合发文：公开属性由主办机关认定，须记录并告知联合发文机关（{names}）。",
                     "《政府信息公开条例》第十条")]


def _must_be_active(f: Facts, stage: str) -> list[Finding]:
    """条例 第十九、二十条: kinds that must be active, recognised in the title (review/disclosure_kinds.py)."""
    if f.attribute is None or not f.attribute.restricted:
        return []
    kinds = kinds_in(f.title)
    hits = [f"{k.name}（条例{k.source}）" for k in kinds]
    if f.is_policy:
        hits.insert(0, "政策性文件（条例第十九条）")
    if not hits:
        return []
    sources = "；".join(dict.fromkeys(["《政府信息公开条例》" + k.source for k in kinds] + [ARTICLE_19]))
    return [_finding("should_be_active", Severity.WARN,
                     f"文件属于{'、'.join(hits)}，依法应当主动公开，请确认拟定为“{f.attribute.label}”的理由。",
                     sources + "；防止依申请公开、不予公开属性的滥用")]


def _interpretation(f: Facts, stage: str) -> list[Finding]:
    if f.attribute is Attribute.ACTIVE and f.is_policy and not f.has_interpretation:
        severity = Severity.WARN if stage == SUBMIT else Severity.BLOCK
        return [_finding("interpretation_missing", severity,
                         "主动公开的政策性文件须同步提交政策解读材料（审核通过前必须补齐）。",
                         "谁起草、谁解读；政策文件与解读材料同步起草、同步审签")]
    return []


def _normalise(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _form_agrees(f: Facts, stage: str) -> list[Finding]:
    out = []
    parsed_number = f.parsed.get("doc_number")
    if f.doc_number and parsed_number and normalise_doc_number(f.doc_number) != parsed_number:
        out.append(_finding("doc_number_differs", Severity.WARN,
                            f"填写的发文字号“{f.doc_number}”与文件中的“{parsed_number}”不一致。", "表单与文件一致性"))
    parsed_title = f.parsed.get("title")
    if f.title and parsed_title and _normalise(f.title) != _normalise(parsed_title):
        out.append(_finding("title_differs", Severity.WARN,
                            f"填写的标题与文件中的标题“{parsed_title}”不一致。", "表单与文件一致性"))
    return out


RULES = (_declared, _reason, _upstream, _secrecy, _marking, _carried_content, _joint,
         _must_be_active, _interpretation, _form_agrees)


def findings(facts: Facts, stage: str = SUBMIT) -> list[Finding]:
    """Every finding for ``facts`` at ``stage``; blocking ones first."""
    out = [x for rule in RULES for x in rule(facts, stage)]
    return sorted(out, key=lambda x: 0 if x.blocks else 1)


#: Blocks that only the signatory can lift, so they must reach the office rather than stop the drafter:
#: the document is submitted with the block standing and cannot be approved until the override.
OVERRIDABLE = frozenset({"upstream_active"})


def blocking(found: list[Finding]) -> list[Finding]:
    return [x for x in found if x.blocks]


def blocking_submission(found: list[Finding]) -> list[Finding]:
    return [x for x in found if x.blocks and x.code not in OVERRIDABLE]
