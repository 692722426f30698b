"""The drafter's operations: upload, revise, declare, attach interpretation, submit."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePath

from sqlalchemy.orm import Session

from .. import audit, clock, rules, sandbox, workflow
from ..enums import Attribute, DocState, Role, Severity
from ..errors import Forbidden, Refusal, RuleViolation
from ..extract import Elements, UnsupportedFile, normalise_doc_number
from ..models import Document, DocumentVersion, Finding, Interpretation, ReasonCode, User
from ..storage import Store
from .common import facts_for, file_referenced, guard, snapshot

MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
DECLARATION_FIELDS = ("title", "doc_number", "attribute", "reason_code", "reason_text", "upstream_number",
                      "upstream_attribute", "is_forwarding", "is_policy", "co_issuers")


@dataclass
class Declaration:
    """What the drafter states about the document (the form, as plain data)."""

    title: str
    doc_number: str | None
    attribute: Attribute | None
    reason_code: str | None
    reason_text: str
    upstream_number: str | None
    upstream_attribute: Attribute | None
    is_forwarding: bool
    is_policy: bool
    co_issuers: str

    @classmethod
    def of(cls, doc: Document, **changes) -> Declaration:
        """The document's current declaration, with ``changes`` applied."""
        values = {name: getattr(doc, name) for name in DECLARATION_FIELDS}
        values.update(changes)
        return cls(**values)


def _filename(name: str) -> str:
    """The base name only (browsers may send a path), printable characters only (a name is sent back
    in a Content-Disposition header, where a line break is refused), bounded in length."""
    printable = "".join(ch for ch in name if ch.isprintable())
    base = PurePath(printable.replace("\\", "/")).name.strip() or "未命名"
    return base[-200:]


def read_upload(data: bytes) -> tuple[str, Elements]:
    """Recognise and parse an upload by its content; refuse anything else in Chinese."""
    try:
        return sandbox.extract(data)  # in a child process with memory, CPU and time limits
    except UnsupportedFile as exc:
        raise Refusal(exc.message) from exc


def _store(session: Session, store: Store, data: bytes) -> str:
    sha, created = store.put(data)
    if created:
        store.track(session, sha, file_referenced(session))
    return sha


def new_version(session: Session, store: Store, actor: User, doc: Document, data: bytes,
                 filename: str) -> DocumentVersion:
    kind, elements = read_upload(data)
    version = DocumentVersion(
        document=doc, number=doc.version_count + 1, sha256=_store(session, store, data), size=len(data),
        media_type=MEDIA_TYPES[kind], original_filename=_filename(filename), uploaded_by_id=actor.id,
        page_count=elements.pages, text=elements.text,
        elements={**elements.as_json(_filename(filename)), "recipients": elements.recipients},
    )
    doc.version_count += 1
    session.add(version)
    return version


def create_document(session: Session, store: Store, actor: User, data: bytes, filename: str) -> Document:
    """A new draft from an uploaded file, its declaration pre-filled from the parsed elements."""
    if actor.role is not Role.DRAFTER or actor.section_id is None:
        raise Forbidden("只有所属科室的拟稿人可以新建拟发文件。")
    doc = Document(section_id=actor.section_id, drafter_id=actor.id, state=DocState.DRAFT, version_count=0)
    session.add(doc)
    version = new_version(session, store, actor, doc, data, filename)
    parsed = version.elements
    doc.title = (parsed.get("title") or PurePath(version.original_filename).stem)[:300]
    doc.doc_number = parsed.get("doc_number")
    doc.attribute = Attribute(parsed["marking"]) if parsed.get("marking") else None
    # The upstream is never the document's own number (printed under the title, it is no citation).
    upstream = [n for n in parsed.get("upstream_numbers") or [] if n != doc.doc_number]
    doc.upstream_number = upstream[0] if upstream else None
    doc.is_forwarding = "转发" in doc.title
    doc.co_issuers = "\n".join(parsed.get("co_issuers") or [])  # the joint-issuance rule reads them
    session.flush()
    audit.append(session, actor_id=actor.id, action="document.create", document_id=doc.id,
                 after={"version": version.number, "sha256": version.sha256, "file": version.original_filename,
                        **snapshot(doc, *DECLARATION_FIELDS)})
    return doc


