"""Login and logout."""
from __future__ import annotations

import datetime as dt
import unicodedata
from urllib.parse import unquote, urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import db_events
from ..errors import Refusal
from ..extensions import db
from ..operations import accounts, admin
from . import sessions
from .forms import ChangePasswordForm, LoginForm

bp = Blueprint("auth", __name__)


def _dangerous(text: str) -> bool:
    """What browsers strip or reinterpret in a URL: control and format characters, whitespace, backslashes."""
    return "\\" in text or any(unicodedata.category(c)[0] in "CZ" for c in text)


def safe_next(target: str | None) -> str:
    """Only a path of this site, checked raw and after percent-decoding (a browser normalises
    `/%09/evil`, `/\\evil` and `//evil` into another host), else the home page."""
    home = url_for("home.index")
    if not target or len(target) > 2000:
        return home
    for form in (target, unquote(target), unquote(unquote(target))):
        if _dangerous(form) or not form.startswith("/") or form.startswith("//"):
            return home
        parts = urlsplit(form)
        if parts.scheme or parts.netloc:
            return home
    return target


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        # The slow part (the password hash) runs in a reading transaction that ends before the short
        # writing one (throttle counters, security event) opens: logins never queue behind a hash.
        db.session.rollback()
        with db_events.reading():
            creds = accounts.check_credentials(db.session, form.username.data, form.password.data)
            db.session.rollback()
        result = accounts.record_login(db.session, creds, request.remote_addr or "", dt.datetime.now(dt.UTC))
        db.session.commit()
        if result.user is not None:
            sessions.start(result.user)
            login_user(result.user)
            db.session.rollback()  # reading the user again began a transaction; nothing more to write
            return redirect(safe_next(request.args.get("next")))
        flash(result.message, "error")
        return render_template("auth/login.html", form=form), 429 if result.locked else 200
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    accounts.logout(db.session, current_user)
    db.session.commit()
    logout_user()
    sessions.end()
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
        user = current_user._get_current_object()
        sessions.start(user)  # every other session ended with the change; this one goes on, renewed
        login_user(user)
        flash("密码已修改。", "success")
        return redirect(url_for("home.index"))
    return render_template("auth/password.html", form=form)
