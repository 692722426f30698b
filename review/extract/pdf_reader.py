""".pdf → lines, with PDFium only (one open per file).

Every page is read as plain text (the fast path). The layout — where a line sits and how big
it is — matters only on page 1 (版头, title, 主送机关) and on the page of the signature block, so
only those pages are measured, from PDFium's text rectangles.
"""
from __future__ import annotations

import ctypes
import re
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from review.extract import vocab
from review.extract.errors import UnsupportedFile
from review.extract.model import Line
from review.extract.sniff import PDF_CORRUPT

_LINE = re.compile(r"[^\r\n]+")


@dataclass
class PdfText:
    lines: list[Line]
    text: str
    pages: int


def read_pdf(doc: pdfium.PdfDocument) -> PdfText:
    """Read every page's text, and the layout of page 1 and of the first page with a date line."""
    try:
        count = len(doc)
        lines: list[Line] = []
        plain: list[str] = []
        closing_measured = False
        for index in range(count):
            page_lines, geometric = _read_page(doc, index, first=index == 0, want_closing=not closing_measured)
            closing_measured = closing_measured or any(vocab.is_date_line(t) for t in page_lines)
            plain.extend(page_lines)
            lines.extend(geometric or [Line(t, page=index) for t in page_lines])
    except pdfium.PdfiumError as exc:
        raise UnsupportedFile(PDF_CORRUPT) from exc
    return PdfText(lines, "\n".join(plain), count)


def _read_page(doc: pdfium.PdfDocument, index: int, first: bool, want_closing: bool):
    """The page's text lines, and its measured lines if it is page 1 or holds the closing date."""
    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            lines = [t for t in (t.strip() for t in _LINE.findall(raw)) if t and not vocab.is_page_number(t)]
            measure = first or (want_closing and any(vocab.is_date_line(t) for t in lines))
            geometric = _measure(page, textpage, index, raw) if measure else []
        finally:
            textpage.close()
    finally:
        page.close()
    return lines, geometric


def _measure(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, index: int, raw: str) -> list[Line]:
    """Lines with their box: the text rectangles PDFium reports for each line's span of characters."""
    handle = textpage.raw
    identity = len(raw) == textpage.count_chars()
    left, top, right, bottom = (ctypes.c_double() for _ in range(4))
    measured: list[tuple[Line, float, float]] = []
    for match in _LINE.finditer(raw):
        text = match.group().strip()
        if not text or vocab.is_page_number(text):
            continue
        first, last = match.start(), match.end() - 1
        if not identity:
            first = pdfium_raw.FPDFText_GetCharIndexFromTextIndex(handle, first)
            last = pdfium_raw.FPDFText_GetCharIndexFromTextIndex(handle, last)
        x0 = x1 = height = None
        for k in range(max(pdfium_raw.FPDFText_CountRects(handle, first, last - first + 1), 0)):
            if not pdfium_raw.FPDFText_GetRect(handle, k, left, top, right, bottom):
                continue
            x0 = left.value if x0 is None else min(x0, left.value)
            x1 = right.value if x1 is None else max(x1, right.value)
            height = max(height or 0.0, top.value - bottom.value)
        line = Line(text, None, round(height, 1) if height else None, index)
        measured.append((line, x0, x1))
    _classify_alignment(measured, page.get_width())
    return [m[0] for m in measured]


def _classify_alignment(measured: list[tuple[Line, float, float]], width: float) -> None:
    """Centred, right or left against the page's text margins (taken from its longer lines)."""
    long = [(x0, x1) for line, x0, x1 in measured if x0 is not None and len(line.text) >= 8]
    left_margin = min((x0 for x0, _ in long), default=width * 0.15)
    right_margin = max((x1 for _, x1 in long), default=width * 0.85)
    for line, x0, x1 in measured:
        if x0 is None:
            continue
        size = line.size or 12.0
        left_gap, right_gap = x0 - left_margin, right_margin - x1
        if left_gap < 0.5 * size and right_gap < 1.5 * size:
            line.align = "justify"
        elif left_gap >= 0.5 * size and abs(left_gap - right_gap) < 1.5 * size:
            line.align = "center"
        elif left_gap > 2 * size and right_gap < left_gap:
            line.align = "right"
        else:
            line.align = "left"
