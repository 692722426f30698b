"""Everything the document page shows: one place builds it, for every role."""
from __future__ import annotations

import functools

from flask import render_template
from sqlalchemy import select

from .. import operations, rules
from ..extensions import db
from ..models import AuditEvent, Decision, DecisionKind, Document
from ..operations.common import upstream_record
from ..preview import docx_blocks
from .forms import DeclarationForm, UploadForm, decision_form
from .helpers import actions_for, store


@functools.lru_cache(maxsize=64)
def docx_preview(sha256: str) -> tuple:
    """A stored .docx as blocks. Files are content-addressed and never change, so the parse is kept
    by its SHA-256: a reviewer reloading the page does not re-read and re-parse the file."""
    return tuple(docx_blocks(store().read(sha256)))


def _preview(doc: Document):
    version = doc.current_version
    if version is None or version.media_type == "application/pdf":
        return None
    return docx_preview(version.sha256)


def _latest(decisions: list[Decision], kind: DecisionKind) -> Decision | None:
    return next((d for d in reversed(decisions) if d.kind is kind), None)


def render(doc: Document, form: DeclarationForm | None = None, refused: list | None = None, status: int = 200,
           pending=None):
    """The document page; ``pending`` is a decision sent back to acknowledge its findings."""

    actions = actions_for(doc)
    if form is None:
        form = DeclarationForm(formdata=None, obj=doc, lock=doc.lock_version)
        form.attribute.data = doc.attribute.value if doc.attribute else ""
        form.upstream_attribute.data = doc.upstream_attribute.value if doc.upstream_attribute else ""
    facts = operations.facts_for(db.session, doc)
    decisions = db.session.scalars(select(Decision).where(Decision.document_id == doc.id).order_by(Decision.id)).all()
    history = db.session.scalars(
        select(AuditEvent).where(AuditEvent.document_id == doc.id).order_by(AuditEvent.id)
    ).all()
    decide = pending.form if pending else decision_form()
    decide.lock.data = doc.lock_version
    form.reason_code.choices = decide.reason_code.choices
    return render_template(
        "drafting/show.html", doc=doc, form=form, upload=UploadForm(formdata=None, lock=doc.lock_version),
        decide=decide, actions=actions, decision_actions=actions - {"edit", "submit"}, refused=refused,
        history=history, decisions=decisions,
        preview=rules.findings(facts, rules.SUBMIT) if "edit" in actions else None,
        approve_findings=rules.findings(facts, rules.APPROVE) if {"approve", "change_attribute"} & actions else [],
        pending=pending,
        proposal=_latest(decisions, DecisionKind.CHANGE_ATTRIBUTE),
        objection=_latest(decisions, DecisionKind.OBJECT),
        upstream=upstream_record(db.session, doc.upstream_number),
        blocks=_preview(doc),
    ), status
