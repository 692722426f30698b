"""Read an uploaded .docx or .pdf and extract its GB/T 9704-2012 elements (no Flask, no database).

``extract_bytes`` sniffs the content (never the file name), opens the file once, reads it in
document order and applies the layout rules of ``layout``; unreadable or unsafe input raises
``UnsupportedFile`` with a Chinese message for the user. A PDF whose pages are images only (a
scan) is read by OCR (``ocr``) and its elements say so (``Elements.ocr``).
"""
from __future__ import annotations

import os

from review.extract import ocr
from review.extract.dates import parse_date
from review.extract.docx_reader import read_docx
from review.extract.errors import UnsupportedFile
from review.extract.filetype import MAX_UNPACKED, PDFIUM_LOCK, check_docx, container_kind, open_pdf, sniff
from review.extract.layout import analyse
from review.extract.model import Elements, Line
from review.extract.numbers import DOC_NUMBER_RE, find_doc_numbers, normalise_doc_number
from review.extract.pdf_reader import read_pdf

__all__ = [
    "DOC_NUMBER_RE",
    "Elements",
    "Line",
    "UnsupportedFile",
    "extract_bytes",
    "extract_path",
    "find_doc_numbers",
    "normalise_doc_number",
    "parse_date",
    "sniff",
]


def extract_bytes(data: bytes, kind: str | None = None) -> Elements:
    """Elements of a .docx or .pdf given as bytes; ``kind`` None means judge by content."""
    kind = kind or container_kind(data)
    if kind == "pdf":
        images = None
        with PDFIUM_LOCK:
            doc = open_pdf(data)
            try:
                read = read_pdf(doc)
                if ocr.ocr_available() and ocr.is_scanned(doc, read.text, read.pages):
                    images = ocr.render(doc, ocr.page_indexes(read.pages))
            finally:
                doc.close()
        if images:
            # A scan: the fields come from OCR, which the form says (``ocr``).
            lines, text = ocr.read_images(images, enough=_has_closing_and_marking)
            elements = analyse(lines, soft_wrapped=True)
            elements.text, elements.pages, elements.ocr = text, read.pages, True
            return elements
        elements = analyse(read.lines, soft_wrapped=True)
        elements.text, elements.pages = read.text, read.pages
        return elements
    if kind != "docx":
        raise ValueError(f"unknown kind {kind!r}")
    package = check_docx(data, MAX_UNPACKED)
    try:
        lines = read_docx(package)
    finally:
        package.close()
    elements = analyse(lines, soft_wrapped=False)
    elements.text = "\n".join(line.text for line in lines)
    return elements


def _has_closing_and_marking(lines: list[Line]) -> bool:
    found = analyse(lines, soft_wrapped=True)
    return found.signed_date is not None and found.marking_text is not None


def extract_path(path: str | os.PathLike) -> Elements:
    with open(path, "rb") as fh:
        return extract_bytes(fh.read())
