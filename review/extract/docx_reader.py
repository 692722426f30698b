""".docx → lines, in document order: body paragraphs, table cells and text boxes (w:txbxContent).

python-docx's ``Document.paragraphs`` skips tables and text boxes, so the body XML is walked
directly with lxml (no entity resolution, no network — see filetype.SAFE_XML).
"""
from __future__ import annotations

import re

from lxml import etree

from review.extract.errors import UnsupportedFile
from review.extract.filetype import DOCX_CORRUPT, SAFE_XML, CheckedDocx
from review.extract.model import Line

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_P, _TBL, _T, _TAB, _BR, _CR = W + "p", W + "tbl", W + "t", W + "tab", W + "br", W + "cr"
_TR, _TC = W + "tr", W + "tc"
_TXBX, _DEL, _MOVE_FROM = W + "txbxContent", W + "del", W + "moveFrom"
_PPR, _RPR = W + "pPr", W + "rPr"
_SKIP = {_MC_FALLBACK, _DEL, _MOVE_FROM, _PPR, _RPR}
_ALIGN = {"center": "center", "right": "right", "end": "right", "left": "left", "start": "left",
          "both": "justify", "distribute": "justify", "thaiDistribute": "justify"}
_GAP = re.compile(r"\t|[ \u3000]{2,}")
_INDENTED = re.compile(r"^[ \u3000]{4,}")


def read_docx(package: CheckedDocx) -> list[Line]:
    try:
        root = etree.fromstring(package.read(package.main_part), SAFE_XML)
    except etree.XMLSyntaxError as exc:
        raise UnsupportedFile(DOCX_CORRUPT) from exc
    body = root.find(W + "body")
    if body is None:
        raise UnsupportedFile(DOCX_CORRUPT)
    reader = _Reader(package)
    reader.block(body, in_table=False)
    return reader.lines


class _Reader:
    def __init__(self, package: CheckedDocx):
        self.package = package
        self.lines: list[Line] = []
        self._style_align: dict[str, str | None] | None = None
        self._row_cells = 0

    def block(self, container, in_table: bool) -> None:
        """Paragraphs and tables of a body, cell, text box or content control, in order."""
        for child in container:
            tag = child.tag
            if tag == _P:
                self.paragraph(child, in_table)
            elif tag == _TBL:
                self.block(child, in_table=True)
            elif tag == _TR:
                outer, self._row_cells = self._row_cells, _cells_with_text(child)
                self.block(child, in_table=True)
                self._row_cells = outer
            elif tag not in _SKIP and isinstance(tag, str):
                self.block(child, in_table)

    def paragraph(self, p, in_table: bool) -> None:
        boxes: list = []
        if next(p.iter(_TXBX, _MC_FALLBACK, _DEL, _MOVE_FROM), None) is None:
            parts = [_char(el) for el in p.iter(_T, _TAB, _BR, _CR)]
        else:
            parts = []
            _collect(p, parts, boxes)
        text = "".join(parts)
        if text.strip():
            align = self.align(p)
            size = _size(p)
            for piece in text.split("\n"):
                stripped = piece.strip()
                if not stripped:
                    continue
                line_align = align
                if _INDENTED.match(piece) and align not in ("center", "right"):
                    line_align = "right"  # a signature pushed right with spaces
                segments = tuple(s for s in _GAP.split(stripped) if s)
                row_cells = self._row_cells if in_table else 0
                self.lines.append(Line(stripped, line_align, size, None, in_table, segments, row_cells))
        for box in boxes:
            self.block(box, in_table)

    def align(self, p) -> str | None:
        """Direct alignment, else the named style's. The default style is not consulted: body text
        styles are left or justified, and styles.xml costs more to parse than the body."""
        ppr = p.find(_PPR)
        if ppr is None:
            return None
        jc = ppr.find(W + "jc")
        if jc is not None:
            return _ALIGN.get(jc.get(W + "val", ""))
        style = ppr.find(W + "pStyle")
        return self.styles().get(style.get(W + "val", "")) if style is not None else None

    def styles(self) -> dict[str, str | None]:
        """Paragraph alignment per style id, following basedOn (parsed on first use)."""
        if self._style_align is None:
            self._style_align = _style_alignment(self.package)
        return self._style_align


def _cells_with_text(row) -> int:
    return sum(1 for cell in row.iterchildren(_TC) if any((t.text or "").strip() for t in cell.iter(_T)))


def _char(el) -> str:
    tag = el.tag
    if tag == _T:
        return el.text or ""
    return "\t" if tag == _TAB else "\n"


def _collect(el, parts: list[str], boxes: list) -> None:
    """Text of a paragraph, leaving text boxes (read after it) and deleted or fallback content out."""
    for child in el:
        tag = child.tag
        if tag in (_T, _TAB, _BR, _CR):
            parts.append(_char(child))
        elif tag == _TXBX:
            boxes.append(child)
        elif tag not in _SKIP and isinstance(tag, str):
            _collect(child, parts, boxes)


def _size(p) -> float | None:
    for run in p.iterchildren(W + "r"):
        rpr = run.find(_RPR)
        sz = rpr.find(W + "sz") if rpr is not None else None
        if sz is not None:
            try:
                return int(sz.get(W + "val", "")) / 2
            except ValueError:
                return None
    return None


def _style_alignment(package: CheckedDocx) -> dict[str, str | None]:
    if not package.has("word/styles.xml"):
        return {}
    try:
        root = etree.fromstring(package.read("word/styles.xml"), SAFE_XML)
    except etree.XMLSyntaxError:
        return {}
    own: dict[str, str | None] = {}
    based: dict[str, str] = {}
    for style in root.iter(W + "style"):
        if style.get(W + "type") != "paragraph":
            continue
        sid = style.get(W + "styleId", "")
        jc = style.find(f"{_PPR}/{W}jc")
        own[sid] = _ALIGN.get(jc.get(W + "val", "")) if jc is not None else None
        parent = style.find(W + "basedOn")
        if parent is not None:
            based[sid] = parent.get(W + "val", "")
    resolved: dict[str, str | None] = {}
    for sid in own:
        seen, cur = set(), sid
        while cur in own and own[cur] is None and cur in based and cur not in seen:
            seen.add(cur)
            cur = based[cur]
        resolved[sid] = own.get(cur)
    return resolved
