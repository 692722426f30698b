"""A workbook whose data rows are written as SpreadsheetML text, straight into their sheet's zip entry.

openpyxl writes the frame: styles, sheet settings (widths, frozen panes, print setup) and whatever
rows are appended through it (titles, styled headers). The data rows given to ``rows()`` are written
afterwards, as they come (e.g. from a database cursor), into the same sheet. openpyxl builds a cell
object and an lxml element for every cell, about 30 µs a cell on a small server: 100 s for the
3.8 million cells of a ledger of one million documents. Written here as text, the same cells take
about a microsecond each. The cells are what openpyxl's write-only mode writes for the same values:
strings inline, integers plain, floats with a number format, dates as serial numbers with the
yyyy-mm-dd format, the other cells of chosen columns aligned. Two differences: a string openpyxl
would refuse (control characters) has them dropped, and a string starting with "=" stays a string
(openpyxl makes it a formula)."""
from __future__ import annotations

import datetime as dt
import io
import math
import queue
import re
import threading
import zipfile
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from operator import itemgetter
from typing import BinaryIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

DATE = "yyyy-mm-dd"
#: Excel's limit on a cell's text; openpyxl truncates to it as well.
MAX_TEXT = 32767
_LETTERS = [get_column_letter(i) for i in range(1, 257)]
_SHEET_DATA_END = b"</sheetData>"
#: None for text that goes into <t> as it is: nothing to escape, no control character.
_PLAIN = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f]").search
#: A row's texts are checked at once, joined by a character that is neither white space nor escaped:
#: anything to escape or drop, or white space at either end of a text (kept with xml:space="preserve"),
#: sends the row cell by cell. A text holding the separator next to white space goes that way too.
_SEPARATOR = "\x7f"
_SPECIAL_OR_SPACE = re.compile(r"[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\s]").search
_EDGE_SPACE = re.compile(r"^\s|\s$|\s\x7f|\x7f\s").search
_UNPLANNED = object()
#: Characters of rows joined into one write to the compressor.
_BATCH = 256 * 1024


class StreamedWorkbook:
    """``sheet()`` and openpyxl for everything but the data rows; ``rows()`` for them; ``save(out)``."""

    #: zlib's fastest level: a ledger's sheet compresses to about a quarter more than at the default
    #: level 6, in about half the time (the compressor was a fifth of the export's time at level 6).
    def __init__(self, compresslevel: int = 1):
        self.book = Workbook(write_only=True)
        self.compresslevel = compresslevel
        self._pending: list[_Rows] = []

    def sheet(self, name: str) -> WriteOnlyWorksheet:
        return self.book.create_sheet(name)

    def rows(self, ws: WriteOnlyWorksheet, first_row: int, rows: Iterable[Sequence], float_format: str,
             aligned: Alignment | None = None, aligned_columns: Iterable[int] = ()) -> None:
        """Write ``rows`` (lists of str, int, float, date or None) into ``ws`` from row ``first_row`` on,
        after the rows appended through openpyxl. Floats take ``float_format``; the other non-empty
        cells of ``aligned_columns`` (0-based), and their empty ones, take ``aligned``."""
        self._pending.append(_Rows(ws, first_row, rows, float_format, aligned, set(aligned_columns)))

    def save(self, out: BinaryIO) -> None:
        """Write the .xlsx to ``out``: openpyxl's frame, each pending sheet spliced with its rows."""
        frame = io.BytesIO()
        self.book.save(frame)
        frame.seek(0)
        pending = {rows.ws.path.lstrip("/"): rows for rows in self._pending}  # sheets are numbered at save
        with (zipfile.ZipFile(frame) as src,
              zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True,
                              compresslevel=self.compresslevel) as dst):
            for info in src.infolist():
                data = src.read(info)
                rows = pending.pop(info.filename, None)
                if rows is None:
                    dst.writestr(info, data)
                    continue
                head, end, tail = data.rpartition(_SHEET_DATA_END)
                if not end:
                    raise ValueError(f"{info.filename}: no <sheetData> to add rows to")
                with dst.open(info.filename, "w", force_zip64=True) as entry:
                    entry.write(head)
                    _write_behind(entry, rows.xml())
                    entry.write(end + tail)
        if pending:
            raise ValueError(f"sheets not in the workbook: {sorted(pending)}")


