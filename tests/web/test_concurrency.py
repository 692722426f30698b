"""Concurrent requests: two reviewers deciding at once, several documents issued at once."""
from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from review.enums import DocState
from review.models import Decision, Document, IssuedNumber
from tests.conftest import PASSWORD
from tests.domain.flow import PRINTED_STANDS, Office


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def logged_in(app, user):
    client = app.test_client()
    assert client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def at_once(calls):
    """Run the calls in threads released together; return their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        barrier.wait()
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


def test_two_reviewers_deciding_at_once_cannot_both_succeed(app, session, office):
    doc = office.submitted()
    lock, warnings = doc.lock_version, office.warnings(doc)
    first, second = logged_in(app, office.reviewer), logged_in(app, office.reviewer2)
    url = f"/documents/{doc.id}/decide"
    approve = {"lock": lock, "acknowledged": list(warnings)}
    back = {"lock": lock, "comment": "请修改后重新提交"}
    responses = at_once([lambda: first.post(f"{url}/approve", data=approve),
                         lambda: second.post(f"{url}/return", data=back)])
    statuses = sorted(r.status_code for r in responses)
    assert statuses == [302, 409], statuses
    loser = next(r for r in responses if r.status_code == 409)
    assert "已被他人更新" in loser.get_data(as_text=True)
    session.rollback()  # end the test's own read transaction to see the committed result
    assert session.scalar(sa.select(sa.func.count(Decision.id)).where(Decision.document_id == doc.id)) == 1
    assert session.get(Document, doc.id).state in (DocState.APPROVED, DocState.RETURNED)


def test_concurrent_issuance_gives_distinct_numbers(app, session, office):
    docs = [office.signed() for _ in range(4)]
    clients = [logged_in(app, office.reviewer) for _ in docs]
    posts = [(f"/documents/{d.id}/decide/issue",
              {"lock": d.lock_version, "prefix_id": office.prefix.id, "signed_on": "2026-11-20",
               "explanation": PRINTED_STANDS}) for d in docs]
    ids = [d.id for d in docs]
    calls = [lambda c=c, p=p: c.post(p[0], data=p[1]) for c, p in zip(clients, posts, strict=True)]
    responses = at_once(calls)
    assert [r.status_code for r in responses] == [302] * 4
    session.rollback()  # end the test's own read transaction to see the committed result
    numbers = sorted(session.scalars(sa.select(Document.doc_number).where(Document.id.in_(ids))))
    assert numbers == sorted(f"青卫发〔2026〕{n}号" for n in range(1, 5))
    assert session.scalar(sa.select(sa.func.count(IssuedNumber.id))) == 4
