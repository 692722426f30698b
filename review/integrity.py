"""Whole-system checks and repairs run from the command line: `storage gc` and `verify`.

gc removes what a killed process left in UPLOAD_DIR (files no row names, partial `.tmp-` files),
never a file a row points to and never one younger than the grace period (an upload in flight).
verify re-hashes every stored file, matches rows and files both ways and checks the audit trail.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from . import audit, audit_state
from .models import DocumentVersion, Interpretation
from .storage import Store, file_sha256, stored_files

GRACE = dt.timedelta(hours=1)


def referenced(session: Session) -> set[str]:
    """Every SHA-256 a row names."""
    names: set[str] = set()
    for model in (DocumentVersion, Interpretation):
        names.update(session.scalars(sa.select(model.sha256).distinct()))
    return names


@dataclass
class GcReport:
    removed_orphans: list[str] = field(default_factory=list)
    removed_partial: list[str] = field(default_factory=list)
    kept_young: int = 0
    kept_unknown: list[str] = field(default_factory=list)


def gc(session: Session, store: Store, now: dt.datetime, grace: dt.timedelta = GRACE,
       dry_run: bool = False) -> GcReport:
    """Remove orphaned files and partial writes older than ``grace``. Safe to run twice or concurrently
    with uploads: a file is judged against the rows committed when the check ran, and young files stay."""
    report = GcReport()
    cutoff = now.timestamp() - grace.total_seconds()
    candidates = []
    for path, sha in stored_files(store):
        if path.is_dir():
            report.kept_unknown.append(str(path))
            continue
        if path.stat().st_mtime > cutoff:
            report.kept_young += 1
            continue
        if sha is None:
            if path.name.startswith(".tmp-"):
                report.removed_partial.append(str(path))
                if not dry_run:
                    path.unlink(missing_ok=True)
            else:
                report.kept_unknown.append(str(path))
            continue
        candidates.append((path, sha))
    names = referenced(session)  # read after listing: a row committed meanwhile still protects its file
    for path, sha in candidates:
        if sha not in names:
            report.removed_orphans.append(sha)
            if not dry_run:
                path.unlink(missing_ok=True)
    return report


@dataclass
class VerifyReport:
    files_checked: int = 0
    rows_checked: int = 0
    events_checked: int = 0
    documents_checked: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(session: Session, store: Store, anchor_path=None, key: bytes | None = None) -> VerifyReport:
    """Every row's file exists and hashes to its name; every file has a row; the audit chain holds
    (keyed, complete up to its anchor) and every document is what its events say it is."""
    report = VerifyReport()
    names: dict[str, int] = {}
    for model in (DocumentVersion, Interpretation):
        for row_id, sha in session.execute(sa.select(model.id, model.sha256)):
            report.rows_checked += 1
            names.setdefault(sha, 0)
            names[sha] += 1
            path = store.path_for(sha)
            if not path.is_file():
                report.problems.append(f"文件缺失：{model.__tablename__} #{row_id} 指向的 {sha} 不存在")
    seen: set[str] = set()
    for path, sha in stored_files(store):
        if sha is None:
            report.problems.append(f"存储目录中有无法识别的文件：{path}")
            continue
        report.files_checked += 1
        seen.add(sha)
        if file_sha256(path) != sha:
            report.problems.append(f"文件内容与其 SHA-256 不符（已被改动）：{sha}")
        if sha not in names:
            report.problems.append(f"孤立文件（无记录指向）：{sha}，可运行 storage gc 清理")
    chain = audit.verify(session, key=key)
    report.events_checked = chain.checked
    if not chain.ok:
        report.problems.append(f"操作日志在第 {chain.broken_at} 号记录处断裂：{chain.reason}")
    anchored = audit.check_anchor(session, anchor_path, key=key)
    if anchored:
        report.problems.append(anchored)
    states = audit_state.check_documents(session)
    report.documents_checked = states.checked
    report.problems.extend(states.problems)
    return report
