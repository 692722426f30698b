"""List pages cost a fixed number of SQL statements, however long the document's history."""
from __future__ import annotations

import pytest

from review import operations
from review.enums import Role
from review.extensions import db
from review.models import Section, User
from tests.conftest import corpus_bytes
from tests.domain.flow import NOW, Office


def statements_for(client, count_queries, url: str) -> int:
    client.get(url)  # warm the template cache
    # Test-client requests share the test's app context, hence its session: start the counted request
    # from an empty identity map, as a real request does, so lazy loads cannot hide.
    db.session.remove()
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def revise(office, session, store, doc, times: int) -> None:
    """Return and resubmit ``times`` times, each round by different people (new actors in the history)."""
    for n in range(times):
        reviewer = office.reviewer if n % 2 else office.reviewer2
        operations.return_for_revision(session, reviewer, doc, doc.lock_version, f"第{n + 1}次退回修改意见")
        operations.add_version(session, store, office.drafter, doc, corpus_bytes("seed-000.pdf"), f"v{n}.pdf",
                               doc.lock_version)
        operations.submit(session, office.drafter, doc, doc.lock_version, now=NOW)
    session.commit()


def test_document_page_statements_do_not_grow_with_history(office, session, store, login, count_queries):
    short, long_ = office.submitted(), office.submitted()
    revise(office, session, store, short, 1)  # every list on the page has at least one row
    revise(office, session, store, long_, 4)
    urls = [f"/documents/{short.id}", f"/documents/{long_.id}"]
    client = login(office.reviewer)
    assert statements_for(client, count_queries, urls[0]) == statements_for(client, count_queries, urls[1])


def test_inbox_and_section_list_statements_do_not_grow(office, session, store, make_user, login, count_queries):
    section_id, drafter_id = office.section.id, office.drafter.id
    client = login(office.reviewer)
    office.submitted()
    few = statements_for(client, count_queries, "/inbox")
    for _ in range(4):  # documents from other sections and drafters
        other = make_user(Role.DRAFTER)
        doc = operations.create_document(session, store, other, corpus_bytes("seed-000.docx"), "x.docx")
        operations.submit(session, other, doc, doc.lock_version, now=NOW)
    session.commit()
    assert statements_for(client, count_queries, "/inbox") == few

    drafter_client = login(session.get(User, drafter_id))
    one = statements_for(drafter_client, count_queries, "/documents/")
    for _ in range(3):
        colleague = make_user(Role.DRAFTER, session.get(Section, section_id))
        operations.create_document(session, store, colleague, corpus_bytes("seed-000.docx"), "y.docx")
    session.commit()
    assert statements_for(drafter_client, count_queries, "/documents/") == one
