"""A .docx shown as its text with headings and tables, for the review page (PDFs are shown inline).

Pure: bytes in, blocks out; the template escapes every string.
"""
from __future__ import annotations

import io
from dataclasses import dataclass, field

from docx import Document as open_docx
from docx.table import Table
from docx.text.paragraph import Paragraph

#: Bound the work for a very long document; the file itself is always downloadable.
MAX_BLOCKS = 3000


@dataclass
class Block:
    kind: str  # "heading" | "paragraph" | "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)
    centered: bool = False


def _is_heading(p: Paragraph) -> bool:
    style = (p.style.name or "").lower() if p.style is not None else ""
    if style.startswith(("heading", "title")):
        return True
    runs = [r for r in p.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs) and len(p.text) < 80


def docx_blocks(data: bytes) -> list[Block]:
    doc = open_docx(io.BytesIO(data))
    blocks: list[Block] = []
    for item in doc.iter_inner_content():
        if len(blocks) >= MAX_BLOCKS:
            blocks.append(Block("paragraph", "……（内容较长，其余部分请下载原文件查看）"))
            break
        if isinstance(item, Table):
            rows = [[cell.text.strip() for cell in row.cells] for row in item.rows]
            blocks.append(Block("table", rows=rows))
        elif item.text.strip():
            centered = item.alignment is not None and int(item.alignment) == 1
            blocks.append(Block("heading" if _is_heading(item) else "paragraph", item.text.strip(),
                                centered=centered))
    return blocks
