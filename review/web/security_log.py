"""安全日志 for the auditor: logins (failed, locked, successful), logouts, account changes, and every
opening of a restricted file — who, which, when, from where."""
from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import or_, select

from ..enums import Role
from ..extensions import db
from ..models import AuditEvent
from .helpers import roles_required

bp = Blueprint("security_log", __name__, url_prefix="/audit")
SHOWN = 500


@bp.route("/security")
@roles_required(Role.AUDITOR)
def index():
    events = db.session.scalars(
        select(AuditEvent)
        .where(or_(AuditEvent.action.like("security.%"), AuditEvent.action.like("user.%"),
                   AuditEvent.action == "file.open"))
        .order_by(AuditEvent.id.desc()).limit(SHOWN)
    ).all()
    return render_template("security/index.html", events=events, shown=SHOWN)
