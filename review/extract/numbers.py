"""发文字号 (document numbers): 代字〔YYYY〕serial号, as printed in the wild, and their normal form.

GB/T 9704-2012 7.2.4: the number is the organ's code, the year in hexagonal brackets 〔〕 and the
serial with 号 (no 第, no leading zeros). In practice brackets appear as [] () （） ﹝﹞ ［］ 【】 and
spaces creep in; the normal form unifies both so a typed number can be compared with a parsed one.
"""
from __future__ import annotations

import re
import unicodedata

_OPEN = "〔[(（﹝［【〖"
_CLOSE = "〕])）﹞］】〗"
_CJK = "\u3400-\u4dbf\u4e00-\u9fff"
_BRACKETS = str.maketrans({**{c: "〔" for c in _OPEN}, **{c: "〕" for c in _CLOSE}})

#: One document number anywhere in running text; ``code`` may carry leading words of the sentence
#: ("根据国办发"), which :func:`find_doc_numbers` trims; single spaces inside the code (letter-spaced
#: PDF text) are dropped. ``\d`` also matches full-width digits.
DOC_NUMBER_RE = re.compile(
    rf"(?P<code>[{_CJK}](?:[ \t\u3000]?[{_CJK}]){{0,19}})[ \t\u3000]*"
    rf"[{re.escape(_OPEN)}]\s*(?P<year>(?:19|20|１９|２０)\d{{2}})\s*[{re.escape(_CLOSE)}]\s*(?:第\s*)?(?P<serial>\d{{1,6}})\s*号"
)
# Finding the bracketed year first and then the code before it is much faster than letting
# DOC_NUMBER_RE try every CJK character of a long text as the start of a code.
_YEAR_PART = re.compile(
    rf"[{re.escape(_OPEN)}]\s*(?:19|20|１９|２０)\d{{2}}\s*[{re.escape(_CLOSE)}]\s*(?:第\s*)?\d{{1,6}}\s*号"
)
_ENDING_NUMBER = re.compile(DOC_NUMBER_RE.pattern + r"\Z")

# Words that end the sentence before an organ code: "根据国办发〔2019〕54号" cites 国办发.
_LEAD_WORDS = (
    "根据", "按照", "依据", "依照", "遵照", "贯彻", "落实", "执行", "参照", "对照", "结合", "印发",
    "转发", "详见", "参见", "请见", "文件", "通知", "精神", "要求", "规定", "以及", "关于", "和",
    "及", "与", "或", "见", "即", "是", "的", "将", "把", "对", "在",
)


#: How the name of an organ ends when it is printed right before its code ("省卫健委鲁卫发",
#: "国务院国发", "市政府办公室长政办发"). Single characters such as 办 are left out: codes hold them.
_ORGAN_ENDS = ("委员会", "人民政府", "政府", "办公厅", "办公室", "委", "局", "厅", "部", "院", "署", "中心")


def _trim_organ(code: str) -> str:
    """Drop an organ's name glued to the code it issued under; the code keeps at least two
    characters and the name at least three (人社部发 stays whole)."""
    cut = 0
    for end in _ORGAN_ENDS:
        pos = code.rfind(end)
        while pos >= 0:
            stop = pos + len(end)
            if stop >= 3 and len(code) - stop >= 2 and stop > cut:
                cut = stop
                break
            pos = code.rfind(end, 0, pos)
    return code[cut:]


def _trim_code(code: str) -> str:
    """Drop the words of the sentence (and an organ's name) that precede the organ code."""
    return _trim_organ(_trim_words(code))


def _trim_words(code: str) -> str:
    # The 号 of a number printed just before (…10号 长卫办发〔2020〕12号): no code starts with it.
    after_number = code.startswith("号")
    code = code.lstrip("号 \t\u3000")
    cut = 0
    for word in _LEAD_WORDS:
        pos = code.rfind(word)
        # A one-character word at the very start may belong to the code (和政县 → 和政发).
        if pos < 0 or (len(word) == 1 and pos == 0 and not after_number):
            continue
        end = pos + len(word)
        if end > cut and len(code) - end >= 2:
            cut = end
    return code[cut:]


def _compose(code: str, year: str, serial: str) -> str | None:
    code = "".join(unicodedata.normalize("NFKC", code).split())
    serial_value = int(serial)
    if not serial_value or len(code) < 2:
        return None
    return f"{code}〔{int(year)}〕{serial_value}号"


def normalise_doc_number(s: str) -> str:
    """Unify brackets to 〔〕, drop whitespace, 第 and leading zeros.

    粤卫办函［2021］ 7 号 → 粤卫办函〔2021〕7号; text that is not a number is only tidied.
    """
    compact = "".join((s or "").split())
    match = DOC_NUMBER_RE.fullmatch(compact)
    if match:
        composed = _compose(match["code"], match["year"], match["serial"])
        if composed:
            return composed
    return unicodedata.normalize("NFKC", compact).translate(_BRACKETS)


def _matches(text: str):
    for part in _YEAR_PART.finditer(text):
        match = _ENDING_NUMBER.search(text, max(0, part.start() - 44), part.end())
        if match and match.end() == part.end():
            yield match


def find_doc_numbers(text: str) -> list[str]:
    """Every document number in ``text``, normalised, in order of first appearance, without duplicates."""
    found: list[str] = []
    for match in _matches(text or ""):
        number = _compose(_trim_code("".join(match["code"].split())), match["year"], match["serial"])
        if number and number not in found:
            found.append(number)
    return found


def doc_number_in_line(text: str) -> tuple[str | None, str]:
    """The number printed on a 发文字号 line and what else the line holds (e.g. ``签发人：…``)."""
    for match in _matches(text):
        number = _compose(match["code"], match["year"], match["serial"])
        return number, text[: match.start()] + " " + text[match.end():]
    return None, text
