"""成文日期 lines: ``2020年7月8日``, ``2020 年 10 月 9 日``, ``二〇一九年三月十五日``, and as offices also
print them: ``2024年元月8日`` (元月 is January), ``2022年3月8号``, ``2023年11月3日。`` (trailing punctuation)."""
from __future__ import annotations

import datetime
import re
import unicodedata

_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "o": 0, "О": 0, "0": 0, "一": 1, "二": 2, "两": 2,
          "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零ＯOoО0一二两三四五六七八九十"
_DATE_RE = re.compile(
    rf"(?P<y>\d{{4}}|[{_CN}]{{4}})年(?P<m>\d{{1,2}}|[{_CN}]{{1,3}}|元)月(?P<d>\d{{1,2}}|[{_CN}]{{1,3}})[日号]"
)
#: Punctuation a date line may end with (a sentence full stop, a stray comma).
_TRAILING = "。．.，,；;、！!"


def _number(s: str) -> int | None:
    """Arabic digits, or Chinese numerals as written in dates (二〇一九, 十二, 三十一)."""
    if s.isdigit():
        return int(s)
    if s == "元":
        return 1
    if "十" in s:
        tens, _, ones = s.partition("十")
        if len(tens) > 1 or len(ones) > 1:
            return None
        t = _DIGIT.get(tens, -1) if tens else 1
        o = _DIGIT.get(ones, -1) if ones else 0
        return None if t < 0 or o < 0 else t * 10 + o
    value = 0
    for ch in s:
        if ch not in _DIGIT:
            return None
        value = value * 10 + _DIGIT[ch]
    return value


def _compact(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def parse_date(text: str) -> datetime.date | None:
    """The date if ``text`` is a date and nothing else (spaces ignored), else None."""
    match = _DATE_RE.fullmatch(_compact(text).rstrip(_TRAILING))
    if not match:
        return None
    year, month, day = (_number(match[k]) for k in ("y", "m", "d"))
    if year is None or month is None or day is None or not 1900 <= year <= 2100:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None
