"""Decisions on a document: one POST route, dispatched through the action registry."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from .. import actions, operations
from ..enums import Role
from ..errors import Forbidden, Refusal, StaleVersion
from ..extensions import db
from . import document_page
from .forms import DecisionForm, decision_form
from .helpers import lock_of, office_now, roles_required, store, upload_to_document, visible_document

bp = Blueprint("decisions", __name__, url_prefix="/documents")


@dataclass
class Pending:
    """A decision sent back: what was entered, why it was refused, what was acknowledged."""

    action: str
    form: DecisionForm
    refusal: Refusal
    acknowledged: set[str]


def _inputs(action: actions.Action, form: DecisionForm) -> dict:
    """The operation's keyword arguments, read from the form as the registry entry lists them."""
    values = {}
    for name in action.inputs:
        if name == "acknowledged":
            values[name] = set(request.form.getlist("acknowledged"))
        elif name == "attribute":
            values[name] = form.attribute_value()
        elif name == "prefix_id":
            if not form.prefix_id.data or not str(form.prefix_id.data).isdigit():
                raise Refusal("请选择发文字号代字。")
            values[name] = int(form.prefix_id.data)
        elif name == "signature_date":
            values[name] = form.signature_date.data
        elif name == "signed_on":
            if not form.signed_on.data:
                raise Refusal("请填写成文日期（格式：年-月-日）。")
            values[name] = form.signed_on.data
        else:
            values[name] = getattr(form, name).data or ("" if name != "reason_code" else None)
    if action.timed:
        values["now"] = office_now()
    return values


@bp.route("/<int:doc_id>/decide/<action>", methods=["POST"])
@roles_required(*Role)
def decide(doc_id: int, action: str):
    entry = actions.get(action)
    if entry is None or entry not in actions.DECISIONS:
        abort(404)
    doc = visible_document(doc_id)
    form = decision_form()
    try:
        if not form.validate():
            raise Refusal("表单内容无效：" + "；".join(e for errs in form.errors.values() for e in errs))
        perform = getattr(operations, entry.function)
        perform(db.session, current_user, doc, lock_of(form), **_inputs(entry, form))
    except (Forbidden, StaleVersion):
        raise
    except Refusal as refusal:
        # Show the page again with what was typed kept and the message beside this action's form.
        db.session.rollback()
        pending = Pending(action, form, refusal, set(request.form.getlist("acknowledged")))
        return document_page.render(visible_document(doc_id), pending=pending,
                                    status=refusal.status if refusal.status != 400 else 422)
    db.session.commit()
    message = f"已发文，发文字号：{doc.doc_number}。" if action == "issue" else f"已完成。当前状态：{doc.state.label}。"
    flash(message, "success")
    return redirect(url_for("drafting.show", doc_id=doc.id))


@bp.route("/<int:doc_id>/corrected-version", methods=["POST"])
@roles_required(Role.REVIEWER)
def corrected_version(doc_id: int):
    return upload_to_document(
        doc_id, lambda doc, *file: operations.add_version(db.session, store(), current_user, doc, *file,
                                                          action="correct_file"),
        lambda doc: f"已上传更正后的第 {doc.version_count} 版，已按审核规则重新检查。")
