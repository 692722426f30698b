"""A fresh database for one benchmark run, shared by the benchmarks."""
from __future__ import annotations

import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa


@contextmanager
def bench_database(server_url: str | None, prefix: str):
    """Yield (url, temporary folder): a temporary SQLite file, or a new database on the PostgreSQL
    server at ``server_url`` (psycopg 3), dropped afterwards."""
    with tempfile.TemporaryDirectory(prefix=f"{prefix}-bench-") as tmp:
        if not server_url:
            yield f"sqlite:///{Path(tmp) / 'bench.sqlite'}", Path(tmp)
            return
        base = sa.engine.make_url(server_url)
        if base.drivername in ("postgresql", "postgres"):
            base = base.set(drivername="postgresql+psycopg")
        name = f"{prefix}_bench_{uuid.uuid4().hex[:8]}"
        admin = sa.create_engine(base, isolation_level="AUTOCOMMIT", poolclass=sa.pool.NullPool)
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        try:
            yield base.set(database=name).render_as_string(hide_password=False), Path(tmp)
        finally:
            with admin.connect() as conn:
                conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
