"""The yearly audit for the auditor, the office and the admin: figures with charts, table 3, the
ledger, the .xlsx export, the printable page, and the 操作日志 with its chain check."""
from __future__ import annotations

import base64
import datetime as dt
import io
import re
import tempfile

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, g, render_template, request, send_file
from sqlalchemy.orm import Session

from .. import audit, audit_detail, audit_log, charts, reports, reports_xlsx, workflow
from ..audit import ACTION_LABELS
from ..enums import Attribute, Trigger
from ..errors import Refusal
from ..extensions import db
from ..models import ReasonCode, Section, User
from ..xlsx import MEDIA_TYPE
from .clock import office_today
from .helpers import roles_required

bp = Blueprint("audit", __name__, url_prefix="/audit")


@bp.app_template_global("describe_event")
def describe_event(action: str, detail: dict | None) -> list[audit_detail.Line]:
    """An event's detail in Chinese, the office's reason codes by their names (read once a request)."""
    if "reason_names" not in g:
        g.reason_names = dict(db.session.execute(sa.select(ReasonCode.code, ReasonCode.label)).all())
    return audit_detail.describe(action, detail, g.reason_names)


VIEWERS = tuple(workflow.PAGES["audit"])
LEDGER_PER_PAGE = 50
FIRST_YEAR = 2000
CHARTS = ("share_by_year", "share_by_section", "reasons", "conversions")
TRIGGER_LABELS = {t.value: t.label for t in Trigger}
#: An event's action name (document.issue, file.open …): events without a label yet are still filterable.
ACTION_NAME = re.compile(r"[a-z_]+(\.[a-z_]+)*")


def office_name() -> str:
    return reports.office_name(db.session, current_app.config.get("OFFICE_NAME"))


def scope() -> tuple[int, int | None]:
    """The year and section asked for, checked: a bad value is refused with a message, not guessed."""
    this_year = office_today().year
    raw_year, raw_section = request.args.get("year", ""), request.args.get("section", "")
    if not raw_year:
        year = this_year
    elif raw_year.isdigit() and FIRST_YEAR <= int(raw_year) <= this_year:
        year = int(raw_year)
    else:
        raise Refusal(f"年度应为 {FIRST_YEAR} 至 {this_year} 之间的年份。")
    if not raw_section:
        return year, None
    if not raw_section.isdigit() or db.session.get(Section, int(raw_section)) is None:
        raise Refusal("所选科室不存在，请重新选择。")
    return year, int(raw_section)


def _choices(year: int, section_id: int | None) -> dict:
    return {"years": list(range(office_today().year, FIRST_YEAR - 1, -1)), "year": year, "section_id": section_id,
            "sections": db.session.execute(sa.select(Section.id, Section.name).order_by(Section.name)).all()}


def draw_chart(kind: str, f: reports.AuditFigures) -> bytes | None:
    """One of the page's charts as SVG, drawn from figures already computed (None: conversions before
    re-review is built)."""
    if kind == "share_by_year":
        return charts.share_by_year(f.trend)
    if kind == "share_by_section":
        return charts.share_by_section(f.sections, f.year)
    if kind == "reasons":
        return charts.reasons(f.reasons)
    return charts.conversions(f.rereview, TRIGGER_LABELS) if f.rereview else None


def chart_images(f: reports.AuditFigures, kinds: tuple[str, ...] = CHARTS) -> dict[str, str]:
    """The page's charts as data: URIs (the page's Content-Security-Policy allows data: images): one
    request computes the figures once, where four chart requests would compute them again."""
    svgs = {kind: draw_chart(kind, f) for kind in kinds}
    return {kind: "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii") for kind, svg in svgs.items()
            if svg is not None}


