"""Serving stored files to staff who may see the document (restricted files never leave otherwise)."""
from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, request, send_file
from flask_login import current_user
from sqlalchemy import select

from .. import db_events
from ..enums import Attribute, DocState, Role
from ..errors import StorageFault
from ..extensions import db
from ..models import DocumentVersion, Interpretation
from ..operations import files as files_ops
from ..storage import DamagedFile
from .helpers import roles_required, store, visible_document

bp = Blueprint("files", __name__, url_prefix="/documents")

FILE_MISSING = "文件缺失：存储中找不到该文件，暂时无法下载。请联系办公室处理。"
FILE_ALTERED = "文件校验失败：存储的文件与登记的 SHA-256 校验值不符，已停止提供下载。请联系办公室处理。"


def send_stored(row, inline: bool = False, public: bool = False, name: str | None = None):
    """The stored bytes, checked against their SHA-256 name before they are served (as ``name`` if given;
    Werkzeug writes a non-ASCII name as RFC 5987 ``filename*``)."""
    try:
        data = store().read_verified(row.sha256)
    except DamagedFile as exc:
        current_app.logger.error("%s (row %s)", exc, getattr(row, "id", None))
        raise StorageFault(FILE_MISSING if exc.missing else FILE_ALTERED) from None
    response = send_file(io.BytesIO(data), mimetype=row.media_type, as_attachment=not inline,
                         download_name=name or row.original_filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store" if public else "private, no-store"
    return response


def readable_document(doc_id: int):
    """A document whose files the user may read: the admin manages the system, not its documents,
    so only files that are public anyway are served to them."""
    doc = visible_document(doc_id)
    if current_user.role is Role.ADMIN and not (doc.state is DocState.ISSUED and doc.attribute is Attribute.ACTIVE):
        abort(404)
    return doc


@bp.route("/<int:doc_id>/versions/<int:number>/file")
@roles_required(*Role)
def version_file(doc_id: int, number: int):
    doc = readable_document(doc_id)
    version = db.session.scalar(
        select(DocumentVersion).where(DocumentVersion.document_id == doc.id, DocumentVersion.number == number)
    )
    if version is None:
        abort(404)
    inline = request.args.get("inline") == "1"
    response = send_stored(version, inline=inline)
    record_opening(doc, version, "inline" if inline else "download")
    return response


@bp.route("/<int:doc_id>/interpretations/<int:item_id>/file")
@roles_required(*Role)
def interpretation_file(doc_id: int, item_id: int):
    doc = readable_document(doc_id)
    item = db.session.get(Interpretation, item_id)
    if item is None or item.document_id != doc.id:
        abort(404)
    response = send_stored(item)
    record_opening(doc, item, "download")
    return response


def record_opening(doc, row, how: str) -> None:
    """Record the opening of a restricted file in its own writing transaction (this is a GET: its
    reading transaction ends first, so on SQLite the event takes the write lock up front)."""
    if not files_ops.is_restricted(doc):
        return
    db.session.commit()
    with db_events.writing():
        files_ops.record_opening(db.session, current_user, doc, row, how, request.remote_addr or "")
        db.session.commit()
