"""Replay each document's audit events and compare with what the database now says: a state,
attribute or file changed behind the operations' back (e.g. `UPDATE document SET attribute='active'`)
has no event to explain it, and verify reports it.

The replay is generic, so new operations need no entry here as long as their events say what they
changed the way existing ones do: ``after.state`` for a new state; ``after.attribute`` or a top-level
``attribute`` for a new attribute; ``after.version`` + ``after.sha256`` for a new file version;
``after.sha256`` on document.attach_interpretation for interpretation material.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .models import AuditEvent, Document, DocumentVersion, Interpretation

#: Events that state a new attribute only as a proposal (the document keeps its attribute until accepted).
_PROPOSALS = frozenset({"document.change_attribute"})


@dataclass
class Expected:
    state: str | None = None
    attribute: str | None = None
    attribute_known: bool = False
    versions: dict[int, str] = field(default_factory=dict)
    interpretations: Counter = field(default_factory=Counter)


@dataclass
class StateReport:
    checked: int = 0
    problems: list[str] = field(default_factory=list)


def _replay(expected: Expected, action: str, detail: dict) -> None:
    after = detail.get("after") or {}
    if "state" in after:
        expected.state = after["state"]
    elif action == "document.create":
        expected.state = "draft"
    if action not in _PROPOSALS:
        if "attribute" in after:
            expected.attribute, expected.attribute_known = after["attribute"], True
        elif "attribute" in detail:
            expected.attribute, expected.attribute_known = detail["attribute"], True
    if "version" in after and "sha256" in after:
        expected.versions[int(after["version"])] = after["sha256"]
    elif action == "document.attach_interpretation" and "sha256" in after:
        expected.interpretations[after["sha256"]] += 1


def check_documents(session: Session, batch: int = 5000) -> StateReport:
    report = StateReport()
    expected: dict[int, Expected] = {}
    last_id = 0
    while True:
        rows = session.execute(
            sa.select(AuditEvent.id, AuditEvent.document_id, AuditEvent.action, AuditEvent.detail)
            .where(AuditEvent.id > last_id, AuditEvent.document_id.is_not(None), AuditEvent.action.like("document.%"))
            .order_by(AuditEvent.id).limit(batch)
        ).all()
        if not rows:
            break
        for event_id, doc_id, action, detail in rows:
            _replay(expected.setdefault(doc_id, Expected()), action, detail or {})
            last_id = event_id
    versions: dict[int, dict[int, str]] = {}
    for doc_id, number, sha in session.execute(
            sa.select(DocumentVersion.document_id, DocumentVersion.number, DocumentVersion.sha256)):
        versions.setdefault(doc_id, {})[number] = sha
    interpretations: dict[int, Counter] = {}
    for doc_id, sha in session.execute(sa.select(Interpretation.document_id, Interpretation.sha256)):
        interpretations.setdefault(doc_id, Counter())[sha] += 1
    for doc_id, state, attribute in session.execute(sa.select(Document.id, Document.state, Document.attribute)):
        report.checked += 1
        want = expected.get(doc_id)
        if want is None:
            report.problems.append(f"文件 #{doc_id} 没有任何操作日志记录（未经系统操作写入数据库）")
            continue
        state_value = state.value if state is not None else None
        attribute_value = attribute.value if attribute is not None else None
        if want.state is not None and state_value != want.state:
            report.problems.append(f"文件 #{doc_id} 的状态为“{state_value}”，操作日志记载应为“{want.state}”")
        if want.attribute_known and attribute_value != want.attribute:
            report.problems.append(
                f"文件 #{doc_id} 的公开属性为“{attribute_value}”，操作日志记载应为“{want.attribute}”")
        if versions.get(doc_id, {}) != want.versions:
            report.problems.append(f"文件 #{doc_id} 的版本文件与操作日志记载不符")
        if interpretations.get(doc_id, Counter()) != want.interpretations:
            report.problems.append(f"文件 #{doc_id} 的政策解读材料与操作日志记载不符")
    return report
