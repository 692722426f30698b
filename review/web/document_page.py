"""Everything the document page shows: one place builds it, for every role."""
from __future__ import annotations

import functools

from flask import current_app, render_template
from sqlalchemy import select

from .. import operations, rules, sandbox
from ..extensions import db
from ..extract import UnsupportedFile
from ..models import AuditEvent, Decision, DecisionKind, Document
from ..operations.common import upstream_record
from ..preview import Block
from ..storage import DamagedFile
from .files import FILE_ALTERED, FILE_MISSING
from .forms import DeclarationForm, UploadForm, decision_form
from .helpers import actions_for, store


@functools.lru_cache(maxsize=64)
def _docx_preview(sha256: str) -> tuple:
    """Blocks of a stored .docx whose bytes were just checked against ``sha256``. Files are
    content-addressed and never change, so the parse is kept by its SHA-256."""
    return tuple(sandbox.preview(store().read_verified(sha256)))


def docx_preview(sha256: str) -> tuple:
    """A stored .docx as blocks, built in the sandbox, only while the file still matches its SHA-256
    (checked on every view, as downloads are: a cached parse of a file altered since is not shown)."""
    try:
        store().read_verified(sha256)
        return _docx_preview(sha256)
    except DamagedFile as exc:
        current_app.logger.error("%s (preview)", exc)
        return (Block("paragraph", FILE_MISSING if exc.missing else FILE_ALTERED),)
    except UnsupportedFile as exc:
        return (Block("paragraph", "无法预览：" + exc.message),)


docx_preview.cache_info = _docx_preview.cache_info  # the parse cache, for tests and diagnostics
docx_preview.cache_clear = _docx_preview.cache_clear


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
