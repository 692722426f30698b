"""The streamed workbook writes the same cells openpyxl's write-only mode writes for the same values
and styles (read back with openpyxl, cell by cell), keeps the sheet settings openpyxl wrote, and
holds only a batch of rows in memory however long the sheet is."""
from __future__ import annotations

import datetime as dt
import io
import random
import tracemalloc
import zipfile

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import IllegalCharacterError

from review.xlsx_stream import MAX_TEXT, StreamedWorkbook, _Rows

PERCENT = "0.0%"
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)
HEADERS = ["序号", "标题", "日期", "占比", "说明"]
WRAPPED = {1, 4}

ROWS = [
    [1, "关于印发《某某县卫生健康局2025年度工作要点》的通知", dt.date(2025, 3, 4), 0.125, "内部讨论稿"],
    [2, "A & B <c> \"d\" 'e'", dt.date(1900, 2, 28), 0.0, "  前后有空格  "],
    [3, "", None, 1.0, None],
    [4, "第一行\n第二行\r\n第三行", dt.date(2026, 12, 31), 2 / 3, "\t制表符开头"],
    [None, "只有标题", None, None, ""],
    [10 ** 15, "x" * (MAX_TEXT + 10), dt.date(2000, 1, 1), 1e-9, "长文本截断"],
    [True, "布尔值", dt.date(2025, 1, 1), -0.5, "末尾空格 "],
    [7],
    [8, "y" * (MAX_TEXT - 1) + " 截去的部分", None, None, None],  # ends in a space once cut to Excel's limit
]


def reference(rows) -> bytes:
    """openpyxl alone, write-only, styled the way the export styles its cells."""
    book = Workbook(write_only=True)
    ws = book.create_sheet("台账")
    _frame(ws)
    for row in rows:
        cells = []
        for i, value in enumerate(row):
            if isinstance(value, float):
                cell = WriteOnlyCell(ws, value)
                cell.number_format = PERCENT
            elif isinstance(value, dt.date):
                cell = WriteOnlyCell(ws, value)
            elif i in WRAPPED:
                cell = WriteOnlyCell(ws, value)
                cell.alignment = WRAP
            else:
                cell = value
            cells.append(cell)
        ws.append(cells)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def streamed(rows) -> bytes:
    book = StreamedWorkbook()
    ws = book.sheet("台账")
    _frame(ws)
    book.rows(ws, 3, rows, PERCENT, WRAP, WRAPPED)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _frame(ws):
    for letter, width in zip("ABCDE", (6, 40, 12, 10, 30), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    title = WriteOnlyCell(ws, "青山县卫生健康局 2025年度公文公开属性审计")
    title.font = Font(bold=True, size=14)
    ws.append([title])
    head = []
    for h in HEADERS:
        cell = WriteOnlyCell(ws, h)
        cell.font, cell.alignment = BOLD, WRAP
        head.append(cell)
    ws.append(head)


def described(data: bytes) -> list[list[tuple]]:
    """Every cell as openpyxl reads it back: value, type, number format, font, alignment."""
    ws = load_workbook(io.BytesIO(data))["台账"]
    return [[(c.value, c.data_type, c.number_format, c.font.b, c.font.sz, c.alignment.wrap_text,
              c.alignment.vertical) for c in row] for row in ws.iter_rows()]


def test_cells_read_back_as_openpyxl_writes_them():
    expected, got = described(reference(ROWS)), described(streamed(ROWS))
    assert len(got) == len(ROWS) + 2
    for n, (want, have) in enumerate(zip(expected, got, strict=True), 1):
        assert have == want, f"row {n}"
    ws = load_workbook(io.BytesIO(streamed(ROWS)))["台账"]
    assert ws["B4"].value == "A & B <c> \"d\" 'e'" and ws["E4"].value == "  前后有空格  "
    assert ws["B6"].value == "第一行\n第二行\r\n第三行"
    assert ws["C3"].value == dt.datetime(2025, 3, 4) and ws["C3"].number_format == "yyyy-mm-dd"
    assert ws["D3"].number_format == PERCENT and ws["D3"].value == 0.125
    assert len(ws["B8"].value) == MAX_TEXT and ws["B11"].value == "y" * (MAX_TEXT - 1) + " "


#: Rows without floats, as the ledger's: written by the writer made for each kind of row, not cell by cell.
PLAIN_ROWS = [
    [1, "关于印发《某某县卫生健康局2025年度工作要点》的通知", dt.date(2025, 3, 4), "依申请公开", "内部讨论稿"],
    [2, "A & B <c> \"d\" 'e' {0} {}", dt.date(1900, 2, 28), "", "  前后有空格  "],
    [3, "", None, "x", None],
    [4, "第一行\n第二行\r\n第三行", dt.date(2026, 12, 31), "\u3000全角空格开头", "\t制表符开头"],
    [None, "只有标题", None, None, ""],
    [10 ** 15, "x" * (MAX_TEXT + 10), dt.date(2000, 1, 1), "长", "长文本截断"],
    [5, "中间 有 空格", dt.date(2025, 1, 1), "a\x7f b", "末尾空格 "],
    [6, "x" * 20000, dt.date(2025, 1, 2), "y" * 20000, "两段合起来超过上限"],
    [7],
]


def test_rows_of_texts_numbers_and_dates_read_back_as_openpyxl_writes_them():
    expected, got = described(reference(PLAIN_ROWS)), described(streamed(PLAIN_ROWS))
    assert len(got) == len(PLAIN_ROWS) + 2
    for n, (want, have) in enumerate(zip(expected, got, strict=True), 1):
        assert have == want, f"row {n}"


def test_a_row_is_written_by_its_kind_of_row_as_cell_by_cell():
    """Random rows of every kind of cell and awkward text: the writer made for a kind of row writes
    exactly what writing cell by cell writes."""
    rng = random.Random(20261201)
    pieces = ["a", "中文", " ", "\u3000", "&", "<", ">", "\r", "\n", "\x01", "\x7f", "{", "}", "{0}", "'", '"', "\\"]
    values = [lambda: "".join(rng.choice(pieces) for _ in range(rng.randrange(5))),
              lambda: rng.randrange(-10 ** 18, 10 ** 18), lambda: rng.choice((0, 1)),
              lambda: dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(40000)), lambda: None,
              lambda: rng.random(), lambda: True]
    book = StreamedWorkbook()
    rows = _Rows(book.sheet("台账"), 3, [], PERCENT, WRAP, WRAPPED)
    for r in range(3, 20_003):
        row = [rng.choice(values)() for _ in range(rng.randrange(1, 8))]
        assert rows.row(r, row) == rows.cells(r, row), row
    assert len([plan for plan in rows._plans.values() if plan]) > 1000  # many kinds of rows had a writer


