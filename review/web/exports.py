"""Excel downloads of the queue, the staff catalogues, the inbox, the re-review tasks and the request
registry, each with its page's filters applied and only the rows its page shows the user."""
from __future__ import annotations

from urllib.parse import quote
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, request
from flask_login import current_user

from .. import clock, exports, queue, request_queries, rereview_queue
from ..enums import Attribute, Role
from ..extensions import db
from ..holidays import load_calendar
from .catalogue import KINDS, _own_section
from .clock import office_today
from .helpers import office_now, roles_required
from .requests import VIEWERS as REQUEST_VIEWERS
from .rereview import QUEUE_ROLES, _overdue_days

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
    return xlsx_response(exports.reviewer_queue(db.session, filt, clock.stored(office_now()), _zone()), "审核队列")


@bp.route(f"/catalogue/<{KINDS}:kind>.xlsx")
@roles_required(*Role)
def catalogue(kind: str):
    attribute = Attribute(kind)
    data = exports.catalogue_ledger(db.session, attribute, request.args.get("q"), _own_section())
    return xlsx_response(data, f"{attribute.label}目录台账")


@bp.route("/inbox.xlsx")
@roles_required(*Role)
def inbox():
    return xlsx_response(exports.inbox_lists(db.session, current_user, _zone(), office_today(), _overdue_days()),
                         "待办")


@bp.route("/rereview.xlsx")
@roles_required(*QUEUE_ROLES)
def rereview():
    """The office's re-review queue under the page's filters (every page of it)."""
    filt = rereview_queue.TaskFilter.from_args(request.args)
    return xlsx_response(exports.rereview_tasks(db.session, filt, office_today(), _overdue_days()), "定期审查")


@bp.route("/rereview/section.xlsx")
@roles_required(Role.DRAFTER, Role.SECTION_HEAD)
def rereview_section():
    """A drafting section's own documents under re-review: what /rereview/section shows, nothing more."""
    if current_user.section_id is None:
        abort(403)
    return xlsx_response(exports.section_rereview(db.session, current_user.section_id), "本科室定期审查")


@bp.route("/requests.xlsx")
@roles_required(*REQUEST_VIEWERS)
def requests():
    filt = request_queries.RegistryFilter.from_args(request.args)
    data = exports.request_registry(db.session, filt, office_today(), load_calendar(db.session))
    return xlsx_response(data, "政府信息公开申请")
