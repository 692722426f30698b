"""Login and logout."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import select

from ..errors import Refusal
from ..extensions import db
from ..models import User
from ..operations import admin
from .forms import ChangePasswordForm, LoginForm

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only same-site relative paths, so the login page cannot be used as an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("home.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = db.session.scalar(select(User).where(User.username == form.username.data.strip()))
        if user is not None and user.active and user.check_password(form.password.data):
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        flash("用户名或密码错误。", "error")
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("您已退出登录。", "info")
    return redirect(url_for("auth.login"))


#: What a user who must change their password may still reach.
_OPEN_WHILE_CHANGING = {"auth.change_password", "auth.logout", "static", "catalogue.index"}


@bp.before_app_request
def password_change_first():
    """After a reset (or a first password set by the admin) nothing else opens until it is changed."""
    if (current_user.is_authenticated and current_user.must_change_password
            and request.endpoint not in _OPEN_WHILE_CHANGING):
        flash("管理员已为您设置了临时密码，请先修改密码。", "warning")
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            admin.change_own_password(db.session, current_user, form.current.data, form.new.data, form.repeat.data)
        except Refusal as refusal:
            db.session.rollback()
            flash(refusal.message, "error")
            return render_template("auth/password.html", form=form), 400
        db.session.commit()
        flash("密码已修改。", "success")
        return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form)
