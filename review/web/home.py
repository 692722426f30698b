"""The landing page: what waits for the current user."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
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
    return render_template("home/inbox.html", lists=waiting_lists(db.session, current_user),
                           request_lists=request_attention(db.session, current_user, office_today()))
