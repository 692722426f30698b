"""The 办理 card over HTTP: who sees which form, refused forms keep what was typed, the issue form is
pre-filled from the file, and the drafter is told plainly what stands (issue 6, items 1, 3, 9, 11–14)."""
from __future__ import annotations

import io
import re

import pytest
import sqlalchemy as sa

from review.enums import Attribute, DocState, Role
from review.models import Document, NumberPrefix
from tests.conftest import corpus_bytes
from tests.domain.flow import NOW, Office

A, R, N = Attribute.ACTIVE, Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def page(client, doc) -> str:
    response = client.get(f"/documents/{doc.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def form_html(html: str, form_id: str) -> str | None:
    match = re.search(rf'<form[^>]*id="{form_id}".*?</form>', html, re.S)
    return match.group(0) if match else None


def decide(client, doc, action, **data):
    return client.post(f"/documents/{doc.id}/decide/{action}", data={"lock": doc.lock_version, **data})


# --- item 1: the signatory lifts the upstream-active block ---------------------------------------

def test_signatory_is_shown_the_override_form_and_the_reviewer_can_then_approve(office, session, login):
    doc = office.submitted(N, upstream_number="国卫办发〔2020〕1号", upstream_attribute=A)
    client = login(office.signatory)
    html = page(client, doc)
    assert form_html(html, "override-form") is not None
    assert form_html(html, "approve-form") is None
    response = decide(client, doc, "override_upstream", comment="本件含有涉密事项摘要，同意不予公开")
    assert response.status_code == 302
    client = login(office.reviewer)
    session.expire_all()
    response = decide(client, doc, "approve", acknowledged=list(office.warnings(doc)))
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Document, doc.id).state is DocState.APPROVED


def test_drafter_is_told_that_the_office_and_signatory_must_decide(office, session, login):
    client = login(office.drafter)
    client.post("/documents/new", data={"file": (io.BytesIO(corpus_bytes("fixture-12-request.docx")), "x.docx")},
                content_type="multipart/form-data")
    doc = session.scalars(sa.select(Document).order_by(Document.id.desc())).first()
    response = client.post(f"/documents/{doc.id}/declaration", data={
        "lock": doc.lock_version, "title": doc.title, "attribute": "non_disclosable", "reason_code": "process_info",
        "reason_text": "本件为向上级请示的过程稿，属于过程性信息。", "upstream_number": "国卫办发〔2020〕1号",
        "upstream_attribute": "active", "send": "1"}, follow_redirects=True)
    text = response.get_data(as_text=True)
    assert "已提交" in text and "须由办公室和签发人决定" in text and "签发人书面同意前不能审核通过" in text


# --- items 3 and 11: a refused form keeps what was typed, beside that form only ---------------------

def test_an_empty_return_comment_shows_the_form_again_with_its_message(office, login):
    doc = office.submitted()
    client = login(office.reviewer)
    html = page(client, doc)
    assert 'required' in form_html(html, "return-form")
    response = decide(client, doc, "return", comment="  ")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "请填写退回意见" in form_html(html, "return-form")
    assert "请求无效" not in html


def test_a_refused_change_keeps_its_input_in_its_own_form_only(office, login):
    doc = office.submitted(R)
    client = login(office.reviewer)
    response = decide(client, doc, "change_attribute", attribute="non_disclosable", reason_code="specific_use",
                      comment="调整为不予公开的理由说明")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    change = form_html(html, "change-form")
    assert "调整为不予公开的理由说明" in change and "不适用" in change
    attribute = re.search(r'<select[^>]*id="change-attribute".*?</select>', change, re.S).group(0)
    assert re.search(r'<option (selected )?value="non_disclosable"( selected)?>', attribute).group(0).count("selected")
    assert "调整为不予公开的理由说明" not in form_html(html, "return-form")
    assert "pending-message" not in form_html(html, "approve-form")


