"""The landing page: what waits for the current user."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_login import current_user, login_required

from ..enums import Role
from ..extensions import db
from ..inbox import inbox as waiting_lists
from ..inbox import request_attention
from .clock import office_today

bp = Blueprint("home", __name__)


@bp.route("/")
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("catalogue.index"))
    if current_user.role in (Role.DRAFTER, Role.SECTION_HEAD):
        return redirect(url_for("drafting.index"))
    return redirect(url_for("home.inbox"))


@bp.route("/inbox")
@login_required
def inbox():
    today = office_today()
    lists = waiting_lists(db.session, current_user, today=today,
                          overdue_days=current_app.config.get("REREVIEW_OVERDUE_DAYS", 30))
    return render_template("home/inbox.html", lists=lists,
                           request_lists=request_attention(db.session, current_user, today))
