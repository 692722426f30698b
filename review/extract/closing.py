"""The end of the 主体: 发文机关署名, 成文日期 and the 附注 marking (GB/T 9704-2012 7.3.5–7.3.6).

The first signature–date block after the header belongs to the document itself; in 印发/转发
notices the attached or forwarded document follows with a block of its own, which is not ours.
The 版记 印发日期 ("…2020年7月8日印发") is not a date line, so it never passes for the 成文日期.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from review.extract import vocab
from review.extract.dates import parse_date
from review.extract.model import Line

#: How far above the date the signatures of a joint document may reach (a column of 15 organs).
MAX_SIGNATURE_LINES = 16
#: How far below the date the marking may sit (a contact line may come first).
MAX_MARKING_DISTANCE = 3
#: A marking in the last lines of the file, after everything else, is the document's.
END_LINES = 3
_SPLIT = re.compile(r"\s{2,}|\t")
#: （××办公室代章）, （盖章）: a note on the seal printed between the signature and the date.
_BY_PROXY = re.compile(r"[（(][^（）()]{0,40}(?:代章|盖章|印章|公章)[)）]")
#: The 版记's lines: 抄送 and the 印发 line (印发机关 and 印发日期).
_IMPRINT = re.compile(r"^(?:抄送|主送|分送)[:：]|印发$")
#: A place in an organ's name: a line holding one starts a new signature, not a wrapped one.
#: How the internal unit under an organ's name begins or ends (…卫生厅 / 办公室).
_UNIT_STARTS = ("办公室", "办公厅", "办", "党组", "机关", "直属", "分局", "支队", "大队")
_UNIT_ENDS = ("科", "处", "室", "股", "所", "站", "队", "组", "办")
_PLACE = re.compile(r"省|市|县|区|州|盟|旗|国家|中共|中国|自治|共青团")


@dataclass
class Closing:
    signed_date: str | None = None
    issuer: str | None = None
    co_issuers: list[str] = field(default_factory=list)
    marking: str | None = None
    marking_text: str | None = None
    marking_at: str | None = None


def read_closing(lines: list[Line], start: int) -> Closing:
    closing = Closing()
    # A date sharing its table row with other cells is data (a list of organs and dates), not a 成文日期.
    dates = [i for i in range(start, len(lines)) if lines[i].row_cells < 2 and vocab.is_date_line(lines[i].text)]
    if not dates:
        found = _marking_elsewhere(lines, start, None)
        if found is None:
            for i in range(start, len(lines)):
                marking = vocab.marking_of_line(lines[i].text)
                if marking:
                    found = marking, "other"
                    break
        _set_marking(closing, found)
        return closing
    index = next((i for i in dates if _is_closing_date(lines, i, start)), dates[0])
    closing.signed_date = parse_date(lines[index].text).isoformat()
    names = _signatures(lines, index, start)
    if names:
        closing.issuer, closing.co_issuers = names[0], names[1:]
    near = _marking_after(lines, index) or _marking_beside(lines, index, start) or _marking_above(lines, index, start)
    _set_marking(closing, (near, "after_date") if near else _marking_elsewhere(lines, index + 1, index))
    return closing


def _set_marking(closing: Closing, found: tuple[str, str] | None) -> None:
    if found:
        closing.marking_text, closing.marking_at = found
        closing.marking = vocab.marking_attribute(closing.marking_text)


def _marking_elsewhere(lines: list[Line], start: int, date_index: int | None) -> tuple[str, str] | None:
    """A marking not in the 附注 position: in a table row, in the 版记, or at the very end."""
    found = _marking_in_table(lines, start, date_index)
    if found:
        return found, "table"
    found = _marking_in_imprint(lines, start, date_index)
    if found:
        return found, "imprint"
    for i in range(max(start, len(lines) - END_LINES), len(lines))[::-1]:
        marking = vocab.marking_of_line(lines[i].text)
        if marking and not _after_other_date(lines, i, date_index):
            return marking, "end"
    return None


def _marking_in_table(lines: list[Line], start: int, date_index: int | None) -> str | None:
    """公开属性 | （此件主动公开）: a label cell and its value; in a PDF one line with a gap."""
    for i in range(start, len(lines)):
        text = lines[i].text
        row = vocab.row_marking(text)
        if row and not _after_other_date(lines, i, date_index):
            return row
        labelled = vocab.is_marking_label(text) and i + 1 < len(lines) and vocab.is_wording(lines[i + 1].text)
        if labelled and not _after_other_date(lines, i, date_index):
            return "".join(lines[i + 1].text.split())
    return None


def _marking_in_imprint(lines: list[Line], start: int, date_index: int | None) -> str | None:
    """The 版记 closes the whole file (after any attachment): a 公开方式 line among its lines, or an
    信息公开选项 line just before them."""
    imprint = [i for i in range(start, len(lines)) if _IMPRINT.search(vocab.compact(lines[i].text))]
    if not imprint:
        return None
    for i in range(max(start, imprint[0] - 3), min(len(lines), imprint[-1] + 3)):
        marking = vocab.marking_of_line(lines[i].text)
        if marking and not _after_other_date(lines, i, date_index):
            return marking
    return None


def _after_other_date(lines: list[Line], i: int, date_index: int | None) -> bool:
    """The marking sits under the date of another document (a forwarded or attached one)."""
    return any(k != date_index and vocab.is_date_line(lines[k].text) for k in range(max(0, i - 3), i))


def _is_closing_date(lines: list[Line], index: int, start: int) -> bool:
    """A date under a signature, over a marking, or placed right like a 成文日期."""
    return (
        lines[index].align == "right"
        or _marking_after(lines, index) is not None
        or bool(_signature_lines(lines, index, start))
    )


def _signature_lines(lines: list[Line], index: int, start: int) -> list[Line]:
    """The 发文机关署名 lines just above the date, top first."""
    found: list[Line] = []
    i = index - 1
    while i >= start and len(found) < MAX_SIGNATURE_LINES:
        line = lines[i]
        if _is_seal_fragment(line) or _BY_PROXY.fullmatch(vocab.compact(line.text)) or (
                i == index - 1 and vocab.marking_of_line(line.text)):
            i -= 1
            continue
        if not _is_signature(line):
            break
        found.append(line)
        i -= 1
    return found[::-1]


def _signatures(lines: list[Line], index: int, start: int) -> list[str]:
    """The signing organs, lead first: side by side, stacked, or in a grid; a name wrapped over two
    lines (…卫生厅 / 办公室) is joined again."""
    names: list[str] = []
    single_before = False
    for line in _signature_lines(lines, index, start):
        parts = [vocab.tidy(p) for p in _parts(line)]
        parts = [p for p in parts if p]
        if single_before and len(parts) == 1 and _continues(names[-1], parts[0]):
            names[-1] += parts[0]
            continue
        names.extend(parts)
        single_before = len(parts) == 1
    unique: list[str] = []
    for name in names:
        if name not in unique:
            unique.append(name)
    return unique


def _continues(previous: str, piece: str) -> bool:
    """The second line of a wrapped name: what completes a first line that is no organ's name on
    its own, or an internal unit naming no place (办公室, 疾病预防控制科) — not an organ of its own
    rank such as 财政部 under 国家卫生健康委, which is a joint signatory."""
    if not vocab.looks_like_organ(previous):
        return True
    if len(piece) > 10 or _PLACE.search(piece):
        return False
    return piece.startswith(_UNIT_STARTS) or piece.endswith(_UNIT_ENDS)


def _is_seal_fragment(line: Line) -> bool:
    """Single characters: the text of a vector seal (印章) over the signature comes out one by one."""
    c = vocab.compact(line.text)
    return len(c) == 1 and c.isalnum()


def _is_signature(line: Line) -> bool:
    if not vocab.could_be_signature(line.text):
        return False
    parts = _parts(line)
    return line.align in ("right", "center") or all(vocab.looks_like_organ(p) for p in parts)


def _parts(line: Line) -> list[str]:
    """Signatures side by side on one line (joint documents) — split on wide gaps, or on single
    spaces when every piece is an organ's name."""
    parts = [p for seg in (line.segments or (line.text,)) for p in _SPLIT.split(seg.strip()) if p]
    pieces = [p for part in parts for p in part.split()]
    if len(pieces) > len(parts) and all(vocab.looks_like_organ(p) for p in pieces):
        parts = pieces
    parts = [name for part in parts for name in _unglue(part)]
    return parts or [line.text.strip()]


