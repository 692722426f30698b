"""The re-review reads the request registry (条例 第四十四条): three different requesters of a restricted
document open a task, and an unanswered request blocks the decision (DESIGN §6)."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from review import jobs
from review.enums import Attribute, Role
from review.errors import Refusal
from review.models import Outcome, ReReview
from review.operations import requests as req_ops
from review.operations import rereview as rr
from review.request_enums import Channel, RequesterType
from tests.domain.flow import Office
from tests.domain.rereview_flow import office_now, open_tasks, run_job


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def ask(session, officer, doc, name: str, received_on: dt.date):
    return req_ops.register(session, officer, req_ops.Registration(
        requester_name=name, requester_type=RequesterType.NATURAL_PERSON, channel=Channel.ONLINE,
        received_on=received_on, text=f"申请公开{doc.doc_number}", cited=[doc.doc_number]), office_now())


def test_three_requesters_open_a_task_and_an_open_request_blocks_the_decision(session, office, make_user):
    doc = office.issued(Attribute.NON_DISCLOSABLE)
    officer = make_user(Role.REQUEST_OFFICER)
    today = office_now().date()
    for name in ("张某", "李某"):
        ask(session, officer, doc, name, today - dt.timedelta(days=10))
    session.commit()
    assert jobs.unanswered_request_count(session, doc.id) == 2
    assert run_job(session, today).total == 0  # two requesters: below the threshold of three
    ask(session, officer, doc, "王某", today - dt.timedelta(days=3))
    session.commit()
    report = run_job(session, today)
    assert report.summary() == "opened 1 (due 0, upstream 0, requests 1, sweep 0); already open 0"
    assert open_tasks(session) == {doc.id: "requests"}
    task = session.scalar(sa.select(ReReview).where(ReReview.open_document_id == doc.id))
    with pytest.raises(Refusal, match="尚未答复"):
        rr.decide(session, office.reviewer, task, task.lock_version, Outcome.ACTIVE, None,
                  "多人申请，理由已消失，依法主动公开。", None, office_now())
    session.rollback()
    assert session.get(ReReview, task.id).open_document_id == doc.id
