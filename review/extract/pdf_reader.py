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
from review.extract.filetype import PDF_CORRUPT
from review.extract.model import Line

_LINE = re.compile(r"[^\r\n]+")
#: The closing block is on the first page with a date line, unless the body prints dates of its own.
MEASURED_DATE_PAGES = 3


@dataclass
class PdfText:
    lines: list[Line]
    text: str
    pages: int


def read_pdf(doc: pdfium.PdfDocument) -> PdfText:
    """Read every page's text; measure page 1 and the first pages that hold a date line."""
    try:
        count = len(doc)
        lines: list[Line] = []
        plain: list[str] = []
        date_pages = 0
        for index in range(count):
            page_lines, geometric, has_date = _read_page(
                doc, index, measure_first=index == 0, measure_dated=date_pages < MEASURED_DATE_PAGES
            )
            date_pages += has_date
            plain.extend(page_lines)
            lines.extend(geometric or [Line(t, page=index) for t in page_lines])
    except pdfium.PdfiumError as exc:
        raise UnsupportedFile(PDF_CORRUPT) from exc
    return PdfText(lines, "\n".join(plain), count)


def _read_page(doc: pdfium.PdfDocument, index: int, measure_first: bool, measure_dated: bool):
    """The page's text lines, its measured lines (page 1, or a page with a date line while we still
    look for the closing block), and whether it holds a date line."""
    page = doc[index]
    try:
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            lines = [t for t in (t.strip() for t in _LINE.findall(raw)) if t and not vocab.is_page_number(t)]
            has_date = any(vocab.is_date_line(t) for t in lines)
            measure = measure_first or (measure_dated and has_date)
            geometric = _measure(page, textpage, index, raw) if measure else []
        finally:
            textpage.close()
    finally:
        page.close()
    return lines, geometric, has_date


@dataclass
class _Box:
    line: Line
    x0: float | None
    x1: float | None
    top: float | None


def _measure(page: pdfium.PdfPage, textpage: pdfium.PdfTextPage, index: int, raw: str) -> list[Line]:
    """Lines with their place and size, in reading order: top to bottom, left to right — so a text
    box drawn last (or a footer drawn first) takes its place on the page.

    Only what the file itself says is used: each character's origin, its advance (the widths in
    the PDF font) and the font size in the content stream. Glyph outlines are not: where a CJK
    font is not embedded, PDFium substitutes whatever the server has, and boxes measured from that
    substitute (zero-height without any CJK font) would make the layout depend on the machine.
    """
    handle = textpage.raw
    identity = len(raw) == textpage.count_chars()
    box = pdfium_raw.FS_RECTF()
    x, y = ctypes.c_double(), ctypes.c_double()
    boxes: list[_Box] = []
    for match in _LINE.finditer(raw):
        text = match.group()
        stripped = text.strip()
        if not stripped or vocab.is_page_number(stripped):
            continue
        lead = len(text) - len(text.lstrip())
        first = match.start() + lead
        last = first + len(stripped) - 1
        if not identity:
            first = pdfium_raw.FPDFText_GetCharIndexFromTextIndex(handle, first)
            last = pdfium_raw.FPDFText_GetCharIndexFromTextIndex(handle, last)
        x0 = x1 = top = size = None
        if first >= 0 and last >= 0:
            size = max(pdfium_raw.FPDFText_GetFontSize(handle, first), pdfium_raw.FPDFText_GetFontSize(handle, last))
            if pdfium_raw.FPDFText_GetLooseCharBox(handle, first, box):
                x0 = box.left
            if pdfium_raw.FPDFText_GetLooseCharBox(handle, last, box):
                x1 = box.right
            if pdfium_raw.FPDFText_GetCharOrigin(handle, first, x, y):
                top = y.value + (size or 0.0)
        if x0 is None or x1 is None or top is None:
            x0 = x1 = top = None
        boxes.append(_Box(Line(stripped, None, round(size, 1) if size and size > 1 else None, index), x0, x1, top))
    _classify_alignment(boxes, page.get_width())
    return [box.line for box in _reading_order(boxes)]


def _reading_order(boxes: list[_Box]) -> list[_Box]:
    """Sort by position where every line has one; lines whose tops are within half a line of each
    other form a row, read left to right."""
    if any(box.top is None for box in boxes):
        return boxes
    ordered = sorted(boxes, key=lambda b: -b.top)
    rows: list[list[_Box]] = []
    for box in ordered:
        tolerance = 0.5 * (box.line.size or 10.0)
        if rows and rows[-1][0].top - box.top <= tolerance:
            rows[-1].append(box)
        else:
            rows.append([box])
    return [box for row in rows for box in sorted(row, key=lambda b: b.x0)]


def _classify_alignment(boxes: list[_Box], width: float) -> None:
    """Centred, right or left against the page's text margins (taken from its longer lines)."""
    placed = [b for b in boxes if b.x0 is not None]
    long = [b for b in placed if len(b.line.text) >= 8]
    left_margin = min((b.x0 for b in long), default=width * 0.15)
    right_margin = max((b.x1 for b in long), default=width * 0.85)
    for box in placed:
        line = box.line
        size = line.size or 12.0
        left_gap, right_gap = box.x0 - left_margin, right_margin - box.x1
        if left_gap < 0.5 * size and right_gap < 1.5 * size:
            line.align = "justify"
        elif left_gap >= 0.5 * size and abs(left_gap - right_gap) < 1.5 * size:
            line.align = "center"
        elif left_gap > 2 * size and right_gap < left_gap:
            line.align = "right"
        else:
            line.align = "left"
