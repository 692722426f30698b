"""The request pages over HTTP: who may see and do what, the register form keeping input, events,
the answer with its consistency check, the 告知书 download, flags in the registry and the inbox."""
from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import sqlalchemy as sa
from docx import Document as DocxDocument

from review.enums import Attribute, Role
from review.holidays import load_calendar
from review.models import DisclosureRequest
from review.request_enums import RequestState
from review.workdays import local_date
from tests.domain.flow import Office


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


@pytest.fixture
def officer(make_user):
    return make_user(Role.REQUEST_OFFICER)


def today() -> dt.date:
    return local_date(dt.datetime.now(dt.UTC))


def form(received: dt.date, **changes) -> dict:
    data = {"requester_name": "刘某某", "requester_type": "natural_person", "channel": "online",
            "received_on": received.isoformat(), "contact": "13800000000",
            "text": "申请公开贵局关于传染病防控工作的通知。", "cited": ""}
    data.update(changes)
    return data


def register(client, received: dt.date, **changes) -> DisclosureRequest:
    response = client.post("/requests/new", data=form(received, **changes))
    assert response.status_code == 302, response.get_data(as_text=True)
    return DisclosureRequest.query.order_by(DisclosureRequest.id.desc()).first()


def test_only_the_officer_registers_others_see_or_are_refused(login, make_user, officer):
    reviewer = login(make_user(Role.REVIEWER))
    assert reviewer.get("/requests/").status_code == 403
    assert reviewer.post("/requests/new", data=form(today())).status_code == 403
    auditor = login(make_user(Role.AUDITOR))
    page = auditor.get("/requests/").get_data(as_text=True)
    assert "政府信息公开申请登记" in page and "登记新申请" not in page
    assert auditor.get("/requests/new").status_code == 403
    client = login(officer)
    assert 'id="nav-requests"' in client.get("/requests/").get_data(as_text=True)


def test_register_matches_the_cited_number_and_shows_the_due_date(login, office, officer, session):
    doc = office.issued(Attribute.ON_REQUEST)
    client = login(officer)
    received = today() - dt.timedelta(days=3)
    req = register(client, received, cited=f"{doc.doc_number.replace('〔', '[').replace('〕', ']')}\n某年会议纪要")
    page = client.get(f"/requests/{req.id}").get_data(as_text=True)
    assert req.number in page and doc.title in page and "按发文字号匹配" in page
    assert "本机关文件登记中未找到" in page
    due = load_calendar(session).add(received, 20).day
    assert f'<strong id="due-on">{due}</strong>' in page
    assert "答复期限为收到申请之日起 20 个工作日" in page


def test_the_register_form_keeps_the_input_after_an_error(login, officer, session):
    client = login(officer)
    future = today() + dt.timedelta(days=2)
    response = client.post("/requests/new", data=form(future, requester_name="某律师事务所",
                                                      requester_type="legal_service", cited="青卫发〔2026〕8号"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "收到申请日期不能晚于今天" in page
    assert 'value="某律师事务所"' in page and "青卫发〔2026〕8号" in page
    assert re.search(r'<option selected value="legal_service">|<option value="legal_service" selected', page)
    missing = client.post("/requests/new", data=form(today(), requester_name="", text="保留的申请内容"))
    assert missing.status_code == 400 and "请填写申请人姓名或名称" in missing.get_data(as_text=True)
    assert "保留的申请内容" in missing.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count(DisclosureRequest.id))) == 0


def test_events_move_the_clock_and_a_refusal_keeps_the_form(login, officer, session):
    client = login(officer)
    received = today() - dt.timedelta(days=2)
    req = register(client, received)
    bad = client.post(f"/requests/{req.id}/events/correction_sent",
                      data={"correction_sent-day": received.isoformat(), "correction_sent-note": ""})
    assert bad.status_code == 400 and "请写明需要补正的事项" in bad.get_data(as_text=True)
    ok = client.post(f"/requests/{req.id}/events/correction_sent",
                     data={"correction_sent-day": received.isoformat(), "correction_sent-note": "请写明文号。"})
    assert ok.status_code == 302
    session.refresh(req)
    assert req.state is RequestState.AWAITING_CORRECTION and req.due_on is None
    page = client.get(f"/requests/{req.id}").get_data(as_text=True)
    assert "等待申请人补正" in page and 'id="form-correction_received"' in page
    history = page[page.index('id="history"'):]
    assert "登记政府信息公开申请" in history and "发出补正通知" in history
    assert 'id="form-extension"' not in page
    assert client.post(f"/requests/{req.id}/events/nonsense", data={}).status_code == 404


