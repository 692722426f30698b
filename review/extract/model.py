"""What the extractor produces: lines read from a file, and the GB/T 9704 elements found in them."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Line:
    """One printed line (pdf) or paragraph line (docx), in reading order."""

    text: str
    #: 'center' | 'right' | 'left' | 'justify', or None where the reader cannot tell.
    align: str | None = None
    #: Font size in points where known.
    size: float | None = None
    page: int | None = None
    in_table: bool = False
    #: Runs separated by a tab or a wide gap on the same line (e.g. number ⟶ 签发人, joint signatures).
    segments: tuple[str, ...] = ()
    #: For a line in a table: how many cells of its row hold text (a data table has several).
    row_cells: int = 0


@dataclass
class Elements:
    """The GB/T 9704-2012 elements of one document, as printed."""

    doc_number: str | None = None
    issuer: str | None = None
    title: str | None = None
    recipients: str | None = None
    signed_date: str | None = None
    marking: str | None = None
    marking_text: str | None = None
    #: Where the marking was found: 'after_date' (the 附注 position, incl. just above the
    #: signature), 'imprint' (the 版记), 'table' (a table row), 'end' (the last lines of the file),
    #: 'other' (elsewhere, in a document without a 成文日期); None without a marking.
    marking_at: str | None = None
    secrecy: str | None = None
    upstream_numbers: list[str] = field(default_factory=list)
    #: The other organs of a joint document (联合发文), in signature order; the lead is ``issuer``.
    co_issuers: list[str] = field(default_factory=list)
    pages: int | None = None
    #: True when the text was read by OCR from page images (a scanned PDF).
    ocr: bool = False
    text: str = ""

    def as_json(self, file: str) -> dict:
        """The labelled fields, in the corpus labels.json shape (null where absent), then the
        parser's own: co_issuers, marking_at and ocr."""
        return {
            "file": file,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "title": self.title,
            "signed_date": self.signed_date,
            "marking": self.marking,
            "marking_text": self.marking_text,
            "secrecy": self.secrecy,
            "upstream_numbers": list(self.upstream_numbers),
            "pages": self.pages,
            "co_issuers": list(self.co_issuers),
            "marking_at": self.marking_at,
            "ocr": self.ocr,
        }
