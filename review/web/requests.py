"""The request officer's pages: the registry, registering, the clock events, the answer and its 告知书."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from .. import request_queries, requests_stats
from ..enums import Role
from ..errors import Refusal, RuleViolation
from ..extensions import db
from ..holidays import load_calendar
from ..models import AuditEvent, DisclosureRequest, RequestLetter
from ..office_settings import setting
from ..operations import requests as ops
from ..request_enums import Consulted, EventKind, RequesterType
from .clock import now, office_today
from .files import send_stored
from .helpers import may_read, roles_required, store
from .request_forms import AnswerForm, EventForm, RegisterForm

bp = Blueprint("requests", __name__, url_prefix="/requests")
VIEWERS = (Role.REQUEST_OFFICER, Role.AUDITOR, Role.ADMIN)


@dataclass(frozen=True)
class EventAction:
    """One clock event: its button and the fields its form shows (declared once)."""

    kind: EventKind
    button: str
    fields: tuple[str, ...]

    @property
    def prefix(self) -> str:
        return self.kind.value


EVENT_ACTIONS = {a.kind: a for a in (
    EventAction(EventKind.CORRECTION_SENT, "发出补正通知", ("day", "note")),
    EventAction(EventKind.CORRECTION_RECEIVED, "登记收到补正", ("day", "note")),
    EventAction(EventKind.EXTENSION, "延长答复期限", ("day", "days", "note", "approver", "notified_on")),
    EventAction(EventKind.CONSULTATION_START, "开始征求意见", ("day", "consulted", "party", "note")),
    EventAction(EventKind.CONSULTATION_END, "征求意见结束", ("day", "note")),
)}


def perform(kind: EventKind, req: DisclosureRequest, f: EventForm):
    """The operation behind each event form."""
    s, u, n, note = db.session, current_user, now(), f.note.data or ""
    if kind is EventKind.CORRECTION_SENT:
        return ops.send_correction(s, u, req, f.day.data, note, n)
    if kind is EventKind.CORRECTION_RECEIVED:
        return ops.receive_correction(s, u, req, f.day.data, note, n)
    if kind is EventKind.EXTENSION:
        return ops.extend(s, u, req, f.day.data, f.days.data, note, f.approver.data or "", f.notified_on.data, n)
    if kind is EventKind.CONSULTATION_START:
        if f.consulted.data not in {c.value for c in Consulted}:
            raise Refusal("请选择征求意见的对象（第三方或其他机关）。")
        return ops.start_consultation(s, u, req, f.day.data, Consulted(f.consulted.data), f.party.data or "", note, n)
    return ops.end_consultation(s, u, req, f.day.data, note, n)


FIELD_LABELS = {EventKind.CORRECTION_SENT: {"day": "发出日期", "note": "需要补正的事项和期限"},
                EventKind.CORRECTION_RECEIVED: {"day": "收到补正日期", "note": "补正内容"},
                EventKind.EXTENSION: {"day": "批准日期", "note": "延期理由"},
                EventKind.CONSULTATION_START: {"day": "发出征求意见日期", "note": "征求意见的事项"},
                EventKind.CONSULTATION_END: {"day": "收到意见（或期满）日期", "note": "意见"}}


def _request(req_id: int) -> DisclosureRequest:
    req = db.session.get(DisclosureRequest, req_id)
    if req is None:
        abort(404)
    return req


@bp.app_context_processor
def document_requests():
    """``requested_times(doc)`` for the document page's "近N个月被申请 M 次": (M, N, the threshold), in the
    window and against the threshold the office set (系统管理 → 办公室设置), as the re-review job counts."""

    def requested_times(doc) -> tuple[int, int, int]:
        months = int(setting(db.session, "request_window_months"))
        since = requests_stats.window_start(office_today(), months)
        asked = requests_stats.distinct_requesters(db.session, [doc.id], since).get(doc.id, 0)
        return asked, months, int(setting(db.session, "request_threshold"))

    return {"requested_times": requested_times}


@bp.route("/")
@roles_required(*VIEWERS)
def index():
    filt = request_queries.RegistryFilter.from_args(request.args)
    rows, total = request_queries.registry(db.session, filt, office_today(), load_calendar(db.session))
    return render_template("requests/index.html", rows=rows, total=total, filt=filt, states=request_queries.STATES,
                           flags=request_queries.FLAGS, types=RequesterType, limit=request_queries.LIMIT)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.REQUEST_OFFICER)
def new():
    form = RegisterForm()
    if request.method == "GET":
        form.received_on.data = office_today()
    if form.validate_on_submit():
        try:
            req = ops.register(db.session, current_user, form.registration(), now())
        except Refusal as refusal:
            db.session.rollback()
            flash(refusal.message, "error")
            return render_template("requests/new.html", form=form), 400
        db.session.commit()
        flash(f"已登记申请 {req.number}。", "success")
        return redirect(url_for("requests.show", req_id=req.id))
    status = 400 if request.method == "POST" else 200
    return render_template("requests/new.html", form=form), status


def event_forms(posted: EventKind | None = None, form: EventForm | None = None) -> dict[EventKind, EventForm]:
    forms = {}
    for kind in EVENT_ACTIONS:
        forms[kind] = form if kind is posted else EventForm(formdata=None, prefix=kind.value)
        for name, label in FIELD_LABELS[kind].items():
            forms[kind][name].label.text = label
    return forms


def render_detail(req: DisclosureRequest, *, forms=None, answer_form=None, conflicts=None, status: int = 200):
    calendar = load_calendar(db.session)
    today = office_today()
    if answer_form is None:
        answer_form = AnswerForm(formdata=None)
        answer_form.answered_on.data = today
    history = db.session.scalars(select(AuditEvent).where(
        AuditEvent.action.startswith("request."), AuditEvent.detail[("after", "request_id")].as_integer() == req.id,
    ).order_by(AuditEvent.id)).all()
    refusal = ops.answer_refusal(current_user, req)
    viewable = {i.document_id for i in req.items if i.document is not None and may_read(i.document)}
    return render_template(
        "requests/show.html", req=req, deadline=ops.deadline_of(req, calendar),
        row=request_queries.row_of(req, today, calendar), history=history,
        forms=forms or event_forms(), actions=EVENT_ACTIONS,
        allowed=ops.events_allowed(req) if current_user.role is Role.REQUEST_OFFICER else set(),
        answer_form=answer_form, answer_refusal=refusal, conflicts=conflicts, viewable=viewable,
    ), status


@bp.route("/<int:req_id>")
@roles_required(*VIEWERS)
def show(req_id: int):
    return render_detail(_request(req_id))


@bp.route("/<int:req_id>/events/<kind>", methods=["POST"])
@roles_required(Role.REQUEST_OFFICER)
def record_event(req_id: int, kind: str):
    req = _request(req_id)
    try:
        action = EVENT_ACTIONS[EventKind(kind)]
    except ValueError:
        abort(404)
    form = EventForm(prefix=action.prefix)
    if not form.validate():
        errors = "；".join(e for errs in form.errors.values() for e in errs)
        flash(errors or "表单无效。", "error")
        return render_detail(req, forms=event_forms(action.kind, form), status=400)
    try:
        perform(action.kind, req, form)
    except Refusal as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
        return render_detail(_request(req_id), forms=event_forms(action.kind, form), status=refusal.status)
    db.session.commit()
    flash(f"已登记：{action.kind.label}。", "success")
    return redirect(url_for("requests.show", req_id=req.id))


@bp.route("/<int:req_id>/answer", methods=["POST"])
@roles_required(Role.REQUEST_OFFICER)
def answer(req_id: int):
    req = _request(req_id)
    form = AnswerForm()
    if not form.validate():
        flash("；".join(e for errs in form.errors.values() for e in errs) or "表单无效。", "error")
        return render_detail(req, answer_form=form, status=400)
    try:
        ops.answer(db.session, store(), current_user, req, form.outcome_value(), form.answered_on.data,
                   form.text.data or "", form.deviation_note.data or "", now())
    except RuleViolation as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
        return render_detail(_request(req_id), answer_form=form, conflicts=refusal.findings, status=refusal.status)
    except Refusal as refusal:
        db.session.rollback()
        flash(refusal.message, "error")
        return render_detail(_request(req_id), answer_form=form, status=refusal.status)
    db.session.commit()
    flash(f"已答复申请 {req.number}，告知书已生成。", "success")
    return redirect(url_for("requests.show", req_id=req.id))


@bp.route("/<int:req_id>/letters/<int:letter_id>")
@roles_required(*VIEWERS)
def letter(req_id: int, letter_id: int):
    row = db.session.get(RequestLetter, letter_id)
    if row is None or row.request_id != req_id:
        abort(404)
    return send_stored(row)