def test_answer_checks_consistency_then_generates_the_letter(login, office, officer, session):
    doc = office.issued(Attribute.NON_DISCLOSABLE)  # process_info
    client = login(officer)
    req = register(client, today() - dt.timedelta(days=5), cited=doc.doc_number)
    answer = {"outcome": "withheld_third_party", "answered_on": today().isoformat(), "text": "不予公开。"}
    refused = client.post(f"/requests/{req.id}/answer", data=answer)
    assert refused.status_code == 422
    page = refused.get_data(as_text=True)
    assert "认定的不公开理由为" in page and 'id="answer-conflicts"' in page and "不予公开。" in page
    session.rollback()
    assert session.get(DisclosureRequest, req.id).state is RequestState.OPEN
    answer["deviation_note"] = "第三方书面意见表明公开将损害其商业秘密。"
    assert client.post(f"/requests/{req.id}/answer", data=answer).status_code == 302
    page = client.get(f"/requests/{req.id}").get_data(as_text=True)
    assert "不予公开：保护第三方合法权益" in page and "第三方书面意见" in page
    link = re.search(r'id="letter-link" href="([^"]+)"', page).group(1)
    letter = client.get(link)
    assert letter.status_code == 200 and letter.mimetype.endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(letter.data)).paragraphs)
    assert req.number in text and "政府信息公开申请答复告知书" in text


def test_registry_and_inbox_flag_overdue_and_due_soon(login, officer, session):
    client = login(officer)
    calendar = load_calendar(session)
    overdue = register(client, today() - dt.timedelta(days=60), requester_name="逾期申请人")
    received = today()
    while calendar.add(received, 20).day > calendar.add(today(), 5).day:  # due within 5 working days
        received -= dt.timedelta(days=1)
    soon = register(client, received, requester_name="将到期申请人")
    fresh = register(client, today(), requester_name="新申请人")
    page = client.get("/requests/").get_data(as_text=True)
    assert page.count("flag-overdue") == 1 and page.count("flag-soon") == 1
    only_overdue = client.get("/requests/?flag=overdue").get_data(as_text=True)
    assert overdue.number in only_overdue and soon.number not in only_overdue and fresh.number not in only_overdue
    only_soon = client.get("/requests/?flag=soon").get_data(as_text=True)
    assert soon.number in only_soon and overdue.number not in only_soon
    assert fresh.number in client.get("/requests/?q=新申请").get_data(as_text=True)
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "政府信息公开申请已逾期" in inbox and overdue.number in inbox and soon.number in inbox
    assert fresh.number not in inbox
    assert '<span class="badge">2</span>' in inbox


def test_the_document_page_fragment_counts_distinct_requesters(app, login, office, officer):
    from flask import render_template

    doc = office.issued(Attribute.ON_REQUEST)
    client = login(officer)
    for name in ("刘某某", "刘 某某", "某律师事务所", "张某"):
        register(client, today() - dt.timedelta(days=1), requester_name=name, cited=doc.doc_number)
    register(client, today() - dt.timedelta(days=400), requester_name="王某", cited=doc.doc_number)
    with app.test_request_context():
        html = render_template("requests/_document_requests.html", doc=doc)
    assert "近12个月被申请 3 次" in html and "第四十四条" in html


def test_the_document_page_counts_in_the_window_and_against_the_threshold_the_office_set(
        app, session, login, office, officer):
    """The office's settings (系统管理 → 办公室设置) are what the re-review job counts with; the page says
    the same: 24 months take in the requester of 400 days ago, and 5 requesters are needed for the hint."""
    from flask import render_template

    from review.operations import admin

    doc = office.issued(Attribute.ON_REQUEST)
    client = login(officer)
    for days, name in ((1, "刘某某"), (2, "张某"), (3, "某律师事务所"), (400, "王某"), (800, "赵某")):
        register(client, today() - dt.timedelta(days=days), requester_name=name, cited=doc.doc_number)
    admin.update_settings(session, {"request_window_months": 24, "request_threshold": 5})
    session.commit()
    with app.test_request_context():
        html = render_template("requests/_document_requests.html", doc=doc)
    assert "近24个月被申请 4 次" in html and "第四十四条" not in html
    admin.update_settings(session, {"request_threshold": 4})
    session.commit()
    with app.test_request_context():
        assert "第四十四条" in render_template("requests/_document_requests.html", doc=doc)


def test_pages_say_when_a_years_schedule_is_not_entered(login, officer):
    """2003 is before the library's first year and nobody entered it: weekends only, said plainly."""
    client = login(officer)
    req = register(client, dt.date(2003, 12, 1))
    page = client.get(f"/requests/{req.id}").get_data(as_text=True)
    assert 'id="schedule-warning"' in page and "2003年的法定节假日安排尚未录入" in page
    assert "2003年节假日未录入" in client.get("/requests/").get_data(as_text=True)
    covered = register(client, dt.date(2025, 3, 3))  # within the library's years
    assert 'id="schedule-warning"' not in client.get(f"/requests/{covered.id}").get_data(as_text=True)
