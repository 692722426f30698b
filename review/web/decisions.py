"""Decisions on a document: one POST route, dispatched to the operation the workflow names."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import select

from .. import operations
from ..enums import Role
from ..errors import Refusal
from ..extensions import db
from ..models import NumberPrefix, ReasonCode
from .forms import DecisionForm, UploadForm, choices
from .helpers import commit, lock_of, roles_required, store, visible_document

bp = Blueprint("decisions", __name__, url_prefix="/documents")


def _acknowledged() -> set[str]:
    return set(request.form.getlist("acknowledged"))


def _issue(s, user, doc, lock, form):
    if not form.signed_on.data or not form.prefix_id.data:
        raise Refusal("请选择发文字号代字并填写成文日期。")
    number = operations.issue(s, user, doc, lock, int(form.prefix_id.data), form.signed_on.data)
    return f"已发文，发文字号：{number}。"


#: action → (operation call, success message or None when the call returns it)
ACTIONS = {
    "confirm": lambda s, u, d, lock, f: operations.confirm(s, u, d, lock, f.comment.data or ""),
    "return": lambda s, u, d, lock, f: operations.return_for_revision(s, u, d, lock, f.comment.data or ""),
    "approve": lambda s, u, d, lock, f: operations.approve(s, u, d, lock, _acknowledged(), f.comment.data or ""),
    "change_attribute": lambda s, u, d, lock, f: operations.change_attribute(
        s, u, d, lock, f.attribute_value(), f.reason_code.data or None, f.comment.data or "", _acknowledged()),
    "accept_change": lambda s, u, d, lock, f: operations.accept_change(s, u, d, lock),
    "object": lambda s, u, d, lock, f: operations.object_change(s, u, d, lock, f.comment.data or ""),
    "rule": lambda s, u, d, lock, f: operations.rule(s, u, d, lock, f.attribute_value(),
                                                     f.reason_code.data or None, f.comment.data or ""),
    "override_upstream": lambda s, u, d, lock, f: operations.override_upstream(s, u, d, lock, f.comment.data or ""),
    "issue": _issue,
}


def decision_form() -> DecisionForm:
    form = DecisionForm()
    codes = db.session.scalars(select(ReasonCode).where(ReasonCode.active).order_by(ReasonCode.position))
    form.reason_code.choices = choices([(c.code, c.label) for c in codes], "— 不适用 —")
    prefixes = db.session.scalars(select(NumberPrefix).where(NumberPrefix.active).order_by(NumberPrefix.code))
    form.prefix_id.choices = choices([(str(p.id), f"{p.code}（{p.organ}·{p.doc_type}）") for p in prefixes])
    return form


@bp.route("/<int:doc_id>/decide/<action>", methods=["POST"])
@roles_required(*Role)
def decide(doc_id: int, action: str):
    perform = ACTIONS.get(action) or abort(404)
    doc = visible_document(doc_id)
    form = decision_form()
    if not form.validate():
        raise Refusal("表单内容无效：" + "；".join(e for errs in form.errors.values() for e in errs))
    message = perform(db.session, current_user, doc, lock_of(form), form)
    commit()
    flash(message or f"已完成。当前状态：{doc.state.label}。", "success")
    return redirect(url_for("drafting.show", doc_id=doc.id))


@bp.route("/<int:doc_id>/corrected-version", methods=["POST"])
@roles_required(Role.REVIEWER)
def corrected_version(doc_id: int):
    doc = visible_document(doc_id)
    form = UploadForm()
    if not form.validate():
        raise Refusal("请选择更正后的文件。")
    operations.add_version(db.session, store(), current_user, doc, form.file.data.read(), form.file.data.filename,
                           lock_of(form), action="correct_file")
    commit()
    flash(f"已上传更正后的第 {doc.version_count} 版。", "success")
    return redirect(url_for("drafting.show", doc_id=doc.id))
