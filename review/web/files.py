"""Serving stored files to staff who may see the document (restricted files never leave otherwise)."""
from __future__ import annotations

import io

from flask import Blueprint, abort, send_file
from sqlalchemy import select

from ..enums import Role
from ..extensions import db
from ..models import DocumentVersion, Interpretation
from .helpers import roles_required, store, visible_document

bp = Blueprint("files", __name__, url_prefix="/documents")


def send_stored(row, inline: bool = False):
    """The stored bytes, checked against their SHA-256 name before they are served."""
    data = store().read(row.sha256)
    response = send_file(io.BytesIO(data), mimetype=row.media_type, as_attachment=not inline,
                         download_name=row.original_filename, max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/<int:doc_id>/versions/<int:number>/file")
@roles_required(*Role)
def version_file(doc_id: int, number: int):
    doc = visible_document(doc_id)
    version = db.session.scalar(
        select(DocumentVersion).where(DocumentVersion.document_id == doc.id, DocumentVersion.number == number)
    )
    if version is None:
        abort(404)
    return send_stored(version)


@bp.route("/<int:doc_id>/interpretations/<int:item_id>/file")
@roles_required(*Role)
def interpretation_file(doc_id: int, item_id: int):
    doc = visible_document(doc_id)
    item = db.session.get(Interpretation, item_id)
    if item is None or item.document_id != doc.id:
        abort(404)
    return send_stored(item)
