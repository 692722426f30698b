"""Administration in the browser (role admin): users, sections, 代字, reason codes, office settings and
the import of the office's 台账. Each change is one operation of review/operations/admin.py."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import PurePath

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from .. import office_settings
from ..enums import Attribute, Role
from ..errors import Refusal
from ..extensions import db
from ..holidays import entered_years, schedule_of
from ..models import HolidayYear, NumberPrefix, ReasonCode, Section, User
from ..operations import admin, ledger
from ..operations import holidays as holiday_ops
from ..workdays import LIBRARY_YEARS, Calendar
from .admin_forms import (
    ConfirmForm,
    HolidayForm,
    LedgerForm,
    PrefixForm,
    ReasonForm,
    ResetPasswordForm,
    SectionForm,
    UserEditForm,
    UserForm,
    settings_form,
)
from .forms import choices
from .helpers import office_now, roles_required, store

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@roles_required(Role.ADMIN)
def admin_only():
    return None


def _apply(form, render: Callable[[str | None], str], perform: Callable[[], object], done: str, back: str):
    """Validate, run one operation, commit, and go back; on any problem show the page again with what
    was typed and the reason in Chinese (nothing changed)."""
    error = None
    if form.validate_on_submit():
        try:
            perform()
        except Refusal as refusal:
            db.session.rollback()
            error = refusal.message
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(back)
    elif form.is_submitted():
        error = next((e for errors in form.errors.values() for e in errors), "表单无效，请检查后重试。")
        if isinstance(error, dict | list):
            error = "表单已过期，请刷新页面后重试。"
    return render(error), (422 if error else 200)


def _edit_form(form_cls, target, **initial):
    """The stored values fill the form shown; a POST is judged on what was sent alone, so a field left
    out is refused rather than silently kept from the database."""
    if request.method == "POST":
        return form_cls()
    return form_cls(obj=target, **initial)


def _sections() -> list[Section]:
    return list(db.session.scalars(select(Section).order_by(Section.name)))


def _section_choices(form):
    form.section_id.choices = choices([(str(s.id), s.name) for s in _sections()], "— 无 —")
    return form


def _section_id(form) -> int | None:
    return int(form.section_id.data) if form.section_id.data else None


@bp.route("/")
def index():
    return redirect(url_for(".users"))


# --- Users ------------------------------------------------------------------------------------------

@bp.route("/users", methods=["GET", "POST"])
def users():
    form = _section_choices(UserForm())

    def create():
        section = db.session.get(Section, _section_id(form)) if _section_id(form) else None
        admin.create_user(db.session, form.username.data, form.display_name.data, Role(form.role.data),
                          form.password.data, section.name if section else None, actor_id=current_user.id,
                          must_change_password=True)

    rows = db.session.scalars(select(User).order_by(User.active.desc(), User.username)).all()
    return _apply(form, lambda error: render_template("admin/users.html", form=form, users=rows, error=error),
                  create, f"已创建用户 {form.username.data}，首次登录须修改密码。", url_for(".users"))


def _user_page(user: User, error: str | None, edit=None, reset=None):
    edit = edit or _section_choices(UserEditForm(formdata=None, role=user.role.value,
                                                 section_id=str(user.section_id or "")))
    reset = reset or ResetPasswordForm(formdata=None)
    return render_template("admin/user.html", user=user, edit=edit, reset=reset, error=error)


def _user_or_404(user_id: int) -> User:
    return db.get_or_404(User, user_id)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def user(user_id: int):
    target = _user_or_404(user_id)
    form = _section_choices(UserEditForm())
    return _apply(form, lambda error: _user_page(target, error, edit=form),
                  lambda: admin.update_user(db.session, target.id, Role(form.role.data), _section_id(form),
                                            actor_id=current_user.id),
                  f"已修改用户 {target.username} 的角色和科室。", url_for(".user", user_id=target.id))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
def reset_password(user_id: int):
    target = _user_or_404(user_id)
    form = ResetPasswordForm()
    return _apply(form, lambda error: _user_page(target, error, reset=form),
                  lambda: admin.reset_password(db.session, target.id, form.password.data, actor_id=current_user.id),
                  f"已重置 {target.username} 的密码，该用户下次登录须修改密码。", url_for(".user", user_id=target.id))


@bp.route("/users/<int:user_id>/active/<any(on, off):setting>", methods=["POST"])
def set_active(user_id: int, setting: str):
    target = _user_or_404(user_id)
    form = ConfirmForm()
    done = f"已{'启用' if setting == 'on' else '停用'}用户 {target.username}。"
    return _apply(form, lambda error: _user_page(target, error),
                  lambda: admin.set_user_active(db.session, target.id, setting == "on", actor_id=current_user.id),
                  done, url_for(".user", user_id=target.id))


# --- Sections -------------------------------------------------------------------------------------

@bp.route("/sections", methods=["GET", "POST"])
def sections():
    form = SectionForm()
    return _apply(form, lambda error: render_template("admin/sections.html", form=form, sections=_sections(),
                                                      error=error),
                  lambda: admin.create_section(db.session, form.name.data, bool(form.requires_head_review.data),
                                               actor_id=current_user.id),
                  f"已添加科室 {form.name.data}。", url_for(".sections"))


@bp.route("/sections/<int:section_id>", methods=["GET", "POST"])
def section(section_id: int):
    target = db.get_or_404(Section, section_id)
    form = _edit_form(SectionForm, target)
    return _apply(form, lambda error: render_template("admin/edit.html", form=form, error=error,
                                                      title=f"科室：{target.name}", back=url_for(".sections")),
                  lambda: admin.update_section(db.session, target.id, form.name.data,
                                               bool(form.requires_head_review.data), actor_id=current_user.id),
                  "已保存科室设置。", url_for(".sections"))


# --- 发文字号 代字 ----------------------------------------------------------------------------------

def _prefixes():
    return db.session.scalars(select(NumberPrefix).order_by(NumberPrefix.active.desc(), NumberPrefix.code)).all()


@bp.route("/prefixes", methods=["GET", "POST"])
def prefixes():
    form = PrefixForm()
    return _apply(form, lambda error: render_template("admin/prefixes.html", form=form, prefixes=_prefixes(),
                                                      error=error),
                  lambda: admin.create_prefix(db.session, form.code.data.strip(), form.organ.data.strip(),
                                              form.doc_type.data.strip(), actor_id=current_user.id),
                  f"已添加代字 {form.code.data}。", url_for(".prefixes"))


@bp.route("/prefixes/<int:prefix_id>", methods=["GET", "POST"])
def prefix(prefix_id: int):
    target = db.get_or_404(NumberPrefix, prefix_id)
    form = _edit_form(PrefixForm, target)
    form.code.data, form.code.render_kw = target.code, {"readonly": True}  # shown, never changed
    return _apply(form, lambda error: render_template("admin/edit.html", form=form, error=error,
                                                      title=f"代字：{target.code}", back=url_for(".prefixes")),
                  lambda: admin.update_prefix(db.session, target.id, form.organ.data, form.doc_type.data,
                                              bool(form.active.data), actor_id=current_user.id),
                  f"已保存代字 {target.code}。", url_for(".prefixes"))


# --- Reason codes ---------------------------------------------------------------------------------

@bp.route("/reasons", methods=["GET", "POST"])
def reasons():
    form = ReasonForm()
    rows = db.session.scalars(select(ReasonCode).order_by(ReasonCode.position)).all()
    in_use = {r.code for r in rows if admin.reason_in_use(db.session, r.code)}
    return _apply(form, lambda error: render_template("admin/reasons.html", form=form, reasons=rows, in_use=in_use,
                                                      attributes=list(Attribute),
                                                      error=error),
                  lambda: admin.create_reason(db.session, form.code.data, form.label.data, form.basis.data or "",
                                              form.fits.data, form.review_months.data, actor_id=current_user.id),
                  f"已添加不公开理由 {form.label.data}。", url_for(".reasons"))


@bp.route("/reasons/<code>", methods=["GET", "POST"])
def reason(code: str):
    target = db.get_or_404(ReasonCode, code)
    form = _edit_form(ReasonForm, target, retired=not target.active)
    form.code.data, form.code.render_kw = target.code, {"readonly": True}  # shown, never changed
    return _apply(form, lambda error: render_template("admin/edit.html", form=form, error=error,
                                                      title=f"不公开理由：{target.label}", back=url_for(".reasons")),
                  lambda: admin.update_reason(db.session, target.code, form.label.data, form.basis.data or "",
                                              form.fits.data, form.review_months.data, bool(form.retired.data),
                                              actor_id=current_user.id),
                  f"已保存不公开理由 {target.label}。", url_for(".reasons"))


# --- Office settings ------------------------------------------------------------------------------

@bp.route("/settings", methods=["GET", "POST"])
def settings():
    form = settings_form(office_settings.all_settings(db.session) if request.method == "GET" else {})
    values = {s.key: form[s.key].data for s in office_settings.SETTINGS}
    return _apply(form, lambda error: render_template("admin/edit.html", form=form, error=error, title="办公室设置",
                                                      back=None),
                  lambda: admin.update_settings(db.session, values, actor_id=current_user.id),
                  "已保存办公室设置。", url_for(".settings"))


# --- Holiday schedule (国务院办公厅 yearly notice) ---------------------------------------------------

def _holidays_page(form, error: str | None) -> str:
    years = entered_years(db.session)
    calendar = Calendar.of(schedule_of(row) for row in years)
    this_year = office_now().date().year
    entered_by = {row.entered_by_id for row in years if row.entered_by_id}
    names = dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(entered_by))).all())
    return render_template("admin/holidays.html", form=form, error=error, years=years, names=names,
                           library=(min(LIBRARY_YEARS), max(LIBRARY_YEARS)),
                           coming=[(y, calendar.source(y)) for y in (this_year, this_year + 1)])


def _correction_form(year: int | None) -> HolidayForm:
    """更正: an entered year's schedule in the form, ready to be replaced."""
    row = db.session.get(HolidayYear, year) if year else None
    if row is None:
        return HolidayForm()
    schedule = schedule_of(row)
    return HolidayForm(formdata=None, year=row.year, holidays=sorted(schedule.holidays),
                       workdays=sorted(schedule.workdays), source=row.source, replace=True)


