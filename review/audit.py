"""Append audit events to the hash chain, and verify the chain.

Each event's hash covers the previous event's hash and its own content, so editing, deleting or
reordering a stored event breaks every later link. ``prev_hash`` is unique: two concurrent
writers cannot both append after the same event.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .actions import event_labels
from .models import AuditEvent
from .models._types import utcnow

GENESIS = "0" * 64

#: How each action reads in a document's history: document actions from their registry entry.
ACTION_LABELS = {
    **event_labels(),
    "user.create": "创建用户",
    "prefix.create": "添加发文字号代字",
    "section.create": "添加科室",
    "section.head_review": "修改科室负责人确认设置",
    "section.signatories": "修改科室指定签发人",
    "document.set_normative": "标注规范性文件",
}
#: Arbitrary constant naming the PostgreSQL advisory lock that serialises appends.
_CHAIN_LOCK = 7_305_001


def event_hash(prev_hash: str, created_at: dt.datetime, actor_id: int | None, action: str,
               document_id: int | None, detail: dict) -> str:
    payload = json.dumps(
        [prev_hash, created_at.isoformat(timespec="microseconds"), actor_id, action, document_id, detail],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def jsonable(value):
    """Dates, enums and sets as plain JSON values, so the stored detail hashes the same after reload."""
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, str | int | float | bool) or value is None:
        return value.value if hasattr(value, "value") else value
    return str(value)


def append(session: Session, *, actor_id: int | None, action: str, document_id: int | None = None,
           **detail) -> AuditEvent:
    """Add one event in the caller's transaction and flush; the caller commits."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(sa.text("SELECT pg_advisory_xact_lock(:k)"), {"k": _CHAIN_LOCK})
    prev = session.scalar(sa.select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)) or GENESIS
    created_at = utcnow()
    detail = jsonable(detail)
    event = AuditEvent(
        created_at=created_at, actor_id=actor_id, action=action, document_id=document_id,
        detail=detail, prev_hash=prev,
        hash=event_hash(prev, created_at, actor_id, action, document_id, detail),
    )
    session.add(event)
    session.flush()
    return event


@dataclass
class ChainReport:
    checked: int
    broken_at: int | None  # id of the first event whose link does not hold
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(session: Session, batch: int = 5000) -> ChainReport:
    """Recompute every link in id order, streaming in batches."""
    prev, checked, last_id = GENESIS, 0, 0
    while True:
        rows = session.scalars(
            sa.select(AuditEvent).where(AuditEvent.id > last_id).order_by(AuditEvent.id).limit(batch)
            .options(sa.orm.lazyload(AuditEvent.actor))  # verify never reads the actors
        ).all()
        if not rows:
            return ChainReport(checked, None)
        for ev in rows:
            if ev.prev_hash != prev:
                return ChainReport(checked, ev.id, "与上一条记录的链接不符（记录被删除、插入或重排）")
            expected = event_hash(ev.prev_hash, ev.created_at, ev.actor_id, ev.action, ev.document_id, ev.detail)
            if ev.hash != expected:
                return ChainReport(checked, ev.id, "记录内容与其哈希不符（记录被修改）")
            prev, checked, last_id = ev.hash, checked + 1, ev.id
        session.expunge_all()
