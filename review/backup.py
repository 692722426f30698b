"""Backup and restore of a whole instance: the database (SQLite online backup API, or pg_dump), the
stored files the backed-up rows name, and the audit anchor — consistent while the app is serving.

Order matters: the anchor is copied first (it may only lag the database copy, never lead it), then the
database, then exactly the files the database copy names (files are content-addressed and never
overwritten, so copying them after the snapshot is safe).
"""
from __future__ import annotations

import datetime as dt
import glob
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from .errors import Refusal
from .storage import Store, file_sha256

MANIFEST = "manifest.json"


@dataclass
class BackupReport:
    files: int
    database: str


def _sqlite_path(url: str) -> Path | None:
    parsed = sa.engine.make_url(url)
    return Path(parsed.database) if parsed.get_backend_name() == "sqlite" and parsed.database else None


def _pg_tool(name: str) -> str:
    found = shutil.which(name) or next(iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)),
                                       None)
    if not found:
        raise Refusal(f"找不到 {name}，请安装 PostgreSQL 客户端工具后重试。")
    return found


def _pg_url(url: str) -> str:
    return sa.engine.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _shas_in(sqlite_file: Path | None, engine_url: str | None) -> set[str]:
    """The SHA-256 names the backed-up rows point to (read from the copy, not the live database)."""
    query = "SELECT sha256 FROM document_version UNION SELECT sha256 FROM interpretation"
    if sqlite_file is not None:
        with sqlite3.connect(sqlite_file) as conn:
            return {row[0] for row in conn.execute(query)}
    engine = sa.create_engine(engine_url, poolclass=sa.pool.NullPool)
    try:
        with engine.connect() as conn:
            return set(conn.scalars(sa.text(query)))
    finally:
        engine.dispose()


def backup(database_url: str, store: Store, anchor: Path | None, dest: Path, now: dt.datetime) -> BackupReport:
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise Refusal(f"备份目录 {dest} 不是空目录，请指定新的目录。")
    dest.mkdir(mode=0o700, parents=True, exist_ok=True)
    if anchor is not None and anchor.exists():
        shutil.copyfile(anchor, dest / "audit_anchor.json")
    source = _sqlite_path(database_url)
    if source is not None:
        target = dest / "review.sqlite"
        src, dst = sqlite3.connect(source), sqlite3.connect(target)
        try:
            src.backup(dst)  # a consistent snapshot while others keep writing
        finally:
            src.close()
            dst.close()
        shas, kind = _shas_in(target, None), "sqlite"
    else:
        url = _pg_url(database_url)
        # pg_dump takes one transaction-consistent snapshot; the file names are read back from the dump.
        subprocess.run([_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={dest / 'review.dump'}",
                        url], check=True, capture_output=True)
        shas, kind = _pg_dump_shas(dest / "review.dump"), "postgresql"
    files = dest / "uploads"
    copy = Store(files)
    for sha in sorted(shas):
        target = copy.path_for(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(store.path_for(sha), target)
        if file_sha256(target) != sha:
            raise Refusal(f"备份时发现存储文件 {sha} 已损坏，备份中止。")
    (dest / MANIFEST).write_text(json.dumps({"database": kind, "files": len(shas), "created_at": now.isoformat()},
                                            ensure_ascii=False))
    return BackupReport(len(shas), kind)


def _pg_dump_shas(dump: Path) -> set[str]:
    """File names from the dump itself: the data of the two file tables, as pg_restore prints it."""
    shas = set()
    for table in ("document_version", "interpretation"):
        out = subprocess.run([_pg_tool("pg_restore"), "--data-only", f"--table={table}", "--file=-", str(dump)],
                             check=True, capture_output=True, text=True).stdout
        shas.update(word for word in out.split() if len(word) == 64 and all(c in "0123456789abcdef" for c in word))
    return shas


def restore(src: Path, database_url: str, store: Store, anchor: Path | None) -> BackupReport:
    src = Path(src)
    try:
        manifest = json.loads((src / MANIFEST).read_text())
    except (FileNotFoundError, ValueError):
        raise Refusal(f"{src} 不是完整的备份（缺少 {MANIFEST}）。") from None
    if store.root.exists() and any(p.is_file() for p in store.root.rglob("*")):
        raise Refusal("目标实例的文件存储目录不是空的：只能恢复到空实例。")
    target = _sqlite_path(database_url)
    if manifest["database"] == "sqlite":
        if target is None:
            raise Refusal("该备份来自 SQLite，目标实例也须使用 SQLite。")
        if target.exists() and target.stat().st_size > 0:
            with sqlite3.connect(target) as conn:
                if conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]:
                    raise Refusal("目标数据库不是空的：只能恢复到空实例。")
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        src_conn, dst_conn = sqlite3.connect(src / "review.sqlite"), sqlite3.connect(target)
        try:
            src_conn.backup(dst_conn)
        finally:
            src_conn.close()
            dst_conn.close()
        os.chmod(target, 0o600)
    else:
        if target is not None:
            raise Refusal("该备份来自 PostgreSQL，目标实例也须使用 PostgreSQL。")
        engine = sa.create_engine(database_url, poolclass=sa.pool.NullPool)
        try:
            if sa.inspect(engine).get_table_names():
                raise Refusal("目标数据库不是空的：只能恢复到空实例。")
        finally:
            engine.dispose()
        subprocess.run([_pg_tool("pg_restore"), "--no-owner", f"--dbname={_pg_url(database_url)}",
                        str(src / "review.dump")], check=True, capture_output=True)
    copied = 0
    for path in sorted((src / "uploads").rglob("*")):
        if path.is_file():
            dest = store.path_for(path.name)
            dest.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            shutil.copyfile(path, dest)
            os.chmod(dest, 0o440)
            copied += 1
    if anchor is not None and (src / "audit_anchor.json").exists():
        anchor.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src / "audit_anchor.json", anchor)
    return BackupReport(copied, manifest["database"])
