"""公开目录 for everyone (no login), and the internal catalogues for staff (主动公开、依申请公开、不予公开目录)."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField
from wtforms.validators import Optional

from .. import catalogue, office_settings, operations, workflow
from ..enums import Attribute, Role, Validity
from ..errors import Refusal
from ..extensions import db
from ..operations import normative
from .files import send_stored
from .forms import choices
from .helpers import lock_of, office_now, roles_required, visible_document

bp = Blueprint("catalogue", __name__, url_prefix="/public")

#: Internal catalogues for staff (依申请公开目录, 不予公开目录, and the active one with 有效性 editing).
staff_bp = Blueprint("staff_catalogue", __name__, url_prefix="/catalogue")
KINDS = "any(active, on_request, non_disclosable)"


class ValidityForm(FlaskForm):
    validity = SelectField("有效性", choices=choices(Validity.choices()))
    #: Where the reviewer was, to return there.
    q = HiddenField()
    page = HiddenField()
    lock = HiddenField()


class NormativeForm(FlaskForm):
    is_normative = BooleanField("规范性文件")
    repealed_on = DateField("废止日期", validators=[Optional()])
    q = HiddenField()
    page = HiddenField()
    lock = HiddenField()


def _page_number() -> int:
    page = request.args.get("page", 1, type=int)
    return page if 1 <= page <= 100_000 else 1  # beyond any real catalogue; a huge offset overflows SQL


@bp.route("/")
def index():
    result = catalogue.public_page(db.session, request.args.get("q"), _page_number())
    return render_template("catalogue/index.html", result=result, organ=office_settings.organ_name(db.session))


@bp.route("/<int:doc_id>")
def document(doc_id: int):
    """One public document: 索引号, 发布机构, 文号, dates, 有效性, SHA-256, and its 政策解读."""
    doc = catalogue.public_document(db.session, doc_id)
    if doc is None:
        abort(404)
    settings = office_settings.all_settings(db.session)
    index_number = office_settings.index_number(settings["index_scheme"], settings["org_code"], doc.id,
                                                doc.signed_on, doc.doc_number)
    return render_template("catalogue/document.html", doc=doc, version=doc.current_version,
                           organ=settings["organ_name"], issuer=catalogue.issuing_organ(db.session, doc),
                           index_number=index_number)


@bp.route("/<int:doc_id>/file")
def download(doc_id: int):
    """The current file of an issued, active document, checked against its published SHA-256."""
    version = catalogue.public_version(db.session, doc_id)
    if version is None:
        abort(404)
    return send_stored(version, public=True,
                       name=catalogue.download_name(version.document.title, version.original_filename))


@bp.route("/<int:doc_id>/interpretations/<int:item_id>/file")
def interpretation(doc_id: int, item_id: int):
    """政策解读 published with its active document (谁起草谁解读); nothing of a restricted one."""
    item = catalogue.public_interpretation(db.session, doc_id, item_id)
    if item is None:
        abort(404)
    return send_stored(item, public=True,
                       name=catalogue.download_name(f"{item.document.title}（政策解读）", item.original_filename))


def _own_section() -> int | None:
    """Drafters and section heads see their own section's rows only; office roles see all."""
    if not current_user.role.belongs_to_section:
        return None
    if current_user.section_id is None:
        abort(403)
    return current_user.section_id


@staff_bp.route("/")
@roles_required(*Role)
def staff_index():
    return redirect(url_for(".listing", kind=Attribute.ON_REQUEST.value))


@staff_bp.route(f"/<{KINDS}:kind>")
@roles_required(*Role)
def listing(kind: str):
    attribute = Attribute(kind)
    result = catalogue.staff_page(db.session, attribute, request.args.get("q"), _page_number(), _own_section())
    return render_template("catalogue/staff.html", attribute=attribute, result=result, today=office_now().date(),
                           attributes=list(Attribute), validities=list(Validity),
                           may_set_validity=workflow.may_open(current_user.role, "validity"))


@staff_bp.route("/<int:doc_id>/validity", methods=["POST"])
@roles_required(*workflow.PAGES["validity"])
def set_validity(doc_id: int):
    doc = visible_document(doc_id)
    form = ValidityForm()
    if not form.validate():
        raise Refusal("请选择有效性：有效、已修订或已废止。")
    validity = Validity(form.validity.data)
    if validity is doc.validity:
        flash(f"有效性仍为“{validity.label}”，未作修改。", "info")
    else:
        operations.set_validity(db.session, current_user, doc, lock_of(form), validity)
        db.session.commit()
        flash(f"已将《{doc.title}》的有效性改为“{validity.label}”。", "success")
    return redirect(url_for(".listing", kind=doc.attribute.value, q=form.q.data or None,
                            page=form.page.data or None))


@staff_bp.route("/<int:doc_id>/normative", methods=["POST"])
@roles_required(*workflow.PAGES["validity"])
def set_normative(doc_id: int):
    """Mark a 规范性文件 and its 废止日期 (the yearly report's table 2 counts them)."""
    doc = visible_document(doc_id)
    form = NormativeForm()
    if not form.validate():
        raise Refusal("废止日期格式应为 年-月-日，例如 2026-05-01。")
    changed = normative.set_normative(db.session, current_user, doc, lock_of(form), form.is_normative.data,
                                      form.repealed_on.data, office_now())
    db.session.commit()
    if changed:
        flash(f"已更新《{doc.title}》的规范性文件标注。", "success")
    else:
        flash("规范性文件标注未作修改。", "info")
    return redirect(url_for(".listing", kind=doc.attribute.value, q=form.q.data or None,
                            page=form.page.data or None))
