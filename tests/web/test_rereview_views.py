"""Re-review over HTTP (DESIGN §6): the queue, the task page, each decision path, the section's
opinion, the guards (separation of duties, open dispute, stale form), inbox and catalogues."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from review.enums import Attribute
from review.models import AttributeDecision, AuditEvent, Decision, DecisionKind, Document, ReReview, TaskState
from review.operations.rereview import public_note
from tests.domain.flow import Office
from tests.domain.rereview_flow import issued_rows, office_now, run_job

A, R, N = Attribute.ACTIVE, Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


@pytest.fixture
def due(office, session):
    """An issued 不予公开 document whose review date has passed, and its task opened by the job."""
    doc = office.issued(N, signed_on=dt.date(2025, 1, 6))
    run_job(session, office_now().date())
    task = session.scalar(sa.select(ReReview).where(ReReview.document_id == doc.id))
    return doc, task


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def post(client, url, **data):
    return client.post(url, data=data)


def fresh(session, model, id_):
    session.rollback()
    return session.get(model, id_)


def test_queue_and_task_page_show_what_the_reviewer_needs(login, office, due):
    doc, task = due
    client = login(office.reviewer)
    queue = page(client, "/rereview/")
    assert f'id="task-{task.id}"' in queue and doc.title in queue and "到期复审" in queue
    assert page(client, "/rereview/?trigger=requests").count('<tr id="task-') == 0
    assert page(client, f"/rereview/?section={office.section.id}&reason=process_info").count('<tr id="task-') == 1
    shown = page(client, f"/rereview/{task.id}")
    assert "到期复审" in shown and "属于四类过程性信息" in shown and doc.reason_text in shown
    assert f"/documents/{doc.id}/versions/" in shown or "task-file" in shown
    assert 'id="decide-form"' in shown and 'id="ask-form"' in shown


def test_convert_to_active_publishes_with_the_note_and_the_same_file(login, client, session, office, due):
    doc, task = due
    sha = doc.current_version.sha256
    reviewer = login(office.reviewer)
    response = post(reviewer, f"/rereview/{task.id}/decide", lock=task.lock_version, outcome="active",
                    reason_text="所涉决策已作出，过程性信息理由已消失。")
    assert response.status_code == 302, response.get_data(as_text=True)
    today = office_now().date()
    doc = fresh(session, Document, doc.id)
    assert (doc.attribute, doc.published_on, doc.next_review_on, doc.reason_code) == (A, today, None, None)
    assert doc.current_version.sha256 == sha and doc.version_count == 1
    task = session.get(ReReview, task.id)
    assert (task.state, task.open_document_id) == (TaskState.DECIDED, None)
    decision = session.scalar(sa.select(AttributeDecision).where(AttributeDecision.document_id == doc.id))
    assert (decision.attribute_before, decision.attribute_after, decision.effective_on) == (N, A, today)
    assert session.scalar(sa.select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)) == "rereview.decide"
    client.post("/logout")
    public = page(client, "/public/")
    assert doc.title in public and sha in public and public_note(today) in public
    assert f"{today.year}年{today.month}月{today.day}日" in public_note(today)
    assert client.get(f"/public/{doc.id}/file").status_code == 200
    history = page(login(office.drafter), f"/documents/{doc.id}")
    assert 'id="attribute-history"' in history and "发文时认定" in history and public_note(today) in history
    staff = page(login(office.reviewer), "/catalogue/active")
    assert "最近审查" in staff and public_note(today) in staff


def test_keep_requires_a_reason_and_a_later_review_date(login, session, office, due):
    doc, task = due
    reviewer = login(office.reviewer)
    url = f"/rereview/{task.id}/decide"
    missing_date = post(reviewer, url, lock=task.lock_version, outcome="keep", reason_code="process_info",
                        reason_text="相关决策尚未作出。")
    assert missing_date.status_code == 400 and "下次审查日期" in missing_date.get_data(as_text=True)
    missing_reason = post(reviewer, url, lock=task.lock_version, outcome="keep", reason_text="",
                          reason_code="process_info", next_review_on="2027-06-01")
    assert missing_reason.status_code == 400 and "审查理由" in missing_reason.get_data(as_text=True)
    assert fresh(session, ReReview, task.id).state is TaskState.OPEN
    ok = post(reviewer, url, lock=task.lock_version, outcome="keep", reason_code="process_info",
              reason_text="相关决策尚未作出，仍属过程性信息。", next_review_on="2027-06-01")
    assert ok.status_code == 302
    doc = fresh(session, Document, doc.id)
    assert (doc.attribute, doc.next_review_on) == (N, dt.date(2027, 6, 1))
    assert doc.reason_text == "相关决策尚未作出，仍属过程性信息。"
    assert run_job(session, office_now().date()).total == 0  # not due until the new date


def test_downgrade_to_on_request_and_not_offered_for_on_request(login, session, office, due):
    doc, task = due
    reviewer = login(office.reviewer)
    wrong_reason = post(reviewer, f"/rereview/{task.id}/decide", lock=task.lock_version, outcome="on_request",
                        reason_code="state_secret", reason_text="可依申请提供。", next_review_on="2027-06-01")
    assert wrong_reason.status_code == 400 and "不适用于依申请公开" in wrong_reason.get_data(as_text=True)
    ok = post(reviewer, f"/rereview/{task.id}/decide", lock=task.lock_version, outcome="on_request",
              reason_code="internal_affairs", reason_text="可依申请提供。", next_review_on="2027-06-01")
    assert ok.status_code == 302
    assert fresh(session, Document, doc.id).attribute is R
    other = office.issued(R, signed_on=dt.date(2025, 1, 6))
    run_job(session, office_now().date())
    task2 = session.scalar(sa.select(ReReview).where(ReReview.open_document_id == other.id))
    shown = page(reviewer, f"/rereview/{task2.id}")
    assert 'value="keep"' in shown and 'value="on_request"' not in shown
    refused = post(reviewer, f"/rereview/{task2.id}/decide", lock=task2.lock_version, outcome="on_request",
                   reason_code="specific_use", reason_text="x", next_review_on="2027-06-01")
    assert refused.status_code == 400 and fresh(session, Document, other.id).attribute is R


def test_the_section_opinion_holds_the_task_until_the_head_answers(login, session, office, due):
    doc, task = due
    reviewer = login(office.reviewer)
    assert post(reviewer, f"/rereview/{task.id}/ask", lock=task.lock_version,
                question="请说明该请示所涉决策是否已作出。").status_code == 302
    task = fresh(session, ReReview, task.id)
    assert task.state is TaskState.AWAITING_OPINION
    held = post(reviewer, f"/rereview/{task.id}/decide", lock=task.lock_version, outcome="active", reason_text="x")
    assert held.status_code == 400 and "科室负责人书面答复" in held.get_data(as_text=True)
    drafter = login(office.drafter)
    assert post(drafter, f"/rereview/{task.id}/answer", lock=task.lock_version, opinion="同意").status_code == 403
    head = login(office.head)
    assert "办公室征求本科室意见" in page(head, "/inbox")
    assert post(head, f"/rereview/{task.id}/answer", lock=task.lock_version, opinion="").status_code == 400
    assert post(head, f"/rereview/{task.id}/answer", lock=task.lock_version,
                opinion="决策已于今年作出，同意主动公开。").status_code == 302
    task = fresh(session, ReReview, task.id)
    assert task.state is TaskState.OPEN and task.opinion_by_id == office.head.id
    reviewer = login(office.reviewer)
    assert "决策已于今年作出，同意主动公开。" in page(reviewer, f"/rereview/{task.id}")
    assert post(reviewer, f"/rereview/{task.id}/decide", lock=task.lock_version, outcome="active",
                reason_text="科室确认决策已作出。").status_code == 302
    section = page(login(office.drafter), "/rereview/section")
    assert doc.title in section and "调整为主动公开" in section


def test_nobody_decides_on_a_document_they_drafted(login, session, office, make_user):
    [doc_id] = issued_rows(session, office.section, office.reviewer, 1, N, next_review_on=dt.date(2025, 1, 1))
    run_job(session, office_now().date())
    task = session.scalar(sa.select(ReReview).where(ReReview.document_id == doc_id))
    own = login(office.reviewer)
    assert "职责分离" in page(own, f"/rereview/{task.id}")
    refused = post(own, f"/rereview/{task.id}/decide", lock=task.lock_version, outcome="active", reason_text="x")
    assert refused.status_code == 403 and "职责分离" in refused.get_data(as_text=True)
    assert fresh(session, Document, doc_id).attribute is N


def test_an_open_dispute_blocks_the_decision(login, session, office, due):
    doc, task = due
    session.add(Decision(document_id=doc.id, version_id=doc.current_version.id, actor_id=office.drafter.id,
                         kind=DecisionKind.OBJECT, comment="拟稿人对属性提出异议"))
    session.commit()
    reviewer = login(office.reviewer)
    assert "尚未裁定的属性争议" in page(reviewer, f"/rereview/{task.id}")
    refused = post(reviewer, f"/rereview/{task.id}/decide", lock=task.lock_version, outcome="active", reason_text="x")
    assert refused.status_code == 400 and "尚未裁定的属性争议" in refused.get_data(as_text=True)
    assert fresh(session, Document, doc.id).attribute is N
    session.add(Decision(document_id=doc.id, version_id=doc.current_version.id, actor_id=office.signatory.id,
                         kind=DecisionKind.RULING, comment="维持"))
    session.commit()
    assert post(reviewer, f"/rereview/{task.id}/decide", lock=task.lock_version, outcome="active",
                reason_text="争议已裁定，理由已消失。").status_code == 302


def test_a_stale_form_is_refused(login, session, office, due):
    doc, task = due
    reviewer = login(office.reviewer)
    lock = task.lock_version
    assert post(reviewer, f"/rereview/{task.id}/ask", lock=lock, question="请提供意见。").status_code == 302
    reviewer2 = login(office.reviewer2)
    stale = post(reviewer2, f"/rereview/{task.id}/decide", lock=lock, outcome="active", reason_text="理由已消失")
    assert stale.status_code == 409 and "已被他人处理" in stale.get_data(as_text=True)
    no_lock = post(reviewer2, f"/rereview/{task.id}/decide", outcome="active", reason_text="理由已消失")
    assert no_lock.status_code == 409
    assert fresh(session, Document, doc.id).attribute is N


def test_inbox_badge_and_overdue(login, session, office, due):
    doc, task = due
    reviewer = login(office.reviewer)
    inbox = page(reviewer, "/inbox")
    assert "定期审查待决定" in inbox and doc.title in inbox
    assert '<span class="badge">1</span>' in inbox
    session.execute(sa.update(ReReview).where(ReReview.id == task.id)
                    .values(opened_on=office_now().date() - dt.timedelta(days=31)))
    session.commit()
    inbox = page(reviewer, "/inbox")
    overdue_block = inbox.split("定期审查已逾期")[1].split("定期审查待决定")[0]
    assert doc.title in overdue_block
    assert "已逾期" in page(reviewer, f"/rereview/{task.id}")
    assert page(reviewer, "/rereview/?overdue=1").count('<tr id="task-') == 1
    assert login(office.drafter).get("/rereview/").status_code == 403


def test_outside_upstream_recorded_public_from_the_document_page(login, session, office):
    doc = office.issued(R, signed_on=dt.date(2026, 5, 1), upstream_number="国卫办医发〔2026〕3号",
                        upstream_attribute=R)
    reviewer = login(office.reviewer)
    assert 'id="upstream-public-form"' in page(reviewer, f"/documents/{doc.id}")
    bad = post(reviewer, f"/rereview/documents/{doc.id}/upstream-public", public_on="", note="已公开")
    assert bad.status_code == 400 and "公开日期" in bad.get_data(as_text=True)
    ok = post(reviewer, f"/rereview/documents/{doc.id}/upstream-public", public_on="2026-11-01",
              note="国家卫健委网站已公开。")
    assert ok.status_code == 302
    report = run_job(session, office_now().date())
    assert report.summary() == "opened 1 (due 0, upstream 1, requests 0, sweep 0); already open 0"
