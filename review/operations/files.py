"""Openings of restricted files: who opened which file, when, how and from where (for the auditor)."""
from __future__ import annotations

from sqlalchemy.orm import Session

from .. import audit
from ..enums import Attribute, DocState
from ..models import Document, User


def is_restricted(doc: Document) -> bool:
    """Anything but an issued 主动公开 document (whose file is in the public catalogue anyway)."""
    return not (doc.state is DocState.ISSUED and doc.attribute is Attribute.ACTIVE)


def record_opening(session: Session, actor: User, doc: Document, row, how: str, address: str) -> None:
    """One event per opening of a restricted document's file (download, inline view or preview)."""
    audit.append(session, actor_id=actor.id, action="file.open", document_id=doc.id,
                 sha256=row.sha256, file=row.original_filename, how=how, address=address[:64],
                 attribute=doc.attribute, state=doc.state)
