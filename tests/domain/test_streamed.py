"""streamed.rows reads a large query a chunk at a time: the same rows, in the same order, as reading it
whole, on SQLite and PostgreSQL (libpq's chunked rows where psycopg offers them, else a cursor)."""
from __future__ import annotations

import datetime as dt

import pytest

from review import reports, streamed
from tests import audit_data

YEAR = 2025


@pytest.fixture
def archive(session):
    return audit_data.build(session, documents=400, requests=0)


@pytest.mark.parametrize("size", [1, 7, streamed.BATCH])
def test_rows_come_in_chunks_as_the_whole_query_returns_them(session, archive, size):
    query = reports.ledger_select(YEAR, raw_attribute=True)
    whole = [tuple(row) for row in session.execute(query)]
    got = list(streamed.rows(session, query, size=size))
    assert len(whole) == reports.ledger_count(session, YEAR) > 50
    assert got == whole
    assert all(isinstance(row[4], dt.date) and row[5] in ("on_request", "non_disclosable") for row in got)


def test_a_section_s_rows_are_bound_like_the_query_s(session, archive):
    section_id = next(iter(archive.sections))
    query = reports.ledger_select(YEAR, section_id, raw_attribute=True)
    got = list(streamed.rows(session, query, size=5))
    assert got == [tuple(row) for row in session.execute(query)]
    assert {row[3] for row in got} == {archive.sections[section_id]}


def test_the_session_goes_on_after_a_stream(session, archive):
    rows = streamed.rows(session, reports.ledger_select(YEAR, raw_attribute=True), size=3)
    next(rows)
    rows.close()  # abandoned after the first chunk
    assert reports.ledger_count(session, YEAR) > 0
