"""The language of official documents that the layout rules recognise.

Sources: GB/T 9704-2012 (layout) and 《党政机关公文处理工作条例》 (kinds of documents).
"""
from __future__ import annotations

import re
import unicodedata

from review.enums import MARKING_WORDINGS, attribute_of_marking
from review.extract.dates import parse_date
from review.extract.numbers import doc_number_in_line

#: 文种: the kinds a title ends with (条例 第8条 lists 15; attachments add their own).
KINDS = (
    "通知", "通报", "请示", "报告", "批复", "意见", "函", "办法", "决定", "规定", "方案", "计划", "要点",
    "纪要", "公告", "通告", "命令", "令", "议案", "决议", "公报", "细则", "规则", "规划", "答复", "总结",
    "制度", "指引", "指南", "标准", "目录", "预案", "清单", "措施", "安排", "章程", "条例", "守则", "须知",
    "说明", "建议", "倡议书", "公示", "意见书", "实施意见", "简报", "讲话", "协议", "备忘录",
)
_TITLE_END = re.compile(rf"(?:{'|'.join(KINDS)})(?:[（(][^（）()]{{1,20}}[）)])?$")

#: How names of organs end (发文机关署名, 发文机关标志).
ORGAN_SUFFIXES = (
    "委员会", "委", "局", "厅", "办公室", "办", "政府", "院", "中心", "部", "署", "会", "所", "站", "处",
    "室", "队", "馆", "社", "行", "公司", "组", "司", "府", "街道", "镇", "乡", "村", "校", "学", "台",
    "团", "盟", "联", "科", "股", "党组", "支部", "工委", "办事处", "集团", "监狱", "区", "县", "市", "省",
    "州", "旗", "庭",
)

_SPACE_NEAR_CJK = re.compile(r"\s+(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\s+")
_SENTENCE_PUNCT = set("。，,；;：:？?！!、")
_COPY_NUMBER = re.compile(r"(?:份号[:：]?)?\d{6}")
#: 密级和保密期限, e.g. 秘密★6个月, 机密★长期, optionally after the 份号 on the same line. The ★ may be
#: missing where a .docx draws it as a symbol-font glyph (w:sym).
_SECRECY = re.compile(
    r"(?:(?:份号[:：]?)?\d{6})?(?:密级[:：])?((?:绝密|机密|秘密)(?:[★☆*]?(?:\d{1,3}(?:个月|年|天|日)|长期))?)"
)
_URGENCY = re.compile(r"(?:紧急程度[:：])?(?:特急|加急|特提|平急|急件|急)")
_SIGNER = re.compile(r"签发人[:：]?.*")
_NUMBER_PREFIX = re.compile(r"^(?:发文字号|文件编号|文号|字号|编号)[:：]")
_DASHES = "-—–－‒―─"
_PAGE_NUMBER = re.compile(
    r"[-—–－‒―─]+\s*\d{1,4}\s*[-—–－‒―─]+|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?"
)
_MARKING_PARENS = re.compile(r"[（(]([^（）()]{2,60})[)）]")
#: The label of a disclosure field, in the 附注 or the 版记 or a table: 信息公开形式, 公开方式, 公开属性 …
_MARKING_LABEL = r"(?:(?:政府)?(?:信息|资讯)?公开(?:形式|方式|属性|类型|选项|情况)|附注|备注)"
_MARKING_FIELD = re.compile(rf"{_MARKING_LABEL}[:：]([^\s]{{2,16}})")
#: The same label and its value in two cells of a table row (read as one line from a PDF).
_MARKING_ROW = re.compile(rf"({_MARKING_LABEL})[:：]?\s+(\S{{2,16}})")
_MARKING_LABEL_ONLY = re.compile(rf"{_MARKING_LABEL}[:：]?")
_NOT_MARKING = re.compile(r"联系|电话|手机|邮箱|地址|传真|邮编|抄送")
_PIECES = re.compile(r"[，,；;。]")
#: What a marking that cannot be classified still looks like: 此件/本件 … 公开.
_MARKING_SHAPE = re.compile(r"^(?:此|本|该)(?:件|文)[^，,；;。]{0,8}公开[^，,；;。]{0,4}$")
_ENUMERATION = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,3})[.．、)）]")
_ALL_WORDINGS = {w for wordings in MARKING_WORDINGS.values() for w in wordings}


