"""The yearly audit (年度审计, DESIGN §8): figures for a year and optionally one section, as set-based
SQL aggregates; the ledger (台账) of restricted documents; table 3 of the yearly report from
requests_stats. Read-only: nothing here writes.

A document counts in the year of its 成文日期 (``signed_on``), the date the yearly report counts by
and the day 条例 第二十六条's 20 working days run from (信息形成之日). Only issued documents count.

Figures that need the periodic re-review (issue 8: attribute history, re-review tasks) come from
:func:`rereview_figures`, over AttributeDecision and ReReview.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .enums import Attribute, DocState
from .holidays import load_calendar
from .models import Document, NumberPrefix, ReasonCode, Section
from .request_enums import Outcome, OutcomeGroup, RequesterType
from .requests_stats import Table3, table3
from .workdays import Calendar, not_entered_message

#: 条例 第二十六条: active information is published within 20 working days of being formed.
PUBLISH_WITHIN = 20
#: Years shown in the "restricted share by year" chart, ending with the audited year.
TREND_YEARS = 5
#: Late publications listed on the page (all are counted; the export lists them all).
LATE_LISTED = 500
NOT_BUILT = "定期审查功能尚未启用，相关数字暂缺"
RESTRICTED = (Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE)


def share(part: int, whole: int) -> float | None:
    """``part / whole`` or None when nothing was issued (a share of nothing is not 0%)."""
    return part / whole if whole else None


@dataclass
class Counts:
    """Issued documents of one year (and section) by attribute."""

    by_attribute: dict[Attribute, int] = field(default_factory=dict)

    @property
    def issued(self) -> int:
        return sum(self.by_attribute.values())

    @property
    def active(self) -> int:
        return self.by_attribute.get(Attribute.ACTIVE, 0)

    @property
    def restricted(self) -> int:
        return self.issued - self.active

    @property
    def active_rate(self) -> float | None:
        """公文主动公开率."""
        return share(self.active, self.issued)

    @property
    def restricted_share(self) -> float | None:
        return share(self.restricted, self.issued)

    def add(self, attribute: Attribute, n: int) -> None:
        self.by_attribute[attribute] = self.by_attribute.get(attribute, 0) + n


@dataclass
class SectionRow:
    """One section this year against the previous year (逐年压缩)."""

    section_id: int
    name: str
    this: Counts
    previous: Counts

    @property
    def flagged(self) -> bool:
        """The restricted count grew, or the restricted share grew (both years having issued)."""
        if self.this.restricted > self.previous.restricted:
            return True
        now, before = self.this.restricted_share, self.previous.restricted_share
        return now is not None and before is not None and now > before


@dataclass
class ReasonRow:
    code: str | None
    label: str
    count: int


@dataclass
class LateRow:
    """An active document published later than 20 working days after its 成文日期 (第二十六条)."""

    id: int
    title: str
    doc_number: str | None
    section: str
    signed_on: dt.date
    due_on: dt.date
    published_on: dt.date | None
    #: Days after the due date (to the publication, or to today while unpublished).
    days_late: int


@dataclass
class Normative:
    """Table 2 row 一 of the yearly report: 规范性文件 issued, repealed, in force."""

    issued: int
    repealed: int
    in_force: int


@dataclass
class LedgerRow:
    id: int
    title: str
    doc_number: str | None
    section: str
    signed_on: dt.date
    attribute: Attribute
    reason_code: str | None
    reason_label: str
    explanation: str
    next_review_on: dt.date | None
    #: Each review and its outcome, e.g. "2027-03-01 维持依申请公开" (from the re-review hook).
    reviews: list[str] = field(default_factory=list)


@dataclass
class RereviewFigures:
    """Figures that need the periodic re-review (issue 8)."""

    #: Conversions to active in the year by what started them (Trigger value → count).
    conversions: dict[str, int]
    due: int
    done: int
    overdue: int
    #: document id → its reviews, for the ledger.
    reviews: dict[int, list[str]]


@dataclass
class AuditFigures:
    year: int
    section: Section | None
    today: dt.date
    this: Counts
    previous: Counts
    sections: list[SectionRow]
    trend: dict[int, Counts]
    reasons: list[ReasonRow]
    late: list[LateRow]
    late_count: int
    normative: Normative
    table3: Table3
    ledger_count: int
    rereview: RereviewFigures | None
    calendar_warning: str = ""

    @property
    def flagged(self) -> list[SectionRow]:
        return [row for row in self.sections if row.flagged]


#: Table 3's columns: 自然人, the five kinds of 法人或其他组织, then 总计.
TABLE3_COLUMNS = [*(k.label for k in RequesterType), "总计"]
_GROUP_NUMERALS = "一二三四五六七"


@dataclass
class Table3Row:
    """One printed row of table 3: ``values`` per requester type then 总计; None for a heading row."""

    key: str
    label: str
    values: list[int] | None
    level: int = 0


def table3_rows(t: Table3) -> list[Table3Row]:
    """Table 3 as the yearly report prints it (国办公开办函〔2021〕30号), rows 一 to 四, then the
    cross-check rows 一＋二 and 三＋四."""

    def row(key: str, label: str, counts: dict[RequesterType, int], level: int = 0) -> Table3Row:
        values = [counts.get(k, 0) for k in RequesterType]
        return Table3Row(key, label, [*values, sum(values)], level)

    answered_total = {k: t.answered_total(k) for k in RequesterType}
    rows = [row("received", "一、本年新收政府信息公开申请数量", t.received),
            row("carried_in", "二、上年结转政府信息公开申请数量", t.carried_in),
            Table3Row("answered", "三、本年度办理结果", None)]
    for i, group in enumerate(OutcomeGroup):
        members = [o for o in Outcome if o.group is group]
        if len(members) == 1:
            rows.append(row(members[0].value, f"（{_GROUP_NUMERALS[i]}）{group.label}",
                            t.answered.get(members[0], {}), 1))
            continue
        rows.append(Table3Row(group.value, f"（{_GROUP_NUMERALS[i]}）{group.label}", None, 1))
        for n, outcome in enumerate(members, 1):
            rows.append(row(outcome.value, f"{n}．{outcome.label}", t.answered.get(outcome, {}), 2))
    rows.append(row("answered_total", f"（{_GROUP_NUMERALS[len(OutcomeGroup)]}）总计", answered_total, 1))
    rows.append(row("carried_out", "四、结转下年度继续办理", t.carried_out))
    one_two = {k: t.received.get(k, 0) + t.carried_in.get(k, 0) for k in RequesterType}
    three_four = {k: answered_total[k] + t.carried_out.get(k, 0) for k in RequesterType}
    rows.append(row("check_left", "核对：一＋二", one_two))
    rows.append(row("check_right", "核对：三＋四", three_four))
    return rows


def _issued(*conditions, section_id: int | None = None) -> list:
    where = [Document.state == DocState.ISSUED, *conditions]
    if section_id is not None:
        where.append(Document.section_id == section_id)
    return where


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def counts_by_year(session: Session, first: int, last: int, section_id: int | None = None
                   ) -> dict[int, dict[int, Counts]]:
    """year → section id → Counts, for issued documents of ``first``..``last``: one grouped query."""
    year = sa.extract("year", Document.signed_on)
    rows = session.execute(
        sa.select(year, Document.section_id, Document.attribute, sa.func.count())
        .where(*_issued(Document.signed_on.between(dt.date(first, 1, 1), dt.date(last, 12, 31)),
                        section_id=section_id))
        .group_by(year, Document.section_id, Document.attribute))
    result: dict[int, dict[int, Counts]] = defaultdict(lambda: defaultdict(Counts))
    for y, sid, attribute, n in rows:
        if attribute is not None:
            result[int(y)][sid].add(attribute, n)
    return result


def total_of(per_section: dict[int, Counts]) -> Counts:
    total = Counts()
    for counts in per_section.values():
        for attribute, n in counts.by_attribute.items():
            total.add(attribute, n)
    return total


def section_rows(session: Session, by_year: dict[int, dict[int, Counts]], year: int,
                 section_id: int | None) -> list[SectionRow]:
    sections = session.execute(sa.select(Section.id, Section.name).order_by(Section.name))
    rows = []
    for sid, name in sections:
        if section_id is not None and sid != section_id:
            continue
        this, previous = by_year.get(year, {}).get(sid), by_year.get(year - 1, {}).get(sid)
        if this is None and previous is None:
            continue
        rows.append(SectionRow(sid, name, this or Counts(), previous or Counts()))
    return rows


def reasons(session: Session, year: int, section_id: int | None = None) -> list[ReasonRow]:
    """Reason codes of the documents still restricted that were issued by the end of ``year``."""
    _, end = _year_bounds(year)
    rows = session.execute(
        sa.select(Document.reason_code, sa.func.count())
        .where(*_issued(Document.signed_on <= end, Document.attribute.in_(RESTRICTED), section_id=section_id))
        .group_by(Document.reason_code))
    counts = {code: n for code, n in rows}
    result = []
    for code, label in session.execute(sa.select(ReasonCode.code, ReasonCode.label).order_by(ReasonCode.position)):
        if code in counts:
            result.append(ReasonRow(code, label, counts.pop(code)))
    for code, n in sorted(counts.items(), key=lambda item: item[0] or ""):  # unknown or missing codes
        result.append(ReasonRow(code, code or NO_REASON, n))
    return result


def due_dates(calendar: Calendar, start: dt.date, end: dt.date, n: int = PUBLISH_WITHIN) -> dict[dt.date, dt.date]:
    """day → the ``n``-th working day after it, for every day ``start``..``end``: one walk over the
    calendar (each day asked once) instead of one count per day."""
    working, day = [], start
    while len(working) < n or working[-n] <= end:  # enough working days after ``end`` for its due date
        day += dt.timedelta(days=1)
        if calendar.is_working_day(day):
            working.append(day)
    result, i, day = {}, 0, start
    while day <= end:
        while working[i] <= day:  # first working day strictly after ``day``
            i += 1
        result[day] = working[i + n - 1]
        day += dt.timedelta(days=1)
    return result


def late_publications(session: Session, year: int, today: dt.date, calendar: Calendar,
                      section_id: int | None = None, limit: int | None = LATE_LISTED) -> tuple[int, list[LateRow]]:
    """(count, listed rows) of active documents of ``year`` published more than 20 working days after
    their 成文日期, or still unpublished when that day has passed. The calendar gives each day of the
    year its due date once; SQL joins the documents to that table of 365 days, counts the late ones and
    lists the first ``limit`` in 成文日期 order (a walk of the index that stops there)."""
    start, end = _year_bounds(year)
    due = due_dates(calendar, start, end)
    days = (sa.values(sa.column("day", sa.Date), sa.column("due_on", sa.Date), name="due_day")
            .data(list(due.items())).cte("due_day"))
    where = _issued(Document.attribute == Attribute.ACTIVE, Document.signed_on.between(start, end),
                    sa.or_(Document.published_on > days.c.due_on,
                           sa.and_(Document.published_on.is_(None), days.c.due_on < today)),
                    section_id=section_id)
    joined = sa.join(Document, days, days.c.day == Document.signed_on)
    count = session.scalar(sa.select(sa.func.count()).select_from(joined).where(*where)) or 0
    if not count or limit == 0:
        return count, []
    query = (sa.select(Document.id, Document.title, Document.doc_number, Section.name, Document.signed_on,
                       days.c.due_on, Document.published_on)
             .select_from(joined).join(Section, Section.id == Document.section_id)
             .where(*where).order_by(Document.signed_on, Document.id))
    if limit is not None:
        query = query.limit(limit)
    return count, [LateRow(doc_id, title, number, section, signed_on, due_on, published_on,
                           ((published_on or today) - due_on).days)
                   for doc_id, title, number, section, signed_on, due_on, published_on in session.execute(query)]


def normative(session: Session, year: int, section_id: int | None = None) -> Normative:
    """Table 2 row 一: 本年制发, 本年废止, 现行有效 — one query of three conditional sums."""
    start, end = _year_bounds(year)

    def counted(condition):
        return sa.func.coalesce(sa.func.sum(sa.case((condition, 1), else_=0)), 0)

    issued = Document.signed_on.between(start, end)
    repealed = Document.repealed_on.between(start, end)
    in_force = sa.and_(Document.signed_on <= end,
                       sa.or_(Document.repealed_on.is_(None), Document.repealed_on > end))
    row = session.execute(sa.select(counted(issued), counted(repealed), counted(in_force))
                          .where(*_issued(Document.is_normative, section_id=section_id))).one()
    return Normative(*(int(v) for v in row))


def _ledger_where(year: int, section_id: int | None) -> list:
    """Every document restricted at some time in ``year``: issued by its end and restricted now.
    (Documents converted to active during the year join once the re-review history exists.)"""
    _, end = _year_bounds(year)
    return _issued(Document.signed_on <= end, Document.attribute.in_(RESTRICTED), section_id=section_id)


def ledger_count(session: Session, year: int, section_id: int | None = None) -> int:
    return session.scalar(sa.select(sa.func.count()).select_from(Document).where(*_ledger_where(year, section_id)))


def ledger(session: Session, year: int, section_id: int | None = None, offset: int = 0,
           limit: int | None = None, reviews: dict[int, list[str]] | None = None) -> list[LedgerRow]:
    """The 台账 rows in 成文日期 order, a page of them (``limit``) or all."""
    return list(ledger_rows(session, year, section_id, offset, limit, reviews))


#: A restricted document's reason when none was given.
NO_REASON = "（未填写理由）"


def ledger_select(year: int, section_id: int | None = None, raw_attribute: bool = False) -> sa.Select:
    """The 台账 in 成文日期 order: id, title, doc_number, section, signed_on, attribute (its stored value
    with ``raw_attribute``), reason_code, its label, reason_text, next_review_on."""
    attribute = sa.type_coerce(Document.attribute, sa.String) if raw_attribute else Document.attribute
    return (sa.select(Document.id, Document.title, Document.doc_number, Section.name, Document.signed_on,
                      attribute, Document.reason_code, ReasonCode.label, Document.reason_text,
                      Document.next_review_on)
            .join(Section, Section.id == Document.section_id)
            .outerjoin(ReasonCode, ReasonCode.code == Document.reason_code)
            .where(*_ledger_where(year, section_id))
            .order_by(Document.signed_on, Document.id))


def plan_for_every_row(session: Session) -> None:
    """Before a streamed read of every row: yield_per reads through a server-side cursor, which
    PostgreSQL plans for its first tenth of rows (for the ledger a walk of the 成文日期 index with a
    heap visit per row, several times slower than a scan and a sort when all rows are read). Plan for
    all of them, for this transaction."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SET LOCAL cursor_tuple_fraction = 1.0"))