def test_sheet_settings_and_other_parts_are_openpyxl_s():
    ws = load_workbook(io.BytesIO(streamed(ROWS)))["台账"]
    assert ws.freeze_panes == "A3" and ws.print_title_rows == "$1:$2"
    assert [ws.column_dimensions[c].width for c in "ABCDE"] == [6, 40, 12, 10, 30]
    with zipfile.ZipFile(io.BytesIO(streamed(ROWS))) as ours, zipfile.ZipFile(io.BytesIO(reference(ROWS))) as theirs:
        assert ours.testzip() is None
        assert ours.namelist() == theirs.namelist()
        for name in theirs.namelist():
            # The rows; the creation time; styles.xml has the same styles, registered in another order
            # (the cells read back with the same styles above).
            if name.startswith(("xl/worksheets/", "docProps/core", "xl/styles")):
                continue
            assert ours.read(name) == theirs.read(name), name


def test_what_openpyxl_refuses_or_misreads_is_written_as_text():
    rows = [[1, "控制\x01字符\x1f去掉", None, None, "=SUM(A1:A2)"], [2, "#N/A", None, None, "=1"]]
    with pytest.raises(IllegalCharacterError):  # openpyxl refuses the whole workbook for one control character
        Workbook().active["A1"] = rows[0][1]
    ws = load_workbook(io.BytesIO(streamed(rows)))["台账"]
    assert ws["B3"].value == "控制字符去掉"
    assert (ws["E3"].value, ws["E3"].data_type) == ("=SUM(A1:A2)", "s")  # a title is never a formula
    assert (ws["B4"].value, ws["B4"].data_type) == ("#N/A", "s")


def test_a_value_of_another_type_is_refused():
    book = StreamedWorkbook()
    ws = book.sheet("台账")
    book.rows(ws, 1, [[dt.datetime(2025, 1, 1, 8, 0)]], PERCENT)
    with pytest.raises(TypeError, match="datetime"):
        book.save(io.BytesIO())


def test_rows_are_written_as_they_come_not_held():
    """A long sheet from a generator: memory grows by a batch of rows, not by the sheet."""
    count, text = 20_000, "关于印发某某县卫生健康局年度工作要点的通知" * 12 + "（第{}号）"

    def rows():
        for i in range(count):
            yield [i, text.format(i), dt.date(2025, 1, 1) + dt.timedelta(days=i % 365), i / count, "说明"]

    book = StreamedWorkbook()
    ws = book.sheet("台账")
    _frame(ws)
    book.rows(ws, 3, rows(), PERCENT, WRAP, WRAPPED)
    out = io.BytesIO()
    tracemalloc.start()
    try:
        book.save(out)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    with zipfile.ZipFile(out) as z:
        sheet_bytes = z.getinfo("xl/worksheets/sheet1.xml").file_size
    assert sheet_bytes > 15_000_000  # about 1,000 bytes a row
    # The output itself is in memory here; the rest is a batch of rows and openpyxl's frame (about 3 MB).
    assert peak < out.tell() + 4_000_000, (peak, out.tell(), sheet_bytes)
    ws = load_workbook(io.BytesIO(out.getvalue()), read_only=True)["台账"]
    last = list(ws.iter_rows(min_row=count + 2, values_only=True))
    assert last == [(count - 1, text.format(count - 1), dt.datetime(2025, 1, 1) + dt.timedelta(days=(count - 1) % 365),
                     (count - 1) / count, "说明")]
