"""定期审查: the office's queue of open tasks, the task page with its decisions, the drafting
section's list of its documents under re-review, and the attribute history on the document page."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, SelectField, TextAreaField
from wtforms.validators import Length, Optional

from .. import clock
from .. import rereview_queue as rq
from ..enums import Attribute, Role, Trigger
from ..errors import Refusal
from ..extensions import db
from ..models import ReReview
from ..operations import rereview as ops
from ..paper_form import review_sheet
from ..requests_stats import requests_about
from .forms import choices, reason_choices
from .helpers import lock_of, office_now, roles_required, visible_document

bp = Blueprint("rereview", __name__, url_prefix="/rereview")

#: Roles that see the office's queue (reviewers decide; the others read).
QUEUE_ROLES = (Role.REVIEWER, Role.SIGNATORY, Role.AUDITOR, Role.ADMIN)


class AskForm(FlaskForm):
    lock = HiddenField()
    question = TextAreaField("征求意见的内容", validators=[Length(max=ops.MAX_TEXT)])


class OpinionForm(FlaskForm):
    lock = HiddenField()
    opinion = TextAreaField("科室意见", validators=[Length(max=ops.MAX_TEXT)])


class DecideForm(FlaskForm):
    lock = HiddenField()
    outcome = SelectField("审查决定", choices=choices([(o.value, o.label) for o in ops.Outcome]))
    reason_code = SelectField("不公开理由（维持或调整为依申请公开时必填）", choices=[], validate_choice=False)
    reason_text = TextAreaField("审查理由", validators=[Length(max=ops.MAX_TEXT)])
    next_review_on = DateField("下次审查日期（维持或调整为依申请公开时必填）", validators=[Optional()])


class UpstreamForm(FlaskForm):
    public_on = DateField("上级文件公开日期", validators=[Optional()])
    note = TextAreaField("说明（公开的网址或依据）", validators=[Length(max=ops.MAX_TEXT)])


def _overdue_days() -> int:
    return current_app.config.get("REREVIEW_OVERDUE_DAYS", 30)


def _task(task_id: int) -> ReReview:
    """The task if the current user may see its document; 404 otherwise."""
    task = db.session.get(ReReview, task_id)
    if task is None:
        abort(404)
    visible_document(task.document_id)  # the same rule as the document page (the admin reads no restricted one)
    return task


def _form(form_cls):
    form = form_cls()
    if not form.validate():
        raise Refusal("表单内容无效：" + "；".join(e for errs in form.errors.values() for e in errs))
    return form


bp.add_app_template_global(ops.public_note, "public_note")


@bp.app_template_global()
def attribute_history(doc_id: int) -> dict:
    """What the document page shows of the re-review: the decisions and the open task."""
    return {"decisions": rq.history(db.session, doc_id), "open_task": rq.open_task(db.session, doc_id),
            "note": ops.public_note}


@bp.route("/")
@roles_required(*QUEUE_ROLES)
def index():
    filt = rq.TaskFilter.from_args(request.args)
    page = rq.task_queue(db.session, filt, office_now().date(), _overdue_days())
    return render_template("rereview/index.html", page=page, triggers=list(Trigger), no_reason=rq.NO_REASON)


def _default_next_review(task: ReReview, today: dt.date) -> dt.date:
    months = task.document.reason.review_months if task.document.reason else 12
    return clock.add_months(today, months)


@bp.route("/<int:task_id>")
@roles_required(*Role)
def show(task_id: int):
    task = _task(task_id)
    doc = task.document
    today = office_now().date()
    decide = DecideForm(formdata=None, lock=task.lock_version, next_review_on=_default_next_review(task, today),
                        reason_code=doc.reason_code)
    decide.reason_code.choices = reason_choices()
    decide.outcome.choices = choices([(o.value, o.label) for o in ops.outcomes_for(doc.attribute)])
    if doc.attribute is not Attribute.ACTIVE:
        decide.outcome.data = ops.Outcome.KEEP.value
    return render_template(
        "rereview/task.html", task=task, doc=doc, today=today, overdue_days=_overdue_days(),
        overdue=task.is_open and task.opened_on < rq.overdue_cutoff(today, _overdue_days()),
        decisions=rq.history(db.session, doc.id), tasks=rq.tasks_of(db.session, doc.id),
        blockers=ops.blockers(db.session, doc) if task.is_open else [],
        may_decide=ops.may_decide(current_user, task) and task.state is ops.TaskState.OPEN,
        may_ask=current_user.role is Role.REVIEWER and task.state is ops.TaskState.OPEN,
        may_answer=ops.may_answer(current_user, task),
        ask=AskForm(formdata=None, lock=task.lock_version), opinion=OpinionForm(formdata=None, lock=task.lock_version),
        decide=decide, upstream=UpstreamForm(formdata=None),
        self_review=current_user.role is Role.REVIEWER and current_user.id == doc.drafter_id,
        requests=requests_about(db.session, doc.id),
    )


def _done(task: ReReview, message: str):
    db.session.commit()
    flash(message, "success")
    return redirect(url_for(".show", task_id=task.id))


@bp.route("/<int:task_id>/print")
@roles_required(*Role)
def print_sheet(task_id: int):
    """审核单: the re-review decision on an A4 page for the paper file, printed from the browser."""
    sheet = review_sheet(db.session, _task(task_id))
    return render_template("rereview/print.html", sheet=sheet, printed_at=office_now())


@bp.route("/<int:task_id>/ask", methods=["POST"])
@roles_required(Role.REVIEWER)
def ask(task_id: int):
    task, form = _task(task_id), _form(AskForm)
    ops.ask_opinion(db.session, current_user, task, lock_of(form), form.question.data, office_now())
    return _done(task, f"已向{task.document.section.name}征求意见，待科室负责人书面答复。")


@bp.route("/<int:task_id>/answer", methods=["POST"])
@roles_required(Role.SECTION_HEAD)
def answer(task_id: int):
    task, form = _task(task_id), _form(OpinionForm)
    ops.give_opinion(db.session, current_user, task, lock_of(form), form.opinion.data, office_now())
    return _done(task, "已答复办公室的意见征询。")


@bp.route("/<int:task_id>/decide", methods=["POST"])
@roles_required(Role.REVIEWER)
def decide(task_id: int):
    task, form = _task(task_id), _form(DecideForm)
    try:
        outcome = ops.Outcome(form.outcome.data)
    except ValueError:
        raise Refusal("请选择审查决定。") from None
    decision = ops.decide(db.session, current_user, task, lock_of(form), outcome, form.reason_code.data or None,
                          form.reason_text.data, form.next_review_on.data, office_now())
    if decision.attribute_after is Attribute.ACTIVE:
        message = f"已调整为主动公开：{ops.public_note(decision.effective_on)}，已列入公开目录。"
    else:
        message = f"已作出审查决定：{outcome.label}，下次审查日期 {decision.next_review_on}。"
    return _done(task, message)


@bp.route("/documents/<int:doc_id>/upstream-public", methods=["POST"])
@roles_required(Role.REVIEWER)
def upstream_public(doc_id: int):
    doc, form = visible_document(doc_id), _form(UpstreamForm)
    ops.record_upstream_public(db.session, current_user, doc, form.public_on.data, form.note.data, office_now())
    db.session.commit()
    flash("已登记上级文件已公开；下次运行定期审查时将开启审查。", "success")
    return redirect(url_for("drafting.show", doc_id=doc.id))


@bp.route("/section")
@roles_required(Role.DRAFTER, Role.SECTION_HEAD)
def section():
    """The drafting section's documents under re-review, and the outcomes."""
    if current_user.section_id is None:
        abort(403)
    return render_template("rereview/section.html", rows=rq.section_tasks(db.session, current_user.section_id))
