"""Official documents written for the tests, built as .docx (python-docx) and as .pdf.

A document is a list of blocks: ``L`` (one printed line) and ``Row`` (cells side by side: a table
row in the .docx, cells spread over the measure in the PDF). The PDF is written by hand with the
non-embedded CID font STSong-Light (as reportlab and many report tools do), so what PDFium makes
of it does not depend on any font file being installed: there is none in the file.

Organs, numbers and wordings are invented; every pattern is written several ways.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

import docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

PAGE_W, PAGE_H = 595.0, 842.0
LEFT, RIGHT, TOP, BOTTOM = 79.0, 516.0, 770.0, 80.0


@dataclass(frozen=True)
class L:
    text: str
    align: str = "left"  # left | center | right | justify
    size: float = 16.0


@dataclass(frozen=True)
class Row:
    cells: tuple[str, ...]
    size: float = 16.0
    #: A table in the .docx (False: one paragraph with the cells separated by wide gaps).
    table: bool = True


@dataclass(frozen=True)
class PageBreak:
    pass


# --- the building blocks of a notice -----------------------------------------------------------

def banner(text: str) -> L:
    return L(text, "center", 30.0)


def number(text: str, align: str = "center") -> L:
    return L(text, align, 16.0)


def title(*lines: str, size: float = 22.0) -> list[L]:
    return [L(t, "center", size) for t in lines]


def body(*paragraphs: str) -> list[L]:
    return [L(t, "justify") for t in paragraphs]


def right(*lines: str) -> list[L]:
    return [L(t, "right") for t in lines]


def left(*lines: str) -> list[L]:
    return [L(t, "left") for t in lines]


# --- .docx ---------------------------------------------------------------------------------------

_DOCX_ALIGN = {"left": WD_ALIGN_PARAGRAPH.LEFT, "center": WD_ALIGN_PARAGRAPH.CENTER,
               "right": WD_ALIGN_PARAGRAPH.RIGHT, "justify": WD_ALIGN_PARAGRAPH.JUSTIFY}


def to_docx(blocks: list) -> bytes:
    document = docx.Document()
    for block in blocks:
        if isinstance(block, PageBreak):
            document.add_page_break()
        elif isinstance(block, L):
            para = document.add_paragraph()
            para.alignment = _DOCX_ALIGN[block.align]
            para.add_run(block.text).font.size = Pt(block.size)
        elif block.table:
            grid = document.add_table(rows=1, cols=len(block.cells))
            for cell, text in zip(grid.rows[0].cells, block.cells, strict=True):
                para = cell.paragraphs[0]
                para.alignment = WD_ALIGN_PARAGRAPH.CENTER
                para.add_run(text).font.size = Pt(block.size)
        else:
            para = document.add_paragraph()
            para.alignment = WD_ALIGN_PARAGRAPH.CENTER
            para.add_run("\t".join(block.cells)).font.size = Pt(block.size)
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


# --- .pdf ----------------------------------------------------------------------------------------

def _width(text: str, size: float) -> float:
    return sum(size * (0.5 if ord(ch) < 0x80 else 1.0) for ch in text)


def _show(text: str, x: float, y: float, size: float, per_char: bool = False) -> str:
    if per_char:  # as some producers (print drivers, WPS) draw: one text object per character
        out = ""
        for ch in text:
            out += f"BT /F1 {size:g} Tf {x:.2f} {y:.2f} Td <{ch.encode('utf-16-be').hex()}> Tj ET\n"
            x += _width(ch, size)
        return out
    return f"BT /F1 {size:g} Tf {x:.2f} {y:.2f} Td <{text.encode('utf-16-be').hex()}> Tj ET\n"


def _wrap(text: str, size: float) -> list[str]:
    """Break a long paragraph over the measure, as a word processor would."""
    lines, current = [], ""
    for ch in text:
        if _width(current + ch, size) > RIGHT - LEFT:
            lines.append(current)
            current = ""
        current += ch
    return [*lines, current] if current else lines


def to_pdf(blocks: list, per_char: bool = False) -> bytes:
    pages: list[str] = []
    ops, y = "", TOP
    for block in blocks:
        if isinstance(block, PageBreak):
            pages.append(ops)
            ops, y = "", TOP
            continue
        size = block.size
        if isinstance(block, Row):
            step = (RIGHT - LEFT) / len(block.cells)
            # cells do not overlap: long names in narrow columns are set smaller, as in a real grid
            size = min(size, step / (max(len(c) for c in block.cells) + 1.5))
            for k, cell in enumerate(block.cells):
                x = LEFT + k * step + (step - _width(cell, size)) / 2
                ops += _show(cell, x, y, size, per_char)
            y -= size * 1.9
            continue
        pieces = _wrap(block.text, size) if block.align in ("left", "justify") else [block.text]
        for piece in pieces:
            if y < BOTTOM:
                pages.append(ops)
                ops, y = "", TOP
            w = _width(piece, size)
            x = {"center": (LEFT + RIGHT - w) / 2, "right": RIGHT - 2 * size - w}.get(block.align, LEFT)
            ops += _show(piece, x, y, size, per_char)
            y -= size * (1.9 if size <= 16 else 1.6)
    pages.append(ops)
    return _pdf_file(pages)


def _pdf_file(contents: list[str]) -> bytes:
    font = 3 + 2 * len(contents)
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        f"<< /Type /Pages /Kids [{' '.join(f'{3 + 2 * i} 0 R' for i in range(len(contents)))}] "
        f"/Count {len(contents)} >>".encode(),
    ]
    for i, content in enumerate(contents):
        stream = content.encode("latin-1")
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_W:g} {PAGE_H:g}] /Contents {4 + 2 * i} 0 R "
            f"/Resources << /Font << /F1 {font} 0 R >> >> >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    objects += [
        f"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        f"/DescendantFonts [{font + 1} 0 R] >>".encode(),
        f"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        f"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        f"/FontDescriptor {font + 2} 0 R /DW 1000 /W [1 95 500] >>".encode(),
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body_ in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body_ + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
