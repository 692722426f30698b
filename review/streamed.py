"""Every row of a large read-only query, with only a batch of them in memory at a time.

On PostgreSQL through psycopg with libpq 17 or later the query runs as an ordinary one and its rows
arrive in chunks (libpq's chunked row mode, psycopg's ``Cursor.stream(size=)``): the server plans it
for all its rows (a sequential scan and a sort, with parallel workers) and produces them while the
client works on the previous chunk. A server-side cursor, SQLAlchemy's ``yield_per`` there, is planned
without parallel workers and read in round trips: the 台账 of a million documents (380,000 rows)
took 7.8 s that way against 2.4 s in chunks (bench/audit.py). Elsewhere (SQLite, an older libpq):
``yield_per``, PostgreSQL's cursor planned for every row."""
from __future__ import annotations

import enum
from collections.abc import Iterator

import sqlalchemy as sa
from sqlalchemy.orm import Session

BATCH = 5000


def chunked_rows_supported(connection: sa.Connection) -> bool:
    if connection.dialect.name != "postgresql" or connection.dialect.driver != "psycopg":
        return False
    import psycopg

    return psycopg.capabilities.has_stream_chunked()


def rows(session: Session, query: sa.Select, size: int = BATCH) -> Iterator[tuple]:
    """The rows of ``query`` as plain tuples of the driver's values (columns of an enum type come as
    their stored value: select them with ``sa.type_coerce(column, sa.String)`` to say so), in the
    session's transaction."""
    connection = session.connection()
    if not chunked_rows_supported(connection):
        if connection.dialect.name == "postgresql":
            # yield_per reads through a server-side cursor, which PostgreSQL plans for its first tenth
            # of rows (an index walk with a heap visit per row): plan it for all of them.
            connection.exec_driver_sql("SET LOCAL cursor_tuple_fraction = 1.0")
        yield from (tuple(row) for row in connection.execute(query.execution_options(yield_per=size)))
        return
    compiled = query.compile(dialect=connection.dialect, compile_kwargs={"render_postcompile": True})
    # Bound values as the driver takes them: enums by value, as review.models' enum_column stores them.
    params = {name: value.value if isinstance(value, enum.Enum) else value for name, value in compiled.params.items()}
    with connection.connection.driver_connection.cursor() as cursor:
        yield from cursor.stream(str(compiled), params, size=size)