def _write_behind(entry: BinaryIO, chunks: Iterable[bytes]) -> None:
    """Write ``chunks`` into the zip ``entry`` from a second thread: zlib lets go of the GIL while it
    compresses (and the CRC while it sums), so one chunk is compressed while this thread makes the
    next (compressing was a sixth of the ledger's export). At most two chunks wait between them."""
    waiting: queue.Queue[bytes | None] = queue.Queue(maxsize=2)
    failed: list[BaseException] = []

    def write() -> None:
        while (chunk := waiting.get()) is not None:
            if not failed:  # after a failure, take the rest so that the maker is never blocked
                try:
                    entry.write(chunk)
                except BaseException as error:  # raised again in the maker's thread
                    failed.append(error)

    writer = threading.Thread(target=write, name="xlsx-deflate", daemon=True)
    writer.start()
    try:
        for chunk in chunks:
            if failed:
                break
            waiting.put(chunk)
    finally:
        waiting.put(None)
        writer.join()
    if failed:
        raise failed[0]


class _Rows:
    def __init__(self, ws: WriteOnlyWorksheet, first_row: int, rows: Iterable[Sequence], float_format: str,
                 aligned: Alignment | None, aligned_columns: set[int]):
        self.ws, self.first_row, self.rows = ws, first_row, rows
        # The style indexes openpyxl gives the same cells (it writes styles.xml from these at save).
        float_style = f' s="{_style_id(ws, number_format=float_format)}"'
        date_style = f' s="{_style_id(ws, number_format=DATE)}"'
        aligned_style = f' s="{_style_id(ws, alignment=aligned)}"' if aligned else ""
        styles = [aligned_style if i in aligned_columns else "" for i in range(len(_LETTERS))]
        # Each cell is written as open + row number + the rest: the column's constant parts, made once.
        self.open = [f'<c r="{letter}' for letter in _LETTERS]
        self.text = [f'"{style} t="inlineStr"><is><t>' for style in styles]
        self.text_any = [f'"{style} t="inlineStr"><is>' for style in styles]
        self.empty_text = [f'"{style} t="inlineStr"/>' for style in styles]
        self.empty = [f'"{style} t="n"/>' if style else None for style in styles]
        self.number = [f'"{style} t="n"><v>' for style in styles]
        self.boolean = [f'"{style} t="b"><v>' for style in styles]
        self.float = f'"{float_style} t="n"><v>'
        self.date = f'"{date_style} t="n"><v>'
        #: Excel's serial number of each date written, as text.
        self._serials: dict[dt.date, str] = _Serials()
        #: The cells' types and truth values → the row's writer and its texts (see _plan), or None.
        self._plans: dict[tuple[type, ...], tuple | None] = {}

    def xml(self) -> Iterable[bytes]:
        batch, size = [], 0
        for r, values in enumerate(self.rows, self.first_row):
            row = self.row(r, values)
            batch.append(row)
            size += len(row)
            if size >= _BATCH:
                yield "".join(batch).encode()
                batch, size = [], 0
        if batch:
            yield "".join(batch).encode()

    def row(self, r: int, values: Sequence) -> str:
        """The row's XML: by the writer made for its kinds of cells where there is one (when its texts
        need nothing escaped), else cell by cell."""
        kinds = (*map(type, values), *map(bool, values))
        plan = self._plans.get(kinds, _UNPLANNED)
        if plan is _UNPLANNED:
            plan = self._plans[kinds] = self._plan(kinds[:len(values)], kinds[len(values):])
        if plan is None:
            return self.cells(r, values)
        write, texts = plan
        if texts is not None:
            joined = texts(values)
            if len(joined) > MAX_TEXT or (_SPECIAL_OR_SPACE(joined) and (_PLAIN(joined) or _EDGE_SPACE(joined))):
                return self.cells(r, values)
        return write(str(r), values)

    def _plan(self, kinds: tuple[type, ...], filled: tuple[bool, ...]
              ) -> tuple[Callable[[str, Sequence], str], Callable[[Sequence], str] | None] | None:
        """For rows whose cells are of ``kinds`` (and empty or not, ``filled``): a function writing the
        row as ``cells`` writes it, given texts with nothing to escape, and one joining those texts
        (by _SEPARATOR) to check them; None for rows of other kinds of cells (floats, booleans,
        decimals, enum members), written cell by cell. The writer is one f-string made for the kind of
        row: a ledger row takes about half the time it takes cell by cell."""
        source, texts = ["'<row r=\"'", "f'{n}'", "'\">'"], []
        for i, (kind, full) in enumerate(zip(kinds, filled, strict=True)):
            head = [repr(self.open[i]), "f'{n}'"]
            if kind is str and full:
                source += [*head, repr(self.text[i]), f"f'{{v[{i}]}}'", "'</t></is></c>'"]
                texts.append(i)
            elif kind is str:
                source += [*head, repr(self.empty_text[i])]
            elif kind is int:
                source += [*head, repr(self.number[i]), f"f'{{v[{i}]:.16g}}'", "'</v></c>'"]
            elif kind is dt.date:
                source += [*head, repr(self.date), f"f'{{SERIAL[v[{i}]]}}'", "'</v></c>'"]
            elif kind is type(None):
                if self.empty[i]:
                    source += [*head, repr(self.empty[i])]
            else:
                return None
        source.append("'</row>'")
        namespace = {"SERIAL": self._serials}
        exec(f"def write(n, v):\n    return {' '.join(source)}\n", namespace)  # constants of ours only
        if not texts:
            return namespace["write"], None
        if len(texts) == 1:
            return namespace["write"], itemgetter(texts[0])
        pick = itemgetter(*texts)
        return namespace["write"], lambda v: _SEPARATOR.join(pick(v))

    def cells(self, r: int, values: Sequence) -> str:
        n = str(r)
        out = [f'<row r="{n}">']
        add, opening, text = out.append, self.open, self.text
        for i, value in enumerate(values):
            kind = type(value)
            if kind is str:
                if not value:
                    add(f"{opening[i]}{n}{self.empty_text[i]}")
                elif (_PLAIN(value) is None and not value[0].isspace() and not value[-1].isspace()
                      and len(value) <= MAX_TEXT):
                    add(f"{opening[i]}{n}{text[i]}{value}</t></is></c>")
                else:
                    add(f"{self.open[i]}{n}{self.text_any[i]}{_text(value)}</is></c>")
            elif kind is int or kind is Decimal:
                add(f"{opening[i]}{n}{self.number[i]}{value:.16g}</v></c>")
            elif kind is dt.date:
                add(f"{opening[i]}{n}{self.date}{self._serials[value]}</v></c>")
            elif value is None:
                if self.empty[i]:
                    add(f"{self.open[i]}{n}{self.empty[i]}")
            elif kind is float:
                number = "" if math.isnan(value) or math.isinf(value) else f"{value:.16g}"
                add(f"{self.open[i]}{n}{self.float}{number}</v></c>")
            elif kind is bool:
                add(f"{self.open[i]}{n}{self.boolean[i]}{int(value)}</v></c>")
            elif isinstance(value, str):  # a str subclass (a str-valued enum member): its text
                add(f"{self.open[i]}{n}{self.text_any[i]}{_text(str(value))}</is></c>")
            else:
                raise TypeError(f"cannot write a {kind.__name__} into a cell: {value!r}")
        out.append("</row>")
        return "".join(out)


def _style_id(ws: WriteOnlyWorksheet, **style) -> int:
    cell = WriteOnlyCell(ws)
    for name, value in style.items():
        setattr(cell, name, value)
    return cell.style_id


class _Serials(dict):
    """date → Excel's serial number as text, computed on first use."""

    def __missing__(self, day: dt.date) -> str:
        serial = self[day] = f"{to_excel(day):.16g}"
        return serial


def _text(value: str) -> str:
    """An inline string's <t>: escaped, control characters dropped, spaces at the ends kept."""
    value = value[:MAX_TEXT]
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    escaped = value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    if value != value.strip():
        return f'<t xml:space="preserve">{escaped}</t>'
    return f"<t>{escaped}</t>"
