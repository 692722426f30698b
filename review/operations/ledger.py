"""Import of an office's past documents from its Excel 台账 (DESIGN §3: they enter as issued, then are
re-reviewed like any other).

Two steps: ``check`` reads every row and every named file (slow work, outside any write transaction)
and reports each problem as (Excel row, column, Chinese message); ``apply`` writes what was checked,
one document and one ``document.import`` audit event per row, and flushes. A document whose 发文字号 is
already in the register is left as it is, so importing the same ledger twice changes nothing.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .. import audit, clock
from ..enums import Attribute, DocState, Validity, attribute_of_marking
from ..errors import Refusal
from ..extract import Elements, normalise_doc_number
from ..extract.dates import parse_date
from ..models import Document, DocumentVersion, ReasonCode, Section, User
from ..storage import Store
from ..xlsx import UnreadableWorkbook, read_sheet
from .common import file_referenced
from .drafting import MEDIA_TYPES, read_upload

#: The ledger's columns, each with the other headings offices use for it (README lists them).
COLUMNS: dict[str, tuple[str, ...]] = {
    "标题": ("文件标题", "题名", "文件名称"),
    "发文字号": ("文号", "字号", "文件字号"),
    "成文日期": ("日期", "发文日期", "印发日期"),
    "公开属性": ("属性", "公开方式", "公开类别"),
    "不公开理由": ("理由", "不公开原因", "理由类别"),
    "说明": ("理由说明", "备注"),
    "起草科室": ("科室", "拟稿科室", "承办科室", "股室"),
    "下次审查日期": ("下次复审日期", "复审日期", "审查日期"),
    "有效性": ("效力", "效力状态"),
    "文件名": ("文件", "附件", "电子文件"),
}
REQUIRED = ("标题", "发文字号", "成文日期", "公开属性", "起草科室")
HEADERS = tuple(COLUMNS)


@dataclass(frozen=True)
class Problem:
    row: int  # as Excel numbers it (the header is row 1)
    column: str
    message: str

    def __str__(self) -> str:
        return f"第{self.row}行【{self.column}】{self.message}"


@dataclass
class LedgerRow:
    row: int
    title: str
    number: str
    signed_on: dt.date
    attribute: Attribute
    reason_code: str | None
    reason_text: str
    section_id: int
    next_review_on: dt.date | None
    validity: Validity
    filename: str | None = None
    file: tuple[bytes, str, Elements] | None = None  # bytes, kind, parsed elements


@dataclass
class Plan:
    rows: list[LedgerRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: (row, 发文字号) already in the register: left as they are.
    existing: list[tuple[int, str]] = field(default_factory=list)
    total: int = 0

    @property
    def bad_rows(self) -> set[int]:
        return {p.row for p in self.problems}

    @property
    def importable(self) -> int:
        """Rows that would be imported: checked, not yet in the register, without a problem."""
        bad = self.bad_rows
        return sum(1 for row in self.rows if row.row not in bad)


@dataclass
class Result:
    imported: int
    existing: int
    skipped: int


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_day(value) -> dt.date | None:
    """An Excel date cell, or 2026-11-02 / 2026/11/2 / 2026.11.2 / 2026年11月2日."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for sep in ("-", "/", "."):
        parts = text.split(sep)
        if len(parts) == 3 and all(p.strip().isdigit() for p in parts):
            try:
                return dt.date(*(int(p) for p in parts))
            except ValueError:
                return None
    return parse_date(text) if text else None


def _column_map(headers: list[str]) -> tuple[dict[str, int], list[Problem]]:
    names = {alias: canonical for canonical, aliases in COLUMNS.items() for alias in (canonical, *aliases)}
    found: dict[str, int] = {}
    problems = []
    for index, heading in enumerate(headers):
        canonical = names.get(heading)
        if canonical is None:
            continue
        if canonical in found:
            problems.append(Problem(1, heading, f"与第{found[canonical] + 1}列重复（都表示“{canonical}”）。"))
        else:
            found[canonical] = index
    for name in REQUIRED:
        if name not in found:
            problems.append(Problem(1, name, f"缺少“{name}”列（可用的列名：{'、'.join((name, *COLUMNS[name]))}）。"))
    return found, problems


def _attribute(text: str) -> Attribute | None:
    for a in Attribute:
        if text in (a.value, a.label):
            return a
    return attribute_of_marking(text) if text else None


def _validity(text: str) -> Validity | None:
    if not text:
        return Validity.VALID
    return next((v for v in Validity if text in (v.value, v.label)), None)


