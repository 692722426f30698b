"""Everything the document page shows: one place builds it, for every role."""
from __future__ import annotations

import datetime as dt
import functools

from flask import current_app, render_template
from sqlalchemy import select

from .. import actions as registry
from .. import operations, rules, sandbox
from ..extensions import db
from ..extract import UnsupportedFile, normalise_doc_number
from ..models import AuditEvent, Decision, DecisionKind, Document, NumberPrefix
from ..office_settings import office_marking
from ..operations.common import acknowledged_codes, upstream_record
from ..preview import Block
from ..storage import DamagedFile
from .files import FILE_ALTERED, FILE_MISSING
from .forms import DeclarationForm, UploadForm, decision_form
from .helpers import actions_for, office_now, store


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


def _issue_defaults(doc: Document, form) -> str | None:
    """Pre-fill 发文 with the file's printed 成文日期 and the 代字 of its printed number; the number to be assigned."""
    parsed = doc.current_version.elements or {}
    printed = parsed.get("doc_number")
    if not form.signed_on.data and (parsed.get("signed_date") or doc.signature_date):
        # The printed 成文日期, else the day it was signed (GB/T 9704: 成文日期 is the 签发 date).
        form.signed_on.data = (dt.date.fromisoformat(parsed["signed_date"]) if parsed.get("signed_date")
                               else doc.signature_date)
    prefixes = db.session.scalars(select(NumberPrefix).where(NumberPrefix.active)).all()
    if not form.prefix_id.data and printed:
        code = normalise_doc_number(printed).split("〔")[0]
        match = next((p for p in prefixes if p.code == code), None)
        form.prefix_id.data = str(match.id) if match else None
    chosen = next((p for p in prefixes if str(p.id) == str(form.prefix_id.data)), None)
    if chosen is None:
        return None
    year = (form.signed_on.data or office_now().date()).year
    return operations.preview_number(db.session, chosen, year, printed)


def render(doc: Document, form: DeclarationForm | None = None, refused: list | None = None, status: int = 200,
           pending=None):
    """The document page; ``pending`` is a refused decision shown again with its input kept."""

    actions = actions_for(doc)
    if form is None:
        form = DeclarationForm(formdata=None, obj=doc, lock=doc.lock_version)
        form.attribute.data = doc.attribute.value if doc.attribute else ""
        form.upstream_attribute.data = doc.upstream_attribute.value if doc.upstream_attribute else ""
    facts = operations.facts_for(db.session, doc)
    decisions = db.session.scalars(select(Decision).where(Decision.document_id == doc.id).order_by(Decision.id)).all()
    # 办理记录: what was done to the document. Openings of its file are reads, listed for the auditor
    # in the 安全日志 and the 操作日志; here they buried the steps under one row per view.
    history = db.session.scalars(
        select(AuditEvent).where(AuditEvent.document_id == doc.id, AuditEvent.action != "file.open")
        .order_by(AuditEvent.id)
    ).all()
    blank = decision_form(blank=True)
    blank.lock.data = doc.lock_version
    if pending:
        pending.form.lock.data = doc.lock_version
    form.reason_code.choices = blank.reason_code.choices
    if "sign" in actions and not (pending and pending.action == "sign"):
        blank.signature_date.data = office_now().date()
    issue_form = pending.form if pending and pending.action == "issue" else blank
    issue_number = _issue_defaults(doc, issue_form) if "issue" in actions else None
    issue_findings = []
    if "issue" in actions:
        seen = acknowledged_codes(db.session, doc)
        issue_findings = [f for f in rules.findings(facts, rules.ISSUE) if f.blocks or f.code not in seen]
    return render_template(
        "drafting/show.html", doc=doc, form=form, upload=UploadForm(formdata=None, lock=doc.lock_version),
        blank=blank, registry=registry.DECISIONS, actions=actions, decision_actions=actions - {"edit", "submit"},
        refused=refused, history=history, decisions=decisions,
        preview=rules.findings(facts, rules.SUBMIT) if "edit" in actions else None,
        approve_findings=(rules.findings(facts, rules.APPROVE)
                          if {"approve", "change_attribute", "override_upstream"} & actions else []),
        issue_findings=issue_findings, issue_number=issue_number,
        office_marking=office_marking(db.session, doc.attribute) if doc.attribute else "",
        pending=pending,
        proposal=_latest(decisions, DecisionKind.CHANGE_ATTRIBUTE),
        objection=_latest(decisions, DecisionKind.OBJECT),
        upstream=upstream_record(db.session, doc.upstream_number),
        blocks=_preview(doc),
    ), status
