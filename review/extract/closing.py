"""The end of the 主体: 发文机关署名, 成文日期 and the 附注 marking (GB/T 9704-2012 7.3.5–7.3.6).

The first signature–date block after the header belongs to the document itself; in 印发/转发
notices the attached or forwarded document follows with a block of its own, which is not ours.
The 版记 印发日期 ("…2020年7月8日印发") is not a date line, so it never passes for the 成文日期.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from review.extract import vocab
from review.extract.dates import parse_date
from review.extract.model import Line

#: How far above the date the signatures of a joint document may reach.
MAX_SIGNATURE_LINES = 8
#: How far below the date the marking may sit (a contact line may come first).
MAX_MARKING_DISTANCE = 3
_SPLIT = re.compile(r"\s{2,}|\t")


@dataclass
class Closing:
    signed_date: str | None = None
    issuer: str | None = None
    marking: str | None = None
    marking_text: str | None = None


def read_closing(lines: list[Line], start: int) -> Closing:
    closing = Closing()
    # A date sharing its table row with other cells is data (a list of organs and dates), not a 成文日期.
    dates = [i for i in range(start, len(lines)) if lines[i].row_cells < 2 and vocab.is_date_line(lines[i].text)]
    if not dates:
        for line in lines[start:]:
            marking = vocab.marking_of_line(line.text)
            if marking:
                closing.marking_text, closing.marking = marking, vocab.marking_attribute(marking)
                break
        return closing
    index = next((i for i in dates if _is_closing_date(lines, i, start)), dates[0])
    closing.signed_date = parse_date(lines[index].text).isoformat()
    closing.issuer = _lead_signature(lines, index, start)
    closing.marking_text = _marking_after(lines, index) or _marking_above(lines, index, start)
    closing.marking = vocab.marking_attribute(closing.marking_text) if closing.marking_text else None
    return closing


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
        if _is_seal_fragment(line):
            i -= 1
            continue
        if not _is_signature(line):
            break
        found.append(line)
        i -= 1
    return found[::-1]


def _is_seal_fragment(line: Line) -> bool:
    """Single characters: the text of a vector seal (印章) over the signature comes out one by one."""
    return len(vocab.compact(line.text)) == 1


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
        return pieces
    return parts or [line.text.strip()]


def _lead_signature(lines: list[Line], index: int, start: int) -> str | None:
    signatures = _signature_lines(lines, index, start)
    if not signatures:
        return None
    return vocab.tidy(_parts(signatures[0])[0]) or None


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
    for line in following[:MAX_MARKING_DISTANCE]:
        marking = vocab.marking_of_line(line.text)
        if marking:
            return marking
        if not vocab.compact(line.text).startswith(("(", "（")):
            return None
    return None