def ledger_rows(session: Session, year: int, section_id: int | None = None, offset: int = 0,
                limit: int | None = None, reviews: dict[int, list[str]] | None = None) -> Iterator[LedgerRow]:
    """The 台账 rows streamed from the database in batches."""
    query = ledger_select(year, section_id).offset(offset)
    if limit is not None:
        query = query.limit(limit)
    else:
        plan_for_every_row(session)
    reviews = reviews or {}
    rows = session.execute(query.execution_options(yield_per=2000))
    for i, title, number, section, signed_on, attribute, code, label, text, next_on in rows:
        yield LedgerRow(i, title, number, section, signed_on, attribute, code, label or code or NO_REASON,
                        text or "", next_on, reviews.get(i, []))


#: Tables the re-review branch (issue 8) adds, with the columns the figures read. Adapt at merge.
def rereview_figures(session: Session, year: int, section_id: int | None = None,
                     today: dt.date | None = None) -> RereviewFigures:
    """Conversions to active in ``year`` (by what started them), re-reviews due / done / overdue and
    each ledger document's reviews, from the attribute history and the re-review tasks (DESIGN §6)."""
    from .models import AttributeDecision, ReReview

    start, end = _year_bounds(year)
    today = today or end

    def in_section(column):
        if section_id is None:
            return []
        return [column.in_(sa.select(Document.id).where(Document.section_id == section_id))]

    conversions = {(trigger.value if trigger else "manual"): n for trigger, n in session.execute(
        sa.select(AttributeDecision.trigger, sa.func.count())
        .where(AttributeDecision.attribute_after == Attribute.ACTIVE,
               AttributeDecision.attribute_before != Attribute.ACTIVE,
               AttributeDecision.effective_on.between(start, end), *in_section(AttributeDecision.document_id))
        .group_by(AttributeDecision.trigger))}
    counted = sa.func.count()
    first, after_last = dt.datetime.combine(start, dt.time()), dt.datetime.combine(end + dt.timedelta(days=1),
                                                                                  dt.time())
    due = session.scalar(sa.select(counted).select_from(ReReview).where(
        ReReview.due_on.between(start, end), *in_section(ReReview.document_id)))
    done = session.scalar(sa.select(counted).select_from(ReReview).where(
        ReReview.closed_at >= first, ReReview.closed_at < after_last, *in_section(ReReview.document_id)))
    overdue_day = min(today, end)
    overdue_at = dt.datetime.combine(overdue_day + dt.timedelta(days=1), dt.time())
    overdue = session.scalar(sa.select(counted).select_from(ReReview).where(
        ReReview.due_on < overdue_day, sa.or_(ReReview.closed_at.is_(None), ReReview.closed_at >= overdue_at),
        *in_section(ReReview.document_id)))
    reviews: dict[int, list[str]] = defaultdict(list)
    for doc_id, effective_on, outcome in session.execute(
            sa.select(AttributeDecision.document_id, AttributeDecision.effective_on, AttributeDecision.outcome)
            .where(AttributeDecision.effective_on <= end, *in_section(AttributeDecision.document_id))
            .order_by(AttributeDecision.effective_on, AttributeDecision.id)):
        reviews[doc_id].append(f"{effective_on} {outcome.label}")
    return RereviewFigures(conversions, due or 0, done or 0, overdue or 0, dict(reviews))