def compact(text: str) -> str:
    """NFKC with every whitespace removed — how lines are compared."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def tidy(text: str) -> str:
    """Drop the spaces PDF extraction puts around digits inside Chinese text."""
    return _SPACE_NEAR_CJK.sub("", text.strip())


def is_page_number(text: str) -> bool:
    """Footer page numbers such as ``— 3 —`` or ``第 3 页 共 10 页``."""
    text = text.strip()
    if len(text) > 24 or not text or (text[0] not in _DASHES and "页" not in text):
        return False
    return bool(_PAGE_NUMBER.fullmatch(text))


def ends_like_title(text: str) -> bool:
    return bool(_TITLE_END.search(compact(text)))


def has_sentence_punct(text: str) -> bool:
    return any(ch in _SENTENCE_PUNCT for ch in text)


def is_date_line(text: str) -> bool:
    return len(text) <= 40 and "年" in text and ("日" in text or "号" in text) and parse_date(text) is not None


def number_of_line(text: str) -> str | None:
    """The 发文字号 if the line holds it and nothing else but an optional 签发人."""
    if "号" not in text:
        return None
    number, rest = doc_number_in_line(compact(text))
    if number is None:
        return None
    rest = _SIGNER.sub("", "".join(rest.split()))
    rest = _NUMBER_PREFIX.sub("", rest)
    # Printed in parentheses under the title (web pages, 公报 copies): （青卫发〔2026〕8号）.
    if rest in ("()", "（）", "(）", "（)"):
        return number
    # Older documents print the date, or the 紧急程度 / 密级, on the number line.
    if rest and (parse_date(rest) is not None or _URGENCY.fullmatch(rest) or _SECRECY.fullmatch(rest)):
        return number
    return number if not rest else None


_SERIAL = re.compile(r"[（(]?(?:\d{4}年)?第[0-9一二三四五六七八九十百零〇]{1,6}号[)）]?")


def is_serial_line(text: str) -> bool:
    """The serial of a 公告/通告/令 printed under its title: 第3号, （2024年第2号）."""
    return bool(_SERIAL.fullmatch(compact(text)))


_TITLE_NUMBER = re.compile(r"^(.{4,}?)[（(]([^（）()]{4,30})[)）]$")


def split_title_number(title: str) -> tuple[str, str | None]:
    """A title printed with its own number in parentheses on the same line (web copies):
    关于…的通知（青卫发〔2026〕8号） → the title and the number."""
    match = _TITLE_NUMBER.match(title)
    if match and ends_like_title(match[1]):
        number, rest = doc_number_in_line(compact(match[2]))
        if number and not rest.strip():
            return match[1], number
    return title, None


def secrecy_of_line(text: str) -> str | None:
    match = _SECRECY.fullmatch(compact(text))
    return match[1] if match else None


def is_header_mark(text: str) -> bool:
    """份号, 密级, 紧急程度 or a 签发人 line of the 版头 (not part of the title)."""
    c = compact(text)
    return bool(
        _COPY_NUMBER.fullmatch(c) or _SECRECY.fullmatch(c) or _URGENCY.fullmatch(c)
        or c.startswith("签发人") or is_page_number(c)
    )


def is_recipients_line(text: str) -> bool:
    """The 主送机关 line ends with a colon (a body sentence "…通知如下：" does too, but says so)."""
    c = compact(text)
    if len(c) < 2 or c[-1] not in "：:" or c[:-1].endswith("如下"):
        return False
    return "签发人" not in c and "。" not in c


def _is_wording(inner: str) -> bool:
    """A disclosure wording: one the parser can classify, or one shaped like a marking that it
    cannot (此件不主动公开 — left to the reviewer with the text as printed)."""
    if _NOT_MARKING.search(inner):
        return False
    return attribute_of_marking(inner) is not None or bool(_MARKING_SHAPE.match(inner))


def marking_of_line(text: str) -> str | None:
    """The 附注 marking if the line is one: （此件主动公开）, (此件公开发布), 信息公开形式：依申请公开,
    or a marking that shares its parentheses with a contact line: （此件主动公开，联系人：…）."""
    c = compact(text)
    match = _MARKING_PARENS.fullmatch(c) or _MARKING_FIELD.fullmatch(c)
    inner = match[1] if match else (c if c in _ALL_WORDINGS else None)
    if inner is None:
        return None
    if not _is_wording(inner):
        pieces = [piece for piece in _PIECES.split(inner) if piece]
        wordings = [piece for piece in pieces if _is_wording(piece)]
        if len(wordings) != 1 or not all(p in wordings or _NOT_MARKING.search(p) for p in pieces):
            return None
    return "".join(text.split())  # as printed (full- or half-width), without stray spaces


def marking_wording(marking_text: str) -> str:
    """The part of a marking line that says the attribute (without a contact line sharing it)."""
    c = compact(marking_text)
    match = _MARKING_PARENS.fullmatch(c) or _MARKING_FIELD.fullmatch(c)
    inner = match[1] if match else c
    pieces = [piece for piece in _PIECES.split(inner) if piece and _is_wording(piece)]
    return pieces[0] if len(pieces) == 1 else inner


def row_marking(text: str) -> str | None:
    """A disclosure field laid out as a table row, label and value in separate cells
    (公开属性 | （此件主动公开）), read as one line with a gap between them."""
    match = _MARKING_ROW.fullmatch(text.strip())
    if match and (marking_of_line(match[2]) or _is_wording(compact(match[2]))):
        return "".join(text.split())
    return None


def is_marking_label(text: str) -> bool:
    """A table cell holding only a disclosure field's label (its value is in the next cell)."""
    return bool(_MARKING_LABEL_ONLY.fullmatch(compact(text)))


def is_wording(text: str) -> bool:
    return _is_wording(compact(text))


def marking_attribute(marking_text: str) -> str | None:
    attribute = attribute_of_marking(marking_wording(marking_text))
    return attribute.value if attribute else None


def looks_like_organ(text: str) -> bool:
    c = compact(text)
    return 2 <= len(c) <= 40 and not has_sentence_punct(c) and c.endswith(ORGAN_SUFFIXES)


def could_be_signature(text: str) -> bool:
    """Shape of a 发文机关署名 line: short, no sentence punctuation, not a list item or attachment."""
    c = compact(text)
    return (
        2 <= len(c) <= 60
        and not has_sentence_punct(c)
        and not c.startswith(("附件", "(", "（", "《"))
        and not _ENUMERATION.match(c)
        and not any(ch in c for ch in "《》“”\"")
        and not ends_like_title(c)
        and not is_date_line(c)
        and not is_page_number(c)
    )
