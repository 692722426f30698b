"""Connection settings for SQLite, whose Python driver needs help to be transactional.

- Foreign keys are enforced only when asked, per connection.
- pysqlite emits no BEGIN before reads and mishandles SAVEPOINT (releasing the outermost one
  commits), so the driver's own transaction handling is switched off and SQLAlchemy's "begin"
  event emits BEGIN itself (SQLAlchemy docs: "Serializable isolation / Savepoints / Transactional DDL").
- A writing transaction starts with BEGIN IMMEDIATE: it takes the write lock up front, so two
  writers queue (busy_timeout) instead of the later one failing on a stale snapshot. Reading
  requests (GET/HEAD) begin deferred and never block anyone.
"""
from __future__ import annotations

import contextlib
import contextvars
import os
import sqlite3

from flask import Flask, has_request_context, request
from sqlalchemy import event
from sqlalchemy.engine import Engine

_installed = False
_writing: contextvars.ContextVar[bool] = contextvars.ContextVar("writing", default=False)
_reading: contextvars.ContextVar[bool] = contextvars.ContextVar("reading", default=False)
READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@contextlib.contextmanager
def writing():
    """Mark work outside a request (CLI commands, jobs, tests) as a writer."""
    token = _writing.set(True)
    try:
        yield
    finally:
        _writing.reset(token)


@contextlib.contextmanager
def reading():
    """Mark work inside a writing request as a reader (e.g. a slow check before the short write)."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def _is_writer() -> bool:
    if _reading.get():
        return False
    if _writing.get():
        return True
    return has_request_context() and request.method not in READ_METHODS


def _on_connect(dbapi_connection, _record) -> None:
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN (below)
        cursor = dbapi_connection.cursor()
        _private_file(cursor)
        cursor.execute("PRAGMA foreign_keys=ON")
        # WAL lets readers proceed while one writer commits; wait instead of failing at once.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()


def _private_file(cursor) -> None:
    """The database file readable by the service account only (its -wal/-shm files take its mode)."""
    for _seq, name, path in cursor.execute("PRAGMA database_list").fetchall():
        if name == "main" and path and os.path.exists(path) and os.stat(path).st_mode & 0o077:
            os.chmod(path, 0o600)


def _on_begin(conn) -> None:
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN IMMEDIATE" if _is_writer() else "BEGIN")


def install(app: Flask) -> None:
    global _installed
    if not _installed:
        event.listen(Engine, "connect", _on_connect)
        event.listen(Engine, "begin", _on_begin)
        _installed = True