def office_name(session: Session, configured: str | None = None) -> str:
    """The name on top of the printout and the workbook: the configured OFFICE_NAME, else the organ's
    name the admin set (办公室设置), else the organ of the first 发文字号 代字, else 本机关."""
    from .office_settings import organ_name

    if configured or (configured := organ_name(session)):
        return configured
    organ = session.scalar(sa.select(NumberPrefix.organ).order_by(NumberPrefix.id).limit(1))
    return organ or "本机关"


def figures(session: Session, year: int, today: dt.date, section_id: int | None = None,
            calendar: Calendar | None = None, late_limit: int | None = LATE_LISTED) -> AuditFigures:
    """Everything the audit page shows except the ledger's rows (paged separately); ``late_limit``
    None lists every late publication (the export)."""
    calendar = calendar or load_calendar(session)
    by_year = counts_by_year(session, year - TREND_YEARS + 1, year, section_id)
    trend = {y: total_of(by_year.get(y, {})) for y in range(year - TREND_YEARS + 1, year + 1)}
    late_count, late = late_publications(session, year, today, calendar, section_id, late_limit)
    start, end = _year_bounds(year)
    return AuditFigures(
        year=year,
        section=session.get(Section, section_id) if section_id is not None else None,
        today=today,
        this=trend[year],
        previous=trend[year - 1],
        sections=section_rows(session, by_year, year, section_id),
        trend=trend,
        reasons=reasons(session, year, section_id),
        late=late,
        late_count=late_count,
        normative=normative(session, year, section_id),
        table3=table3(session, year),
        ledger_count=ledger_count(session, year, section_id),
        rereview=rereview_figures(session, year, section_id, today),
        calendar_warning=not_entered_message(calendar.uncovered_between(start, end + dt.timedelta(days=60))),
    )