def test_issue_without_a_date_shows_the_form_again(office, login):
    doc = office.signed(A)
    client = login(office.reviewer)
    response = decide(client, doc, "issue", prefix_id=str(office.prefix.id), signed_on="")
    assert response.status_code == 422
    assert "请填写成文日期" in form_html(response.get_data(as_text=True), "issue-form")
    response = decide(client, doc, "issue", prefix_id="abc", signed_on="2026-11-02")
    assert response.status_code == 422 and "发文字号代字的取值无效" in response.get_data(as_text=True)
    response = decide(client, doc, "issue", prefix_id=str(office.prefix.id), signed_on="2026-13-45")
    assert response.status_code == 422 and "日期格式" in response.get_data(as_text=True)


# --- item 12: the change form asks only for what holds under the new attribute ----------------------

def test_change_form_lists_no_warnings_of_the_declared_attribute(office, login):
    doc = office.submitted(R, file="seed-000.docx")  # printed 主动公开, declared 依申请公开: a mismatch
    assert "marking_mismatch" in office.warnings(doc)
    client = login(office.reviewer)
    html = page(client, doc)
    assert "ack-marking_mismatch-approve" in html
    assert "ack-marking_mismatch" not in form_html(html, "change-form")
    response = decide(client, doc, "change_attribute", attribute="active", comment="应当主动公开，标注已为主动公开",
                      acknowledged=[c for c in office.warnings(doc) if c != "marking_mismatch"])
    assert response.status_code == 302


# --- item 9: the issue form is pre-filled from the final file ---------------------------------------

def test_issue_form_is_prefilled_with_the_printed_date_and_matching_prefix(office, session, login):
    prefix = NumberPrefix(code="长卫办发", organ="长治市卫生健康委员会办公室", doc_type="发文")
    session.add(prefix)
    session.commit()
    doc = office.signed(A)  # seed-000.docx: 长卫办发〔2020〕12号, 2020-07-08
    client = login(office.reviewer)
    issue_form = form_html(page(client, doc), "issue-form")
    assert 'value="2020-07-08"' in issue_form
    assert re.search(rf'<option selected value="{prefix.id}"|<option value="{prefix.id}" selected', issue_form)
    assert "长卫办发〔2020〕12号" in issue_form
    response = decide(client, doc, "issue", prefix_id=str(prefix.id), signed_on="2020-07-08")
    assert response.status_code == 302
    session.expire_all()
    assert session.get(Document, doc.id).doc_number == "长卫办发〔2020〕12号"


# --- item 13: 转发 is pre-ticked from the parsed title and shown as saved ----------------------------

def test_forwarding_is_preticked_and_shown_as_saved(office, session, login):
    client = login(office.drafter)
    client.post("/documents/new", data={"file": (io.BytesIO(corpus_bytes("fixture-01-forward.docx")), "f.docx")},
                content_type="multipart/form-data")
    doc = session.scalars(sa.select(Document).order_by(Document.id.desc())).first()
    assert doc.is_forwarding
    checkbox = re.search(r'<input[^>]*id="is_forwarding"[^>]*>', page(client, doc)).group(0)
    assert "checked" in checkbox


# --- item 14 and the buttons nobody else may press ----------------------------------------------------

def test_after_an_active_ruling_no_restricted_reason_is_shown(office, session, login):
    from review import operations
    doc = office.submitted(R)
    operations.change_attribute(session, office.reviewer, doc, doc.lock_version, A, None, "通报内容应当主动公开",
                                office.warnings(doc) | {"marking_mismatch"}, now=NOW)
    operations.object_change(session, office.drafter, doc, doc.lock_version, "涉及整改细节，请签发人裁定")
    operations.rule(session, office.signatory, doc, doc.lock_version, A, None, "同意办公室意见")
    session.commit()
    html = page(login(office.reviewer), doc)
    assert 'id="declared-reason"' not in html and "仅对被检查的医疗机构" not in html.split('id="decisions"')[0]


def test_drafter_and_self_reviewer_see_no_decision_buttons(office, session, login, make_user):
    doc = office.submitted()
    html = page(login(office.drafter), doc)
    assert 'id="actions"' not in html and "/decide/" not in html
    reviewer_drafter = make_user(Role.REVIEWER)
    doc.drafter_id = reviewer_drafter.id
    session.commit()
    html = page(login(reviewer_drafter), doc)
    assert "/decide/" not in html
    assert decide(login(reviewer_drafter), doc, "approve").status_code == 403
