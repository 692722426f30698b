"""The office's reviewer queue: documents awaiting 办公室审核, filtered by GET parameters (bookmarkable)."""
from __future__ import annotations

from flask import Blueprint, render_template, request

from .. import clock, queue, workflow
from ..extensions import db
from .helpers import office_now, roles_required

bp = Blueprint("queue", __name__, url_prefix="/office")


@bp.route("/queue")
@roles_required(*workflow.PAGES["queue"])
def index():
    filt = queue.QueueFilter.from_args(request.args)
    page = queue.reviewer_queue(db.session, filt, clock.stored(office_now()))
    return render_template(
        "queue/index.html", page=page, page_size=queue.PAGE_SIZE, attributes=queue.ATTRIBUTE_CHOICES,
        findings=queue.Findings, sorts=queue.Sort, ages=queue.AGE_CHOICES,
    )
