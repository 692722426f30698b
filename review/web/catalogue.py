"""公开目录: the public list of issued, active documents (no login)."""
from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from ..enums import Attribute, DocState
from ..extensions import db
from ..models import Document

bp = Blueprint("catalogue", __name__, url_prefix="/public")


@bp.route("/")
def index():
    docs = db.session.scalars(
        select(Document).where(Document.state == DocState.ISSUED, Document.attribute == Attribute.ACTIVE)
        .order_by(Document.signed_on.desc(), Document.id.desc()).limit(50)
    ).all()
    return render_template("catalogue/index.html", docs=docs)