@bp.route("/holidays", methods=["GET", "POST"])
def holidays():
    form = _correction_form(request.args.get("year", type=int)) if request.method == "GET" else HolidayForm()
    done = f"已录入 {form.year.data} 年节假日安排：放假 {len(form.holidays.data or [])} 天，" \
           f"调休上班 {len(form.workdays.data or [])} 天；未答复申请的答复期限已按新安排重算。"
    return _apply(form, lambda error: _holidays_page(form, error),
                  lambda: holiday_ops.enter_year(db.session, current_user, form.year.data, form.holidays.data,
                                                 form.workdays.data, form.source.data.strip(),
                                                 bool(form.replace.data)),
                  done, url_for(".holidays"))


# --- Import of the office's 台账 -------------------------------------------------------------------

@bp.route("/ledger", methods=["GET", "POST"])
def ledger_import():
    form = LedgerForm()
    if not form.validate_on_submit():
        error = next(iter(form.file.errors), None) if form.is_submitted() else None
        return render_template("admin/ledger.html", form=form, error=error, plan=None, result=None,
                               columns=ledger.COLUMNS), (422 if error else 200)
    uploads = {}
    for upload in request.files.getlist(form.files.name):
        if upload and upload.filename:
            uploads[PurePath(upload.filename.replace("\\", "/")).name] = upload.read()
    plan = ledger.read_ledger(db.session, form.file.data.read())
    db.session.rollback()  # parsing the files is slow: not inside the write transaction (STYLE 13)
    ledger.check_files(plan, (lambda name: uploads.get(PurePath(name).name)) if uploads else None)
    result = None
    if not form.dry_run.data and (not plan.problems or form.skip_bad.data):
        try:
            result = ledger.apply(db.session, store(), current_user, plan, office_now(), bool(form.skip_bad.data))
            db.session.commit()
        except Refusal as refusal:
            db.session.rollback()
            flash(refusal.message, "error")
    return render_template("admin/ledger.html", form=form, error=None, plan=plan, result=result,
                           columns=ledger.COLUMNS, with_files=bool(uploads))
