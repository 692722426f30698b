"""Test databases: one migrated template per run, a fresh copy per test.

``TEST_DATABASE_URL`` switches the backend: unset → a SQLite file per test; a PostgreSQL URL (of a
server the test command started) → a database per test cloned from a migrated template.
"""
from __future__ import annotations

import itertools
import os
import shutil
import uuid
from pathlib import Path

import sqlalchemy as sa

from review import create_app


def backend_url() -> str | None:
    return os.environ.get("TEST_DATABASE_URL") or None


def migrate(url: str, tmp: Path) -> None:
    """Create the schema exactly as production does: `flask db upgrade`."""
    from flask_migrate import upgrade

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "t", "UPLOAD_DIR": str(tmp / "u"),
                      "INSTANCE_PATH": str(tmp / "instance")})
    with app.app_context():
        upgrade()
        from review.extensions import db

        db.engine.dispose()


class SqliteDatabases:
    def __init__(self, tmp: Path):
        self.template = tmp / "template.sqlite"
        migrate(f"sqlite:///{self.template}", tmp)
        self.counter = itertools.count()

    def fresh(self, tmp: Path) -> str:
        path = tmp / f"test-{next(self.counter)}.sqlite"
        shutil.copyfile(self.template, path)
        return f"sqlite:///{path}"

    def drop(self, url: str) -> None:
        pass

    def empty(self, tmp: Path) -> str:
        return f"sqlite:///{tmp / f'empty-{uuid.uuid4().hex}.sqlite'}"

    def close(self) -> None:
        pass


class PostgresDatabases:
    def __init__(self, url: str, tmp: Path):
        self.base = sa.engine.make_url(url)
        if self.base.drivername in ("postgresql", "postgres"):
            self.base = self.base.set(drivername="postgresql+psycopg")
        self.admin = sa.create_engine(self.base, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        self.prefix = f"rt_{uuid.uuid4().hex[:8]}"
        self.template = f"{self.prefix}_tmpl"
        self._exec(f'CREATE DATABASE "{self.template}"')
        migrate(self._url(self.template), tmp)
        self.counter = itertools.count()
        self.created: list[str] = [self.template]

    def _exec(self, sql: str) -> None:
        with self.admin.connect() as conn:
            conn.execute(sa.text(sql))

    def _url(self, name: str) -> str:
        return self.base.set(database=name).render_as_string(hide_password=False)

    def fresh(self, tmp: Path) -> str:
        name = f"{self.prefix}_{next(self.counter)}"
        self._exec(f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        self.created.append(name)
        return self._url(name)

    def empty(self, tmp: Path) -> str:
        name = f"{self.prefix}_e{next(self.counter)}"
        self._exec(f'CREATE DATABASE "{name}"')
        self.created.append(name)
        return self._url(name)

    def drop(self, url: str) -> None:
        name = sa.engine.make_url(url).database
        self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.created.remove(name)

    def close(self) -> None:
        for name in list(self.created):
            self._exec(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.admin.dispose()


def databases(tmp: Path):
    url = backend_url()
    return PostgresDatabases(url, tmp) if url else SqliteDatabases(tmp)
