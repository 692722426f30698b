"""Column helpers shared by the model modules."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa


def utcnow() -> dt.datetime:
    """Naive UTC (stored the same way on SQLite and PostgreSQL, so hashes over it are stable)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def enum_column(enum_cls, **kw) -> sa.Enum:
    """Store an enum by its value, as a plain VARCHAR + CHECK (portable, readable in SQL)."""
    return sa.Enum(
        enum_cls,
        values_callable=lambda e: [m.value for m in e],
        native_enum=False,
        create_constraint=kw.pop("create_constraint", True),
        length=32,
        name=kw.pop("name", enum_cls.__name__.lower()),
        validate_strings=True,
        **kw,
    )