@bp.route("/")
@roles_required(*VIEWERS)
def index():
    year, section_id = scope()
    figures = reports.figures(db.session, year, office_today(), section_id)
    pages = max(1, -(-figures.ledger_count // LEDGER_PER_PAGE))
    page = min(max(request.args.get("page", 1, type=int), 1), pages)
    ledger = reports.ledger(db.session, year, section_id, (page - 1) * LEDGER_PER_PAGE, LEDGER_PER_PAGE,
                            figures.rereview.reviews if figures.rereview else None)
    return render_template("audit/index.html", f=figures, ledger=ledger, page=page, pages=pages,
                           t3=reports.table3_rows(figures.table3), columns=reports.TABLE3_COLUMNS,
                           triggers=TRIGGER_LABELS, not_built=reports.NOT_BUILT, attribute_list=list(Attribute),
                           per_page=LEDGER_PER_PAGE, charts=chart_images(figures), **_choices(year, section_id))


@bp.route("/chart/<any(share_by_year, share_by_section, reasons, conversions):kind>.svg")
@roles_required(*VIEWERS)
def chart(kind: str):
    """One chart as an SVG image (no script runs, the CSP holds), the same drawing the page embeds."""
    year, section_id = scope()
    svg = draw_chart(kind, reports.figures(db.session, year, office_today(), section_id))
    if svg is None:
        raise Refusal(reports.NOT_BUILT)
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "private, max-age=60"})


@bp.route("/export.xlsx")
@roles_required(*VIEWERS)
def export():
    year, section_id = scope()
    # Written to a temporary file, not memory (the ledger's sheet runs to tens of MB), and sent from it.
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- closed (and so deleted) by _send_and_close
    try:
        reports_xlsx.export(db.session, year, section_id, office_today(), office_name(), out)
    except BaseException:
        out.close()
        raise
    # send_file for its headers (the Chinese file name); the body is the file, read once and closed.
    response = send_file(io.BytesIO(), as_attachment=True, download_name=f"{year}年度公文公开属性审计.xlsx",
                         mimetype=MEDIA_TYPE, conditional=False)
    response.response, response.content_length = _send_and_close(out), out.tell()
    response.call_on_close(out.close)  # also when the server closes the response before sending it
    return response


def _send_and_close(out):
    """The file's bytes; it is closed when sent, or when the response is dropped unread."""
    try:
        out.seek(0)
        while chunk := out.read(1 << 16):
            yield chunk
    finally:
        out.close()


@bp.route("/print")
@roles_required(*VIEWERS)
def printable():
    year, section_id = scope()
    today = office_today()
    figures = reports.figures(db.session, year, today, section_id)
    ledger = reports.ledger(db.session, year, section_id,
                            reviews=figures.rereview.reviews if figures.rereview else None)
    return render_template("audit/print.html", f=figures, ledger=ledger, office=office_name(),
                           t3=reports.table3_rows(figures.table3), columns=reports.TABLE3_COLUMNS,
                           triggers=TRIGGER_LABELS, not_built=reports.NOT_BUILT, today=today,
                           attribute_list=list(Attribute), charts=chart_images(figures, ("share_by_year",)))


def _log_filter() -> audit_log.LogFilter:
    args = request.args

    def day(name: str, label: str) -> dt.date | None:
        raw = args.get(name, "").strip()
        if not raw:
            return None
        try:
            return dt.date.fromisoformat(raw)
        except ValueError:
            raise Refusal(f"{label}格式应为 年-月-日，例如 2026-05-01。") from None

    actor = args.get("actor", "").strip()
    if actor and not actor.isdigit():
        raise Refusal("请从列表中选择操作人。")
    action = args.get("action", "").strip() or None
    if action and not ACTION_NAME.fullmatch(action):
        raise Refusal("请从列表中选择操作类型。")
    start, end = day("start", "起始日期"), day("end", "截止日期")
    if start and end and end < start:
        raise Refusal("截止日期不能早于起始日期。")
    return audit_log.LogFilter(int(actor) if actor else None, args.get("document", "").strip() or None, action,
                               start, end)


@bp.route("/log")
@roles_required(*VIEWERS)
def log():
    """The 操作日志 with filters and paging, and the chain check (run in its own session: it streams
    the whole chain and must not detach the request's objects)."""
    f = _log_filter()
    zone = current_app.config.get("TIMEZONE", "Asia/Shanghai")
    result = audit_log.log_page(db.session, f, request.args.get("page", 1, type=int), zone)
    with Session(db.engine) as own:
        chain = audit.verify(own)
    users = db.session.execute(sa.select(User.id, User.display_name, User.username).order_by(User.display_name)).all()
    return render_template("audit/log.html", result=result, f=f, chain=chain, users=users,
                           actions=sorted(ACTION_LABELS.items(), key=lambda kv: kv[1]))
