"""Lines → GB/T 9704 elements. Pure text and layout rules; knows nothing of file formats."""
from __future__ import annotations

from dataclasses import replace

from review.extract import vocab
from review.extract.closing import read_closing
from review.extract.hant import to_simplified
from review.extract.header import Header, read_header
from review.extract.model import Elements, Line
from review.extract.numbers import find_doc_numbers


def analyse(lines: list[Line], *, soft_wrapped: bool) -> Elements:
    """Find the elements; ``soft_wrapped`` says a line break may fall inside a sentence (PDF)."""
    lines = [_simplified(line) for line in lines if line.text.strip() and not vocab.is_page_number(line.text)]
    header = read_header(lines)
    closing = read_closing(lines, header.end)
    after_number = lines[header.number_index + 1:] if header.number_index is not None else lines
    upstream = [n for n in find_doc_numbers(_flow(after_number, soft_wrapped)) if n != header.doc_number]
    return Elements(
        doc_number=header.doc_number,
        issuer=closing.issuer or _issuer_from_header(header),
        title=header.title,
        recipients=header.recipients,
        signed_date=closing.signed_date,
        co_issuers=closing.co_issuers,
        marking=closing.marking,
        marking_text=closing.marking_text,
        marking_at=closing.marking_at,
        secrecy=header.secrecy,
        upstream_numbers=upstream,
    )


def _simplified(line: Line) -> Line:
    """The line with traditional characters read as simplified (copies from HK/Taiwan tools)."""
    text = to_simplified(line.text)
    if text == line.text:
        return line
    return replace(line, text=text, segments=tuple(to_simplified(s) for s in line.segments))


def _flow(lines: list[Line], soft_wrapped: bool) -> str:
    """Text to search for cited numbers. PDF lines are rejoined so a number broken over two lines
    is whole again — except a line that is a number on its own, which stays apart."""
    if not soft_wrapped:
        return "\n".join(line.text for line in lines)
    parts: list[str] = []
    for line in lines:
        standalone = vocab.number_of_line(line.text) is not None
        parts.append(f"\n{line.text}\n" if standalone else line.text.strip())
    return "".join(parts)


def _issuer_from_header(header: Header) -> str | None:
    """No printed signature: fall back on the 发文机关标志, then on the organ the title names."""
    for banner in header.banner:
        name = banner.removesuffix("文件").strip()
        if vocab.looks_like_organ(name):
            return name
    if header.title and "关于" in header.title:
        name = header.title.split("关于", 1)[0].split(" ")[0]
        if vocab.looks_like_organ(name):
            return name
    return None
