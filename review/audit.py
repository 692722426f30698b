"""Append audit events to the hash chain, and verify the chain.

Each event's hash covers the previous event's hash and its own content, so editing, deleting or
reordering a stored event breaks every later link. ``prev_hash`` is unique: two concurrent
writers cannot both append after the same event.

The hash is an HMAC keyed with a secret kept outside the database (AUDIT_KEY, else derived from
SECRET_KEY), so someone who can write the database cannot rewrite the chain with the published
function. After every commit that appended events, the head (id and hash) is written to an anchor
file outside the database; verify compares against it, so deleting the last events is caught too.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import weakref
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .actions import event_labels
from .models import AuditEvent

try:
    import fcntl
except ImportError:  # Windows: one server process (waitress) writes the anchor; no file lock needed
    fcntl = None
from .models._types import utcnow

GENESIS = "0" * 64

#: How each action reads in a document's history: document actions from their registry entry.
ACTION_LABELS = {
    **event_labels(),
    "document.upstream_public": "登记上级文件已公开",
    "rereview.open": "开启定期审查",
    "rereview.ask_opinion": "定期审查：征求起草科室意见",
    "rereview.opinion": "定期审查：起草科室答复意见",
    "rereview.decide": "定期审查决定",
    "user.create": "创建用户",
    "prefix.create": "添加发文字号代字",
    "section.create": "添加科室",
    "section.head_review": "修改科室负责人确认设置",
    "section.signatories": "修改科室指定签发人",
    # Administration in the browser (review/operations/admin.py, review/ledger.py)
    "user.update": "修改用户角色或科室",
    "user.activate": "启用用户",
    "user.deactivate": "停用用户",
    "user.reset_password": "重置用户密码",
    "user.change_password": "修改本人密码",
    "section.update": "修改科室",
    "prefix.update": "修改发文字号代字",
    "reason.create": "添加不公开理由",
    "reason.update": "修改不公开理由",
    "settings.update": "修改办公室设置",
    "document.import": "导入历史文件",
    # Security events (review/operations/accounts.py, review/web/files.py): the auditor's 安全日志.
    "security.login": "登录成功",
    "security.login_failed": "登录失败",
    "security.login_locked": "登录被拒绝（已锁定）",
    "security.logout": "退出登录",
    "user.password": "修改密码",
    "file.open": "打开受限文件",
    "document.set_normative": "标注规范性文件",
}
#: Arbitrary constant naming the PostgreSQL advisory lock that serialises appends.
_CHAIN_LOCK = 7_305_001


@dataclass(frozen=True)
class ChainConfig:
    key: bytes | None
    anchor: Path | None


#: Per database engine (one per app): the chain's key and anchor file, set by create_app.
_CONFIG: weakref.WeakKeyDictionary[Engine, ChainConfig] = weakref.WeakKeyDictionary()


def configure(engine: Engine, key: bytes | None, anchor: str | os.PathLike | None) -> None:
    _CONFIG[engine] = ChainConfig(key, Path(anchor) if anchor else None)


def derive_key(secret: str) -> bytes:
    """The chain key from another secret kept outside the database (SECRET_KEY when no AUDIT_KEY is set)."""
    return hmac.new(secret.encode(), b"review audit chain v1", hashlib.sha256).digest()


def _config(session: Session) -> ChainConfig:
    return _CONFIG.get(session.get_bind(), ChainConfig(None, None))


def event_hash(prev_hash: str, created_at: dt.datetime, actor_id: int | None, action: str,
               document_id: int | None, detail: dict, key: bytes | None = None) -> str:
    payload = json.dumps(
        [prev_hash, created_at.isoformat(timespec="microseconds"), actor_id, action, document_id, detail],
        ensure_ascii=False, sort_keys=True, separators=(",", ":"),
    ).encode()
    if key is None:
        return hashlib.sha256(payload).hexdigest()
    return hmac.new(key, payload, hashlib.sha256).hexdigest()


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
        hash=event_hash(prev, created_at, actor_id, action, document_id, detail, _config(session).key),
    )
    session.add(event)
    session.flush()
    session.info["audit_head"] = (event.id, event.hash, _config(session).anchor)
    return event


@event.listens_for(Session, "after_commit")
def _write_anchor(session: Session) -> None:
    head = session.info.pop("audit_head", None)
    if head is not None and head[2] is not None:
        write_anchor(head[2], head[0], head[1])


@event.listens_for(Session, "after_soft_rollback")
def _forget_head(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:
        session.info.pop("audit_head", None)


def read_anchor(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None


def write_anchor(path: Path, event_id: int, event_hash_: str) -> None:
    """Record the chain's head outside the database; only ever forward (a later id), atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        current = read_anchor(path)
        if current is not None and current.get("id", 0) >= event_id:
            return
        tmp = path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump({"id": event_id, "hash": event_hash_}, fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)


def check_anchor(session: Session, path: str | os.PathLike | None = None, key: bytes | None = None) -> str | None:
    """A problem (Chinese) if the anchored head is missing from the chain or differs; None if it holds."""
    anchor_path = Path(path) if path else _config(session).anchor
    if anchor_path is None:
        return None
    anchor = read_anchor(anchor_path)
    last = session.execute(sa.select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    if anchor is None:
        return "操作日志的锚点文件缺失，无法确认末尾记录是否被删除。" if last is not None else None
    row = session.execute(sa.select(AuditEvent.hash).where(AuditEvent.id == anchor["id"])).first()
    if row is None:
        return f"操作日志末尾的记录被删除：锚点记载第 {anchor['id']} 号记录，数据库中已不存在。"
    if row.hash != anchor["hash"]:
        return f"操作日志第 {anchor['id']} 号记录与锚点记载的哈希不符（记录被改写）。"
    return None


@dataclass
class ChainReport:
    checked: int
    broken_at: int | None  # id of the first event whose link does not hold
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify(session: Session, batch: int = 5000, key: bytes | None = None) -> ChainReport:
    """Recompute every link in id order, streaming in batches (keyed with the app's chain key)."""
    key = key if key is not None else _config(session).key
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
            expected = event_hash(ev.prev_hash, ev.created_at, ev.actor_id, ev.action, ev.document_id, ev.detail,
                                  key)
            if ev.hash != expected:
                return ChainReport(checked, ev.id, "记录内容与其哈希不符（记录被修改）")
            prev, checked, last_id = ev.hash, checked + 1, ev.id
        session.expunge_all()