def add_version(session: Session, store: Store, actor: User, doc: Document, data: bytes, filename: str,
                expected_lock: int | None, action: str = "edit") -> DocumentVersion:
    """A revised file: a new immutable version; earlier versions stay.

    ``action`` is "edit" for the drafter's revision, "correct_file" for the office's corrected
    file of an approved document (e.g. the 附注 reprinted to match the decided attribute).
    """
    guard(actor, doc, action, expected_lock)
    version = new_version(session, store, actor, doc, data, filename)
    session.flush()
    if action == "correct_file":
        # The office's corrected file is what will go out: the rules run on it, not on the approved one.
        found = rules.findings(facts_for(session, doc), rules.APPROVE)
        if rules.blocking(found):
            raise RuleViolation("更正版本存在以下问题，未上传。", rules.blocking(found))
        record_findings(session, doc, found)
    audit.append(session, actor_id=actor.id,
                 action="document.add_version" if action == "edit" else "document.correct_file",
                 document_id=doc.id,
                 after={"version": version.number, "sha256": version.sha256, "file": version.original_filename})
    return version


def declare(session: Session, actor: User, doc: Document, decl: Declaration, expected_lock: int | None) -> None:
    """Save the declaration (a draft may be incomplete; submission checks it)."""
    guard(actor, doc, "edit", expected_lock)
    if decl.reason_code is not None:
        reason = session.get(ReasonCode, decl.reason_code)
        if reason is None or not reason.active:
            raise Refusal("所选不公开理由不存在或已停用。")
    if not decl.title.strip():
        raise Refusal("请填写标题。")
    before = snapshot(doc, *DECLARATION_FIELDS)
    doc.title = decl.title.strip()[:300]
    doc.doc_number = normalise_doc_number(decl.doc_number) if decl.doc_number else None
    doc.attribute = decl.attribute
    # An active document has no reason code: keep the ledger of restricted reasons clean.
    doc.reason_code = decl.reason_code if decl.attribute and decl.attribute.restricted else None
    doc.reason_text = decl.reason_text.strip()
    doc.upstream_number = normalise_doc_number(decl.upstream_number) if decl.upstream_number else None
    doc.upstream_attribute = decl.upstream_attribute
    doc.is_forwarding = decl.is_forwarding
    doc.is_policy = decl.is_policy
    doc.co_issuers = decl.co_issuers.strip()
    after = snapshot(doc, *DECLARATION_FIELDS)
    changed = [k for k in DECLARATION_FIELDS if before[k] != after[k]]
    session.flush()
    if changed:
        audit.append(session, actor_id=actor.id, action="document.declare", document_id=doc.id,
                     before={k: before[k] for k in changed}, after={k: after[k] for k in changed})


def attach_interpretation(session: Session, store: Store, actor: User, doc: Document, data: bytes,
                          filename: str, expected_lock: int | None, *, now: dt.datetime) -> Interpretation:
    """政策解读 material (docx or pdf), kept beside the document."""
    guard(actor, doc, "edit", expected_lock)
    kind, _ = read_upload(data)
    item = Interpretation(document=doc, sha256=_store(session, store, data), size=len(data),
                          media_type=MEDIA_TYPES[kind], original_filename=_filename(filename),
                          uploaded_by_id=actor.id)
    session.add(item)
    doc.updated_at = clock.stored(now)  # bumps lock_version: a form rendered before the upload is stale
    session.flush()
    audit.append(session, actor_id=actor.id, action="document.attach_interpretation", document_id=doc.id,
                 after={"sha256": item.sha256, "file": item.original_filename})
    return item


def record_findings(session: Session, doc: Document, found: list[rules.Finding]) -> None:
    """Replace the current version's findings with ``found`` and keep the queue flags in step."""
    version = doc.current_version
    for old in list(version.findings):
        session.delete(old)
    version.findings = [Finding(code=f.code, severity=f.severity, message=f.message, source=f.source)
                        for f in found]
    doc.has_block = any(f.blocks for f in found)
    doc.has_warn = any(f.severity is Severity.WARN for f in found)


def submit(session: Session, actor: User, doc: Document, expected_lock: int | None, *,
           now: dt.datetime) -> list[rules.Finding]:
    """Run the findings engine; refuse while a `block` finding stands, else route the document."""
    guard(actor, doc, "submit", expected_lock)
    if doc.current_version is None:
        raise Refusal("请先上传文件。")
    found = rules.findings(facts_for(session, doc), rules.SUBMIT)
    if rules.blocking_submission(found):
        raise RuleViolation("存在必须纠正的问题，未提交。", found)
    before = doc.state
    record_findings(session, doc, found)
    doc.state = workflow.submit_target(doc.section.requires_head_review)
    doc.submitted_at = clock.stored(now)
    session.flush()
    audit.append(session, actor_id=actor.id, action="document.submit", document_id=doc.id,
                 before={"state": before}, after={"state": doc.state},
                 version=doc.current_version.number, findings=[f.code for f in found])
    return found