class _RowReader:
    """Validates one row; collects every problem, not just the first."""

    def __init__(self, session: Session, columns: dict[str, int], row: int, values: list):
        self.session, self.columns, self.row, self.values = session, columns, row, values
        self.problems: list[Problem] = []

    def get(self, name: str):
        index = self.columns.get(name)
        return None if index is None else self.values[index]

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.row, column, message))

    def read(self, reasons: dict[str, ReasonCode], sections: dict[str, int]) -> LedgerRow | None:
        title = _text(self.get("标题"))
        if not title:
            self.problem("标题", "不能为空。")
        raw_number = _text(self.get("发文字号"))
        number = normalise_doc_number(raw_number) if raw_number else ""
        if not number:
            self.problem("发文字号", "不能为空。")
        signed_on = parse_day(self.get("成文日期"))
        if signed_on is None:
            shown = _text(self.get("成文日期"))
            self.problem("成文日期", f"“{shown}”不是有效日期，应写作 2026-11-02 或 2026年11月2日。" if shown
                         else "不能为空。")
        attribute_text = _text(self.get("公开属性"))
        attribute = _attribute(attribute_text)
        if attribute is None:
            self.problem("公开属性", f"“{attribute_text}”无法识别，应为 主动公开、依申请公开 或 不予公开。"
                         if attribute_text else "不能为空。")
        reason_code, reason_text = self._reason(attribute, reasons)
        section_name = _text(self.get("起草科室"))
        section_id = sections.get(section_name)
        if section_id is None:
            self.problem("起草科室", f"科室“{section_name}”不存在，请先在系统管理中添加。" if section_name
                         else "不能为空。")
        next_text = self.get("下次审查日期")
        next_review_on = parse_day(next_text) if _text(next_text) else None
        if _text(next_text) and next_review_on is None:
            self.problem("下次审查日期", f"“{_text(next_text)}”不是有效日期，应写作 2026-11-02 或 2026年11月2日。")
        if next_review_on is None and attribute is not None and attribute.restricted and signed_on and reason_code:
            next_review_on = clock.add_months(signed_on, reasons[reason_code].review_months)
        if attribute is Attribute.ACTIVE:
            next_review_on = None
        validity = _validity(_text(self.get("有效性")))
        if validity is None:
            self.problem("有效性", f"“{_text(self.get('有效性'))}”无法识别，应为 有效、已修订 或 已废止。")
        if self.problems:
            return None
        return LedgerRow(self.row, title, number, signed_on, attribute, reason_code, reason_text, section_id,
                         next_review_on, validity, _text(self.get("文件名")) or None)

    def _reason(self, attribute: Attribute | None, reasons: dict[str, ReasonCode]) -> tuple[str | None, str]:
        text = _text(self.get("不公开理由"))
        explanation = _text(self.get("说明"))
        if attribute is None or not attribute.restricted:
            if text:
                self.problem("不公开理由", "主动公开的文件不应填写不公开理由。")
            return None, explanation
        if not text:
            self.problem("不公开理由", f"{attribute.label}的文件必须填写不公开理由（条例 第14–16条）。")
            return None, explanation
        reason = next((r for r in reasons.values() if text in (r.code, r.label)), None)
        if reason is None:
            self.problem("不公开理由", f"“{text}”不是系统中的不公开理由。")
            return None, explanation
        if not reason.fits_attribute(attribute):
            self.problem("不公开理由", f"“{reason.label}”不适用于{attribute.label}。")
            return None, explanation
        return reason.code, explanation


def _check_file(row: LedgerRow, data: bytes, problems: list[Problem]) -> None:
    """Parse the named file and compare it with its row: 发文字号, 成文日期 and the printed marking."""
    try:
        kind, elements = read_upload(data)
    except Refusal as refusal:
        problems.append(Problem(row.row, "文件名", f"文件“{row.filename}”无法读取：{refusal.message}"))
        return
    if elements.doc_number and normalise_doc_number(elements.doc_number) != row.number:
        problems.append(Problem(row.row, "发文字号",
                                f"与文件所印“{elements.doc_number}”不一致（台账为“{row.number}”）。"))
    printed = parse_day(elements.signed_date) if elements.signed_date else None
    if printed and printed != row.signed_on:
        problems.append(Problem(row.row, "成文日期",
                                f"与文件所印“{printed.isoformat()}”不一致（台账为“{row.signed_on.isoformat()}”）。"))
    if elements.marking and elements.marking != row.attribute.value:
        wording = elements.marking_text or Attribute(elements.marking).label
        problems.append(Problem(row.row, "公开属性",
                                f"与文件所印标注“{wording}”不一致（台账为“{row.attribute.label}”）。"))
    row.file = (data, kind, elements)


