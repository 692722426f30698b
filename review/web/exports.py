"""Excel downloads of the queue, the staff catalogues and the inbox, with the page's filters applied."""
from __future__ import annotations

from urllib.parse import quote
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, current_app, request
from flask_login import current_user

from .. import exports, queue
from ..enums import Attribute, Role
from ..extensions import db
from ..models._types import utcnow
from .catalogue import KINDS, _own_section
from .helpers import office_now, roles_required

bp = Blueprint("exports", __name__, url_prefix="/exports")


def attachment_name(name: str) -> str:
    """Content-Disposition for a Chinese file name: an ASCII fallback plus RFC 5987 ``filename*``."""
    return f"attachment; filename=\"download{name[name.rfind('.'):] if '.' in name else ''}\"; " \
           f"filename*=UTF-8''{quote(name, safe='')}"


def xlsx_response(data: bytes, name: str) -> Response:
    response = Response(data, mimetype=exports.xlsx.MEDIA_TYPE)
    response.headers["Content-Disposition"] = attachment_name(f"{name}-{office_now():%Y%m%d}.xlsx")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _zone() -> ZoneInfo:
    return ZoneInfo(current_app.config.get("TIMEZONE", "Asia/Shanghai"))


@bp.route("/queue.xlsx")
@roles_required(Role.REVIEWER)
def reviewer_queue():
    filt = queue.QueueFilter.from_args(request.args)
    return xlsx_response(exports.reviewer_queue(db.session, filt, utcnow(), _zone()), "审核队列")


@bp.route(f"/catalogue/<{KINDS}:kind>.xlsx")
@roles_required(*Role)
def catalogue(kind: str):
    attribute = Attribute(kind)
    data = exports.catalogue_ledger(db.session, attribute, request.args.get("q"), _own_section())
    return xlsx_response(data, f"{attribute.label}目录台账")


@bp.route("/inbox.xlsx")
@roles_required(*Role)
def inbox():
    return xlsx_response(exports.inbox_lists(db.session, current_user, _zone()), "待办")
