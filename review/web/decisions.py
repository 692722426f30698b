"""Decisions on a document: one POST route, dispatched to the operation the workflow names."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user

from .. import operations
from ..enums import Role
from ..errors import Refusal
from ..extensions import db
from . import document_page
from .forms import DecisionForm, decision_form
from .helpers import lock_of, roles_required, store, upload_to_document, visible_document

bp = Blueprint("decisions", __name__, url_prefix="/documents")


def _acknowledged() -> set[str]:
    return set(request.form.getlist("acknowledged"))


def _change(s, user, doc, lock, form) -> None:
    operations.change_attribute(s, user, doc, lock, form.attribute_value(), form.reason_code.data or None,
                                form.comment.data or "", _acknowledged())


def _issue(s, user, doc, lock, form):
    if not form.signed_on.data or not form.prefix_id.data:
        raise Refusal("请选择发文字号代字并填写成文日期。")
    number = operations.issue(s, user, doc, lock, int(form.prefix_id.data), form.signed_on.data)
    return f"已发文，发文字号：{number}。"


#: action → operation call; it returns a success message, or None for the default one.
ACTIONS = {
    "confirm": lambda s, u, d, lock, f: operations.confirm(s, u, d, lock, f.comment.data or ""),
    "return": lambda s, u, d, lock, f: operations.return_for_revision(s, u, d, lock, f.comment.data or ""),
    "approve": lambda s, u, d, lock, f: operations.approve(s, u, d, lock, _acknowledged(), f.comment.data or ""),
    "change_attribute": _change,
    "accept_change": lambda s, u, d, lock, f: operations.accept_change(s, u, d, lock),
    "object": lambda s, u, d, lock, f: operations.object_change(s, u, d, lock, f.comment.data or ""),
    "rule": lambda s, u, d, lock, f: operations.rule(s, u, d, lock, f.attribute_value(),
                                                     f.reason_code.data or None, f.comment.data or ""),
    "override_upstream": lambda s, u, d, lock, f: operations.override_upstream(s, u, d, lock, f.comment.data or ""),
    "issue": _issue,
}


#: Decisions whose refusal lists findings the reviewer can acknowledge and send again.
CONFIRMABLE = frozenset({"approve", "change_attribute"})


@dataclass
class Pending:
    """A decision sent back for confirmation: what was entered and what to acknowledge."""

    action: str
    form: DecisionForm
    refusal: Refusal
    acknowledged: set[str]


@bp.route("/<int:doc_id>/decide/<action>", methods=["POST"])
@roles_required(*Role)
def decide(doc_id: int, action: str):
    perform = ACTIONS.get(action) or abort(404)
    doc = visible_document(doc_id)
    form = decision_form()
    if not form.validate():
        raise Refusal("表单内容无效：" + "；".join(e for errs in form.errors.values() for e in errs))
    try:
        message = perform(db.session, current_user, doc, lock_of(form), form)
    except Refusal as refusal:
        if action not in CONFIRMABLE or not refusal.findings:
            raise
        # Warnings the reviewer has not seen yet (e.g. raised by the proposed attribute): show the
        # page again with their inputs kept and the warnings to acknowledge.
        db.session.rollback()
        return document_page.render(visible_document(doc_id), pending=Pending(action, form, refusal, _acknowledged()),
                                    status=refusal.status if refusal.status != 400 else 422)
    db.session.commit()
    flash(message or f"已完成。当前状态：{doc.state.label}。", "success")
    return redirect(url_for("drafting.show", doc_id=doc.id))


@bp.route("/<int:doc_id>/corrected-version", methods=["POST"])
@roles_required(Role.REVIEWER)
def corrected_version(doc_id: int):
    return upload_to_document(
        doc_id, lambda doc, *file: operations.add_version(db.session, store(), current_user, doc, *file,
                                                          action="correct_file"),
        lambda doc: f"已上传更正后的第 {doc.version_count} 版。")