def _unglue(text: str) -> list[str]:
    """Names of neighbouring cells read without a gap (西陵省卫生健康委员会西陵省财政厅): split where
    the place the line starts with starts again after a complete organ's name."""
    place = text[:3]
    if len(text) < 8 or not vocab.looks_like_organ(text):
        return [text]
    cut = text.find(place, 3)
    while cut > 0:
        if vocab.looks_like_organ(text[:cut]) and vocab.looks_like_organ(text[cut:]):
            return [text[:cut], *_unglue(text[cut:])]
        cut = text.find(place, cut + 1)
    return [text]


def _marking_beside(lines: list[Line], index: int, start: int) -> str | None:
    """A marking read just before the date: printed beside it, on the same row (a text box)."""
    return vocab.marking_of_line(lines[index - 1].text) if index - 1 >= start else None


def _marking_above(lines: list[Line], index: int, start: int) -> str | None:
    """A marking printed just above the signature block instead of under the date (local practice)."""
    top = index - len(_signature_lines(lines, index, start))
    for line in lines[max(start, top - 2): top][::-1]:
        marking = vocab.marking_of_line(line.text)
        if marking:
            return marking
    return None


def _marking_after(lines: list[Line], index: int) -> str | None:
    following = [line for line in lines[index + 1: index + 12] if not _is_seal_fragment(line)]
    for k, line in enumerate(following[:MAX_MARKING_DISTANCE]):
        marking = vocab.marking_of_line(_with_wrapped(following, k))
        if marking:
            return marking
        if not vocab.compact(line.text).startswith(("(", "（")):
            return None
    return None


def _with_wrapped(following: list[Line], k: int) -> str:
    """A parenthesis opened on line ``k`` and closed on one of the next two (a long marking that
    shares its parentheses with a contact line wraps in a PDF)."""
    text = following[k].text.strip()
    c = vocab.compact(text)
    if not c.startswith(("(", "（")) or ")" in c or "）" in c:
        return text
    for line in following[k + 1: k + 3]:
        text += line.text.strip()
        if ")" in line.text or "）" in line.text:
            return text
    return following[k].text.strip()
