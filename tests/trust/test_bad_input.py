"""Item 9: bad numbers, control characters and implausible dates get a Chinese 400, never a 500,
and change nothing."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from review.enums import DocState
from review.models import AuditEvent, Document
from tests.conftest import PASSWORD, corpus_bytes
from tests.domain.flow import Office

HUGE = str(2**64)


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def _events(session) -> int:
    session.rollback()
    return session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(AuditEvent.action.like("document.%")))


@pytest.mark.parametrize("prefix_id, signed_on, message", [
    ("abc", "2026-11-20", "发文字号代字的取值无效"), ("1.0", "2026-11-20", "发文字号代字的取值无效"),
    (HUGE, "2026-11-20", "发文字号代字的取值无效"), ("-1", "2026-11-20", "发文字号代字的取值无效"),
    (None, "0001-01-01", "成文日期应在"), (None, "9999-12-31", "成文日期应在"),
    (None, "2026-13-45", "成文日期格式无效"), (None, "abc", "成文日期格式无效"),
])
def test_issue_with_bad_numbers_or_dates_is_a_chinese_400(login, office, session, prefix_id, signed_on, message):
    """Refused in Chinese, as 422 with the issue form shown again beside its message (400-level)."""
    doc = office.signed()
    before = _events(session)
    client = login(office.reviewer2)
    response = client.post(f"/documents/{doc.id}/decide/issue", data={
        "lock": doc.lock_version, "prefix_id": prefix_id or office.prefix.id, "signed_on": signed_on})
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert _events(session) == before
    assert session.get(Document, doc.id).state is DocState.SIGNED


@pytest.mark.parametrize("field, value", [
    ("title", "标题\x07响铃"), ("title", "标题\r\n第二行"), ("title", "标题\u202e反向"),
    ("doc_number", "青卫发〔2026〕1号\x00"), ("reason_text", "理由\x1b[31m"),
])
def test_control_characters_are_refused_in_the_declaration(login, office, session, field, value):
    client = login(office.drafter)
    response = client.post("/documents/new", data={"file": (io.BytesIO(corpus_bytes("seed-000.docx")), "a.docx")},
                           content_type="multipart/form-data")
    doc_id = int(response.headers["Location"].rsplit("/", 1)[1])
    doc = session.get(Document, doc_id)
    data = {"lock": doc.lock_version, "title": "正常标题", "attribute": "active", "upstream_attribute": "",
            field: value}
    before = _events(session)
    response = client.post(f"/documents/{doc_id}/declaration", data=data)
    assert response.status_code == 400 and "控制字符" in response.get_data(as_text=True)
    assert _events(session) == before


def test_a_line_break_in_a_reason_is_still_allowed(login, office, session):
    client = login(office.drafter)
    response = client.post("/documents/new", data={"file": (io.BytesIO(corpus_bytes("seed-000.docx")), "a.docx")},
                           content_type="multipart/form-data")
    doc = session.get(Document, int(response.headers["Location"].rsplit("/", 1)[1]))
    response = client.post(f"/documents/{doc.id}/declaration", data={
        "lock": doc.lock_version, "title": "正常标题", "attribute": "on_request", "reason_text": "第一行\r\n第二行",
        "upstream_attribute": ""})
    assert response.status_code == 302


def test_control_characters_in_a_file_name_are_refused(login, office, session):
    client = login(office.drafter)
    before = session.scalar(sa.select(sa.func.count(Document.id)))
    upload = (io.BytesIO(corpus_bytes("seed-000.docx")), "a\x1b\x07.docx")
    response = client.post("/documents/new", data={"file": upload}, content_type="multipart/form-data")
    assert response.status_code == 400 and "控制字符" in response.get_data(as_text=True)
    session.rollback()
    assert session.scalar(sa.select(sa.func.count(Document.id))) == before


@pytest.mark.parametrize("url", [f"/office/queue?section={HUGE}", f"/office/queue?page={HUGE}", "/office/queue?age=1.0",
                                 f"/public/?page={HUGE}", "/public/?page=-3", f"/catalogue/on_request?page={HUGE}"])
def test_huge_or_odd_numbers_in_queries_do_not_crash(login, office, url):
    client = login(office.reviewer)
    assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("target", ["/\r\nSet-Cookie:x=1", "/%0d%0aLocation:%20//evil", "/\u2028x"])
def test_line_breaks_in_next_are_not_a_500(client, office, target):
    response = client.post("/login", query_string={"next": target},
                           data={"username": office.reviewer.username, "password": PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
