"""The audit's .xlsx export: one sheet per part of the page (figures, sections, reasons, late
publications, 规范性文件, re-review, table 3, the ledger), Chinese headers, a title row and a frozen
header row on every sheet, column widths a clerk can print. openpyxl writes the frame and the
headers; the data rows, the ledger's straight from the database cursor, are written by xlsx_stream."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from sqlalchemy.orm import Session

from . import reports, streamed
from .enums import Attribute
from .reports import AuditFigures
from .xlsx_stream import StreamedWorkbook

PERCENT = "0.0%"
_BOLD = Font(bold=True)
_TITLE = Font(bold=True, size=14)
_HEAD_FILL = PatternFill("solid", fgColor="DDE4EE")
_WRAP = Alignment(wrap_text=True, vertical="top")


def title_of(figures: AuditFigures, office: str) -> str:
    scope = figures.section.name if figures.section else "全部科室"
    return f"{office} {figures.year}年度公文公开属性审计（{scope}）"


class _Sheets:
    def __init__(self, title: str):
        self.book = StreamedWorkbook()
        self.title = title

    def sheet(self, name: str, headers: list[str], widths: list[int], rows: Iterable[list], wrap: Iterable[int] = ()):
        ws = self.book.sheet(name)
        for i, width in enumerate(widths):
            ws.column_dimensions[chr(ord("A") + i)].width = width
        ws.freeze_panes = "A3"
        ws.print_title_rows = "1:2"
        ws.page_setup.orientation = "landscape" if len(headers) > 6 else "portrait"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        title = WriteOnlyCell(ws, self.title)
        title.font = _TITLE
        ws.append([title])
        head = []
        for h in headers:
            cell = WriteOnlyCell(ws, h)
            cell.font, cell.fill, cell.alignment = _BOLD, _HEAD_FILL, _WRAP
            head.append(cell)
        ws.append(head)
        # Shares (floats) as percentages, dates as dates, the other cells of ``wrap`` columns wrapped.
        self.book.rows(ws, 3, rows, PERCENT, _WRAP, wrap)

    def save(self, out: BinaryIO) -> None:
        self.book.save(out)


def ledger_cells(session: Session, year: int, section_id: int | None,
                 reviews: dict[int, list[str]] | None) -> Iterator[list]:
    """The 台账 sheet's rows (序号, 标题, 发文字号, 科室, 成文日期, 公开属性, 不公开理由, 理由说明, 审查记录,
    下次审查日期) streamed from the database (streamed.rows): plain values, no row objects (the ledger runs to
    hundreds of thousands of rows)."""
    labels = {a.value: a.label for a in Attribute}
    reviews = reviews or {}
    rows = streamed.rows(session, reports.ledger_select(year, section_id, raw_attribute=True))
    for n, (i, title, number, section, signed_on, attribute, code, label, text, next_on) in enumerate(rows, 1):
        yield [n, title, number or "", section, signed_on, labels[attribute], label or code or reports.NO_REASON,
               text or "", "；".join(reviews.get(i, ())), next_on]


def export(session: Session, year: int, section_id: int | None, today: dt.date, office: str,
           out: BinaryIO) -> AuditFigures:
    """Write the workbook for ``year`` (every late publication and the whole ledger, streamed from the
    database as it is written) to ``out``; return its figures."""
    figures = reports.figures(session, year, today, section_id, late_limit=None)
    ledger = ledger_cells(session, year, section_id, figures.rereview.reviews if figures.rereview else None)
    workbook(figures, ledger, office, out)
    return figures


def workbook(figures: AuditFigures, ledger: Iterable[list], office: str, out: BinaryIO) -> None:
    """Write the export of ``figures`` with the rows of ``ledger`` (``ledger_cells``) to ``out``."""
    late = figures.late
    y, f = figures.year, figures
    book = _Sheets(title_of(f, office))
    attr = [("发文总数", "issued"), ("主动公开", "active")]
    rows = [[label, getattr(f.this, key), getattr(f.previous, key)] for label, key in attr]
    rows += [[a.label, f.this.by_attribute.get(a, 0), f.previous.by_attribute.get(a, 0)] for a in reports.RESTRICTED]
    rows += [["限制公开合计", f.this.restricted, f.previous.restricted],
             ["公文主动公开率", f.this.active_rate, f.previous.active_rate],
             ["限制公开占比", f.this.restricted_share, f.previous.restricted_share],
             ["逾期公开（超过20个工作日）", f.late_count, None],
             ["台账文件数", f.ledger_count, None]]
    book.sheet("发文统计", ["项目", f"{y}年", f"{y - 1}年"], [30, 14, 14], rows)
    sections = [[r.name, r.this.issued, r.this.active, r.this.by_attribute.get(reports.Attribute.ON_REQUEST, 0),
                 r.this.by_attribute.get(reports.Attribute.NON_DISCLOSABLE, 0), r.this.active_rate,
                 r.this.restricted_share, r.previous.issued, r.previous.restricted, r.previous.restricted_share,
                 "上升" if r.flagged else ""] for r in f.sections]
    book.sheet("各科室", ["科室", "本年发文", "主动公开", "依申请公开", "不予公开", "主动公开率", "限制公开占比",
                       "上年发文", "上年限制公开", "上年限制公开占比", "逐年压缩"],
               [16, 10, 10, 10, 10, 11, 12, 10, 12, 14, 10], sections)
    book.sheet("理由分布", ["不公开理由", "件数"], [44, 10], [[r.label, r.count] for r in f.reasons])
    book.sheet("逾期公开", ["标题", "发文字号", "科室", "成文日期", "应公开日期", "发布日期", "超期天数"],
               [40, 22, 14, 12, 12, 12, 10],
               [[r.title, r.doc_number or "", r.section, r.signed_on, r.due_on, r.published_on or "未发布", r.days_late]
                for r in late], wrap=(0,))
    book.sheet("规范性文件", ["项目", "件数"], [30, 10],
               [["本年制发件数", f.normative.issued], ["本年废止件数", f.normative.repealed],
                ["现行有效件数", f.normative.in_force]])
    if f.rereview is None:
        rereview = [[reports.NOT_BUILT, None]]
    else:
        rereview = [["本年应复审", f.rereview.due], ["本年已复审", f.rereview.done], ["逾期未复审", f.rereview.overdue],
                    *([f"转为主动公开（{k}）", n] for k, n in f.rereview.conversions.items())]
    book.sheet("定期审查", ["项目", "件数"], [40, 10], rereview)
    t3 = [[("　" * r.level) + r.label, *(r.values or [None] * len(reports.TABLE3_COLUMNS))]
          for r in reports.table3_rows(f.table3)]
    t3.append(["一＋二＝三＋四", "相符" if f.table3.balanced() else "不符"])
    book.sheet("表三 依申请公开", ["项目", *reports.TABLE3_COLUMNS], [36, 9, 9, 9, 11, 11, 9, 9], t3)
    book.sheet("台账", ["序号", "标题", "发文字号", "科室", "成文日期", "公开属性", "不公开理由", "理由说明",
                      "审查记录", "下次审查日期"], [6, 40, 22, 14, 12, 12, 30, 40, 24, 12],
               ledger)
    book.save(out)
