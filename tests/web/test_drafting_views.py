"""The drafting pages over HTTP: upload, parsed elements beside the form, save, submit, revise."""
from __future__ import annotations

import io

import sqlalchemy as sa

from review.enums import DocState, Role
from review.models import AuditEvent, Document, DocumentVersion
from tests.conftest import corpus_bytes

EXPLAINED = "本通报仅对被检查的医疗机构有整改作用，不需社会公众广泛知晓。"


def upload(client, name: str, url: str = "/documents/new", **data):
    data["file"] = (io.BytesIO(corpus_bytes(name)), name)
    return client.post(url, data=data, content_type="multipart/form-data")


def form_of(doc: Document, **changes) -> dict:
    data = {"lock": doc.lock_version, "title": doc.title, "doc_number": doc.doc_number or "",
            "attribute": doc.attribute.value if doc.attribute else "", "reason_code": doc.reason_code or "",
            "reason_text": doc.reason_text, "upstream_number": doc.upstream_number or "",
            "upstream_attribute": "", "co_issuers": ""}
    data.update(changes)
    return data


def test_upload_shows_parsed_elements_beside_a_prefilled_form(login, make_user, session):
    client = login(make_user(Role.DRAFTER))
    response = upload(client, "fixture-01-forward.docx")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert 'value="禾卫发〔2022〕31号"' in page
    assert "岭卫医发〔2022〕18号" in page and "2022-05-16" in page and "（此件主动公开）" in page
    doc = session.scalar(sa.select(Document))
    assert doc.is_forwarding and doc.upstream_number == "岭卫医发〔2022〕18号"


def test_save_then_submit_with_refusal_and_success(login, make_user, session):
    drafter = make_user(Role.DRAFTER)
    client = login(drafter)
    upload(client, "fixture-02-table.pdf")
    doc = session.scalar(sa.select(Document))
    response = client.post(f"/documents/{doc.id}/declaration", data=form_of(doc, send="1"))
    assert response.status_code == 422
    text = response.get_data(as_text=True)
    assert "未提交审核" in text and "须选择不公开理由" in text and "80号" in text
    session.refresh(doc)
    assert doc.state is DocState.DRAFT
    ok = client.post(f"/documents/{doc.id}/declaration",
                     data=form_of(doc, reason_code="specific_use", reason_text=EXPLAINED, send="1"))
    assert ok.status_code == 302
    session.refresh(doc)
    assert doc.state is DocState.OFFICE_REVIEW
    # a submitted document shows no form any more
    assert 'id="declaration"' not in client.get(f"/documents/{doc.id}").get_data(as_text=True)


def test_stale_form_gets_409_and_changes_nothing(login, make_user, session):
    client = login(make_user(Role.DRAFTER))
    upload(client, "seed-000.docx")
    doc = session.scalar(sa.select(Document))
    stale = form_of(doc, title="第一次修改", save="1")
    assert client.post(f"/documents/{doc.id}/declaration", data=stale).status_code == 302
    response = client.post(f"/documents/{doc.id}/declaration", data={**stale, "title": "第二次修改"})
    assert response.status_code == 409 and "已被他人更新" in response.get_data(as_text=True)
    session.refresh(doc)
    assert doc.title == "第一次修改"


def test_missing_title_is_refused_in_chinese(login, make_user, session):
    client = login(make_user(Role.DRAFTER))
    upload(client, "seed-000.docx")
    doc = session.scalar(sa.select(Document))
    response = client.post(f"/documents/{doc.id}/declaration", data=form_of(doc, title="", save="1"))
    assert response.status_code == 400 and "请填写标题" in response.get_data(as_text=True)


def test_new_version_keeps_the_old_one(login, make_user, session):
    client = login(make_user(Role.DRAFTER))
    upload(client, "seed-000.docx")
    doc = session.scalar(sa.select(Document))
    response = upload(client, "seed-000.pdf", url=f"/documents/{doc.id}/versions", lock=doc.lock_version)
    assert response.status_code == 302
    assert session.scalar(sa.select(sa.func.count(DocumentVersion.id))) == 2
    assert client.get(f"/documents/{doc.id}/versions/1/file").data == corpus_bytes("seed-000.docx")
    assert client.get(f"/documents/{doc.id}/versions/2/file").data == corpus_bytes("seed-000.pdf")


def test_every_change_leaves_an_audit_event(login, make_user, session):
    client = login(make_user(Role.DRAFTER))
    upload(client, "seed-000.docx")
    doc = session.scalar(sa.select(Document))
    client.post(f"/documents/{doc.id}/declaration", data=form_of(doc, title="新标题", save="1"))
    session.refresh(doc)
    upload(client, "seed-003.pdf", url=f"/documents/{doc.id}/interpretations", lock=doc.lock_version)
    actions = session.scalars(sa.select(AuditEvent.action).where(AuditEvent.action.like("document.%"))
                              .order_by(AuditEvent.id)).all()
    assert actions == ["document.create", "document.declare", "document.attach_interpretation"]


def test_times_are_shown_in_the_offices_time_zone(app):
    import datetime as dt

    local = app.jinja_env.filters["local"]
    assert local(dt.datetime(2026, 11, 23, 20, 30)) == "2026-11-24 04:30"  # UTC+8
    assert local(None) == "—"


def test_a_form_without_its_version_is_refused_as_stale(login, make_user, session):
    client = login(make_user(Role.DRAFTER))
    upload(client, "seed-000.docx")
    doc = session.scalar(sa.select(Document))
    data = form_of(doc, title="无版本信息的修改", save="1")
    del data["lock"]
    response = client.post(f"/documents/{doc.id}/declaration", data=data)
    assert response.status_code == 409 and "刷新页面" in response.get_data(as_text=True)
    session.refresh(doc)
    assert doc.title != "无版本信息的修改"


def test_docx_preview_is_parsed_once_per_file(login, make_user, session):
    from review.web.document_page import docx_preview

    client = login(make_user(Role.DRAFTER))
    upload(client, "fixture-02-table.docx")
    doc = session.scalar(sa.select(Document))
    docx_preview.cache_clear()
    first = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    second = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert docx_preview.cache_info().misses == 1 and docx_preview.cache_info().hits == 1
    # the preview shows the body text and the data table of the file
    for page in (first, second):
        assert "依法执业" in page and "<td>检查机构数（家）</td>" in page