def read_ledger(session: Session, data: bytes) -> Plan:
    """Validate every row against the register (fast: a few queries, no file is parsed)."""
    plan = Plan()
    try:
        headers, body = read_sheet(data)
    except UnreadableWorkbook as exc:
        plan.problems.append(Problem(1, "文件", str(exc)))
        return plan
    columns, plan.problems = _column_map(headers)
    plan.total = len(body)
    if plan.problems:
        return plan
    reasons = {r.code: r for r in session.scalars(sa.select(ReasonCode))}
    sections = dict(session.execute(sa.select(Section.name, Section.id)).all())
    registered = _registered(session)
    first_row: dict[str, int] = {}
    for number, values in body:
        reader = _RowReader(session, columns, number, values)
        row = reader.read(reasons, sections)
        plan.problems.extend(reader.problems)
        if row is None:
            continue
        if row.number in first_row:
            plan.problems.append(Problem(number, "发文字号", f"“{row.number}”与第{first_row[row.number]}行重复。"))
            continue
        first_row[row.number] = number
        if row.number in registered:
            plan.existing.append((number, row.number))
        else:
            plan.rows.append(row)
    plan.problems.sort(key=lambda p: p.row)
    return plan


def check_files(plan: Plan, files: Callable[[str], bytes | None] | None,
                progress: Callable[[int, int], None] | None = None) -> Plan:
    """Parse each named file and compare it with its row (slow; needs no database, so run it outside
    any write transaction). ``progress(done, total)`` is called after each row."""
    for done, row in enumerate(plan.rows, start=1):
        if row.filename and files is not None:
            content = files(row.filename)
            if content is None:
                plan.problems.append(Problem(row.row, "文件名", f"找不到文件“{row.filename}”。"))
            else:
                _check_file(row, content, plan.problems)
        if progress:
            progress(done, len(plan.rows))
    plan.problems.sort(key=lambda p: p.row)
    return plan


def check(session: Session, data: bytes, files: Callable[[str], bytes | None] | None = None,
          progress: Callable[[int, int], None] | None = None) -> Plan:
    """Both checks: every row, then every named file (when ``files`` can fetch them by name)."""
    return check_files(read_ledger(session, data), files, progress)


def _registered(session: Session) -> set[str]:
    return set(session.scalars(sa.select(Document.doc_number).where(Document.state == DocState.ISSUED,
                                                                    Document.doc_number.is_not(None))))


def apply(session: Session, store: Store, actor: User, plan: Plan, now: dt.datetime, skip_bad: bool = False,
          progress: Callable[[int, int], None] | None = None) -> Result:
    """Write the checked rows as issued documents. Refused while a row is wrong, unless ``skip_bad``."""
    if plan.problems and (not skip_bad or any(p.row == 1 for p in plan.problems)):
        raise Refusal(f"台账有 {len(plan.problems)} 处问题，未导入任何文件。请修改后重新导入，或选择跳过有问题的行。")
    bad = plan.bad_rows
    imported = 0
    issued_at = clock.stored(now)
    registered = _registered(session)  # again, inside the writing transaction: a concurrent import
    for done, row in enumerate(plan.rows, start=1):
        if row.number in registered:
            plan.existing.append((row.row, row.number))
        elif row.row not in bad:
            _import_row(session, store, actor, row, issued_at)
            imported += 1
        if progress:
            progress(done, len(plan.rows))
    session.flush()
    return Result(imported=imported, existing=len(plan.existing), skipped=len(bad))


def _import_row(session: Session, store: Store, actor: User, row: LedgerRow, issued_at: dt.datetime) -> Document:
    doc = Document(section_id=row.section_id, drafter_id=actor.id, state=DocState.ISSUED, title=row.title,
                   doc_number=row.number, attribute=row.attribute, reason_code=row.reason_code,
                   reason_text=row.reason_text, signed_on=row.signed_on, issued_at=issued_at,
                   validity=row.validity, next_review_on=row.next_review_on,
                   version_count=1 if row.file else 0)
    session.add(doc)
    if row.file:
        data, kind, elements = row.file
        sha, created = store.put(data)
        if created:
            store.track(session, sha, file_referenced(session))
        session.add(DocumentVersion(
            document=doc, number=1, sha256=sha, size=len(data), media_type=MEDIA_TYPES[kind],
            original_filename=row.filename[-200:], uploaded_by_id=actor.id, page_count=elements.pages,
            text=elements.text, elements={**elements.as_json(row.filename), "recipients": elements.recipients}))
    session.flush()
    audit.append(session, actor_id=actor.id, action="document.import", document_id=doc.id,
                 after={"row": row.row, "title": row.title, "doc_number": row.number, "signed_on": row.signed_on,
                        "attribute": row.attribute, "reason_code": row.reason_code,
                        "next_review_on": row.next_review_on, "validity": row.validity,
                        "file": row.filename if row.file else None})
    return doc
