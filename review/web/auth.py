"""Login and logout."""
from __future__ import annotations

import datetime as dt
import unicodedata
from urllib.parse import unquote, urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user

from .. import db_events
from ..extensions import db
from ..operations import accounts
from . import sessions
from .forms import LoginForm

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
