"""The drafting section's pages: list, upload, declare, revise, submit."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from flask import Blueprint, current_app, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import clock, operations, workflow
from ..enums import Attribute, DocState, Role
from ..errors import RuleViolation
from ..extensions import db
from ..models import Document
from ..paper_form import paper_form
from . import document_page
from .files import record_opening
from .forms import DeclarationForm, UploadForm, reason_choices
from .helpers import (
    lock_of,
    office_now,
    parsed_outside_transaction,
    roles_required,
    store,
    upload_to_document,
    uploaded,
    visible_document,
)

bp = Blueprint("drafting", __name__, url_prefix="/documents")
SECTION_ROLES = (Role.DRAFTER, Role.SECTION_HEAD)


@bp.route("/")
@roles_required(*workflow.PAGES["section_documents"])
def index():
    docs = db.session.scalars(
        select(Document).where(Document.section_id == current_user.section_id)
        .options(selectinload(Document.drafter))
        .order_by(Document.updated_at.desc()).limit(500)
    ).all()
    return render_template("drafting/index.html", docs=docs)


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*workflow.PAGES["upload"])
def new():
    form = UploadForm()
    if form.validate_on_submit():
        data, filename = uploaded(form)
        with parsed_outside_transaction(data):
            doc = operations.create_document(db.session, store(), current_user, data, filename)
            db.session.commit()
        flash("文件已上传并解析，请核对要素并声明公开属性。", "success")
        return redirect(url_for("drafting.show", doc_id=doc.id))
    return render_template("drafting/new.html", form=form), 400 if form.errors else 200


@bp.route("/<int:doc_id>")
@roles_required(*Role)
def show(doc_id: int):
    doc = visible_document(doc_id)
    if doc.current_version is None:  # imported from the office's ledger without its file
        return render_template("catalogue/record.html", doc=doc, note="自台账导入，系统中没有该文件的电子文本。")
    if current_user.role is Role.ADMIN and not (doc.state is DocState.ISSUED and doc.attribute is Attribute.ACTIVE):
        # The admin manages the system, not its documents: the record, never the content of a non-public file.
        return render_template("catalogue/record.html", doc=doc, note="管理员不查阅非公开文件的内容。")
    version = doc.current_version
    if version is not None and version.media_type != "application/pdf":
        record_opening(doc, version, "preview")  # the page shows the .docx's text
    return document_page.render(doc)


@bp.route("/<int:doc_id>/declaration", methods=["POST"])
@roles_required(Role.DRAFTER)
def declare(doc_id: int):
    doc = visible_document(doc_id)
    form = DeclarationForm()
    form.reason_code.choices = reason_choices()
    if not form.validate():
        return document_page.render(doc, form, status=400)
    operations.declare(db.session, current_user, doc, form.declaration(), lock_of(form))
    if not form.send.data:
        db.session.commit()
        flash("草稿已保存。", "success")
        return redirect(url_for("drafting.show", doc_id=doc.id))
    try:
        # One transaction: the declaration is kept even when submission is refused (savepoint).
        with db.session.begin_nested():
            found = operations.submit(db.session, current_user, doc, doc.lock_version, now=office_now())
    except RuleViolation as exc:
        db.session.commit()
        flash("草稿已保存，但存在必须纠正的问题，未提交审核。", "error")
        return document_page.render(doc, refused=exc.findings, status=422)
    db.session.commit()
    if standing := [f.message for f in found if f.blocks]:
        flash(f"已提交，当前状态：{doc.state.label}。注意：以下事项须由办公室和签发人决定，"
              f"签发人书面同意前不能审核通过：{'；'.join(standing)}", "warning")
    else:
        flash(f"已提交，当前状态：{doc.state.label}。", "success")
    return redirect(url_for("drafting.show", doc_id=doc.id))


@bp.route("/<int:doc_id>/print")
@roles_required(*Role)
def print_form(doc_id: int):
    """发文稿纸: an A4 page for the paper file, printed from the browser."""
    doc = visible_document(doc_id)
    zone = ZoneInfo(current_app.config["TIMEZONE"])
    form = paper_form(db.session, doc, lambda t: clock.from_stored(t, zone).date())
    return render_template("documents/print.html", doc=doc, paper=form, printed_at=office_now())


@bp.route("/<int:doc_id>/versions", methods=["POST"])
@roles_required(Role.DRAFTER)
def add_version(doc_id: int):
    return upload_to_document(
        doc_id, lambda doc, *file: operations.add_version(db.session, store(), current_user, doc, *file),
        lambda doc: f"已上传第 {doc.version_count} 版，原有版本均已保留。")


@bp.route("/<int:doc_id>/interpretations", methods=["POST"])
@roles_required(Role.DRAFTER)
def add_interpretation(doc_id: int):
    return upload_to_document(
        doc_id, lambda doc, *file: operations.attach_interpretation(db.session, store(), current_user, doc, *file,
                                                           now=office_now()),
        lambda doc: "政策解读材料已上传。")
