"""The 版头 and the start of the 主体: 密级, 发文机关标志, 发文字号, 标题, 主送机关.

GB/T 9704-2012 7.2 (版头) and 7.3.1–7.3.2 (标题, 主送机关).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from review.extract import vocab
from review.extract.model import Line

#: The header never runs longer than this many lines before the 主送机关 or the first sentence.
HEADER_SPAN = 60
#: A title is a few lines; more means we are not looking at one.
MAX_TITLE_LINES = 8


@dataclass
class Header:
    secrecy: str | None = None
    doc_number: str | None = None
    number_index: int | None = None
    banner: list[str] = field(default_factory=list)
    title: str | None = None
    title_lines: list[str] = field(default_factory=list)
    recipients: str | None = None
    #: Index of the first line after the header (where the body starts).
    end: int = 0


def read_header(lines: list[Line]) -> Header:
    header = Header()
    limit = _header_limit(lines)
    for i in range(limit):
        number = vocab.number_of_line(lines[i].text)
        if number:
            header.doc_number, header.number_index = number, i
            break
    lead_end = header.number_index if header.number_index is not None else limit
    for line in lines[:lead_end]:
        header.secrecy = header.secrecy or vocab.secrecy_of_line(line.text)
    above = _title_above_number(lines, header)
    if above is not None:
        # The number printed under the title (web pages, 公报 copies, some older documents).
        title_lines, rest = _split_title(above)
        rest += [line for line in lines[header.number_index + 1: limit] if _has_words(line.text)]
    else:
        start = _title_start(lines, header, limit)
        block = [line for line in lines[start:limit] if not vocab.is_header_mark(line.text) and _has_words(line.text)]
        if header.number_index is not None and "签发人" in lines[header.number_index].text:
            block = _drop_signer_names(block)
        block = _skip_banner(block, header)
        title_lines, rest = _split_title(block)
    rest = [line for line in rest if not vocab.is_serial_line(line.text)]
    header.title_lines = [line.text for line in title_lines]
    header.title = _join_title(header.title_lines)
    if header.title and header.doc_number is None:
        header.title, header.doc_number = vocab.split_title_number(header.title)
    header.end = limit
    if limit < len(lines) and vocab.is_recipients_line(lines[limit].text):
        parts = [vocab.tidy(line.text) for line in [*rest, lines[limit]]]
        header.recipients = "".join(parts).rstrip("：:") or None
        header.end = limit + 1
    return header


def _is_banner(line: Line, following: Line | None) -> bool:
    """A 发文机关标志: ends in 文件, or is printed much larger than the line after it."""
    if vocab.compact(line.text).endswith("文件"):
        return True
    return bool(following and line.size and following.size and line.size >= 1.25 * following.size
                and not vocab.ends_like_title(line.text))


def _title_above_number(lines: list[Line], header: Header) -> list[Line] | None:
    """The title lines when the 发文字号 is printed under them, else None."""
    if header.number_index is None:
        return None
    lead = [line for line in lines[: header.number_index]
            if not vocab.is_header_mark(line.text) and _has_words(line.text)]
    k = 0
    while k < len(lead) and _is_banner(lead[k], lead[k + 1] if k + 1 < len(lead) else None):
        k += 1
    title = lead[k:]
    if not title or len(title) > MAX_TITLE_LINES:
        return None
    if not vocab.ends_like_title("".join(vocab.compact(line.text) for line in title)):
        return None
    header.banner = [vocab.tidy(line.text) for line in lead[:k]]
    return title


def _skip_banner(block: list[Line], header: Header) -> list[Line]:
    """A 发文机关标志 printed after the number (older documents put the number at the top)."""
    while len(block) >= 2 and _is_banner(block[0], block[1]):
        header.banner.append(vocab.tidy(block[0].text))
        block = block[1:]
    return block


def _has_words(text: str) -> bool:
    """Decorations such as a printed ★ between the rules are not part of the title."""
    return any(ch.isalnum() for ch in text)


def _header_limit(lines: list[Line]) -> int:
    """Index of the 主送机关 line, or of the first sentence of the body when there is none."""
    for i, line in enumerate(lines[:HEADER_SPAN]):
        text = line.text
        if vocab.is_recipients_line(text) or "。" in text or vocab.is_date_line(text):
            return i
    return min(len(lines), HEADER_SPAN)


def _title_start(lines: list[Line], header: Header, limit: int) -> int:
    """First line after the 发文字号; without one, after any 发文机关标志 (which ends in 文件)."""
    if header.number_index is not None:
        lead = lines[: header.number_index]
        header.banner = [vocab.tidy(line.text) for line in lead if not vocab.is_header_mark(line.text)]
        return header.number_index + 1
    candidates = [i for i in range(min(limit, 6)) if not vocab.is_header_mark(lines[i].text)]
    banner_end = None
    for i in candidates[:-1]:
        if vocab.compact(lines[i].text).endswith("文件"):
            banner_end = i
    if banner_end is None:
        banner_end = _larger_than_title(lines, candidates)
    if banner_end is None:
        return candidates[0] if candidates else limit
    header.banner = [vocab.tidy(lines[i].text) for i in candidates if i <= banner_end]
    return banner_end + 1


def _larger_than_title(lines: list[Line], candidates: list[int]) -> int | None:
    """Last of the leading lines printed well larger than the title (a 发文机关标志 without 文件)."""
    title_size = next((lines[i].size for i in candidates if "关于" in lines[i].text), None)
    end = None
    for i in candidates[:3]:
        if not (title_size and lines[i].size and lines[i].size >= 1.2 * title_size):
            break
        end = i
    return end


def _drop_signer_names(block: list[Line]) -> list[Line]:
    """Further 签发人 names printed under the first one (joint 上行文) are not part of the title."""
    while block and len(name := vocab.compact(block[0].text)) <= 4 and not name.startswith("关于"):
        block = block[1:]
    return block


def _split_title(block: list[Line]) -> tuple[list[Line], list[Line]]:
    """Title lines, and what follows them before the 主送机关 colon (its wrapped first part, in PDFs)."""
    if not block:
        return [], []
    shaped = _same_shape_prefix(block)
    end = _last_title_end(shaped)
    if end is None:
        # The 文种 set apart — on a line of its own, larger than the rest (通告, 公告).
        end = _last_title_end(_title_like_prefix(block))
    if end is None:
        # No 文种 at the end: trust the layout alone — centred, or set apart by its size.
        if len(shaped) < len(block) or block[0].align == "center":
            end = min(len(shaped), MAX_TITLE_LINES)
        else:
            return [], block
    return block[:end], block[end:]


def _last_title_end(lines: list[Line]) -> int | None:
    """How many of the leading lines make the longest run that ends with a 文种."""
    joined = ""
    end = None
    for j, line in enumerate(lines[:MAX_TITLE_LINES]):
        if vocab.is_serial_line(line.text):
            break  # 第3号 under a 公告 is its number, not its title
        joined += vocab.compact(line.text)
        if vocab.ends_like_title(joined):
            end = j + 1
    return end


def _title_like_prefix(block: list[Line]) -> list[Line]:
    """Leading lines that could be part of a title whatever their size: no sentence punctuation."""
    prefix = []
    for line in block[:MAX_TITLE_LINES]:
        c = vocab.compact(line.text)
        if any(ch in c for ch in "。，,；;：:") or vocab.is_serial_line(c):
            break
        prefix.append(line)
    return prefix


def _same_shape_prefix(block: list[Line]) -> list[Line]:
    """Leading lines that look like the first one: in the title's font size where sizes are known
    (a long title line may fill the measure and look justified), else centred like it."""
    first = block[0]
    prefix = [first]
    for line in block[1:]:
        if vocab.is_serial_line(line.text):
            break
        if first.size and line.size:
            if not 0.85 * first.size <= line.size <= 1.15 * first.size:
                break
        elif first.align == "center" and line.align not in (None, "center"):
            break
        prefix.append(line)
    return prefix


def _join_title(lines: list[str]) -> str | None:
    """One line; joint issuers printed on lines of their own are kept apart by a space."""
    parts = [vocab.tidy(text) for text in lines]
    parts = [p for p in parts if p]
    if not parts:
        return None
    organs = 0
    while organs < len(parts) - 1 and "关于" not in parts[organs] and vocab.looks_like_organ(parts[organs]):
        organs += 1
    if organs >= 2:
        return " ".join(parts[:organs]) + "".join(parts[organs:])
    return "".join(parts)
