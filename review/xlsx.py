"""Excel (.xlsx) in and out: every export is a header row in Chinese (bold, frozen) and rows of plain
values; every import reads a sheet into (Excel row number, values)."""
from __future__ import annotations

import datetime as dt
import io
import unicodedata
from collections.abc import Iterable, Sequence

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_WIDTH = 60


def _display_width(value) -> int:
    """Columns are measured in Latin characters: a CJK character takes two."""
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def _cell(value):
    if hasattr(value, "label"):  # labelled enums are written as their Chinese label
        return value.label
    return value


def is_formula_text(value) -> bool:
    """openpyxl stores a string that starts with "=" as a formula. Titles, names and request texts
    come from drafters and the public: such a value must stay text, or an export would carry a
    formula of the sender's choosing (CSV/formula injection) into the clerk's Excel."""
    return isinstance(value, str) and value.startswith("=")


def keep_as_text(cells) -> None:
    """Mark the cells whose value would be read as a formula as plain strings."""
    for cell in cells:
        if is_formula_text(cell.value):
            cell.data_type = "s"


def workbook(title: str, headers: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """One sheet: bold frozen header row, dates as dates, column widths fitted to the content."""
    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(headers))
    widths = [_display_width(h) for h in headers]
    for row in rows:
        values = [_cell(v) for v in row]
        sheet.append(values)
        if any(map(is_formula_text, values)):
            keep_as_text(sheet[sheet.max_row])
        widths = [max(w, _display_width(v)) for w, v in zip(widths, values, strict=True)]
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(vertical="center")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(MAX_WIDTH, width + 2)
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if isinstance(cell.value, dt.date):
                cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


class UnreadableWorkbook(Exception):
    pass


def read_sheet(data: bytes) -> tuple[list[str], list[tuple[int, list]]]:
    """The first sheet's header row and its data rows with their Excel row numbers (blank rows skipped)."""
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise UnreadableWorkbook("无法读取该文件：请上传 Excel 2007 及以上版本的 .xlsx 文件。") from exc
    try:
        sheet = book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None) or ()
        headers = ["" if h is None else "".join(str(h).split()) for h in header]
        body = []
        for number, values in enumerate(rows, start=2):
            values = list(values) + [None] * (len(headers) - len(values))
            if any(v not in (None, "") and str(v).strip() for v in values):
                body.append((number, values[:len(headers)]))
        return headers, body
    finally:
        book.close()
