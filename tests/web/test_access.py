"""A drafter sees only their section's documents; files are served only to those who may see them."""
from __future__ import annotations

import pytest

from review import operations
from review.enums import Role
from tests.conftest import corpus_bytes


@pytest.fixture
def doc(session, store, make_user):
    drafter = make_user(Role.DRAFTER)
    doc = operations.create_document(session, store, drafter, corpus_bytes("fixture-03-secret.docx"), "密.docx")
    session.commit()
    return doc


def urls(doc) -> list[str]:
    return [f"/documents/{doc.id}", f"/documents/{doc.id}/versions/1/file"]


def test_drafter_of_another_section_cannot_see_or_download(login, make_user, doc):
    client = login(make_user(Role.DRAFTER))
    for url in urls(doc):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"PK" not in response.data[:2]
    listing = client.get("/documents/").get_data(as_text=True)
    assert doc.title not in listing


def test_colleague_in_the_same_section_can_see_and_download(login, make_user, doc):
    client = login(make_user(Role.DRAFTER, doc.section))
    assert doc.title in client.get("/documents/").get_data(as_text=True)
    response = client.get(f"/documents/{doc.id}/versions/1/file")
    assert response.status_code == 200 and response.data == corpus_bytes("fixture-03-secret.docx")
    assert response.headers["Cache-Control"] == "private, no-store"


def test_anonymous_visitors_are_sent_to_login(client, doc):
    for url in urls(doc):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_request_officer_cannot_see_unissued_documents(login, make_user, doc):
    client = login(make_user(Role.REQUEST_OFFICER))
    for url in urls(doc):
        assert client.get(url).status_code == 404


def test_other_section_cannot_post_to_the_document(login, make_user, doc):
    client = login(make_user(Role.DRAFTER))
    response = client.post(f"/documents/{doc.id}/declaration",
                           data={"title": "改", "attribute": "active", "lock": doc.lock_version, "send": "1"})
    assert response.status_code == 404


def test_missing_version_and_foreign_interpretation_are_404(login, make_user, doc):
    client = login(doc.drafter)
    assert client.get(f"/documents/{doc.id}/versions/9/file").status_code == 404
    assert client.get(f"/documents/{doc.id}/interpretations/1/file").status_code == 404


def test_issued_restricted_document_is_not_in_the_public_catalogue(client, session, store, make_user, make_section):
    """An issued 不予公开 document, next to an issued active one: only the active one is public."""
    from review.enums import Attribute
    from tests.domain.flow import Office
    office = Office(session, store, make_user, make_section)
    active = office.issued(Attribute.ACTIVE, title="主动公开的对照文件")
    withheld = office.issued(Attribute.NON_DISCLOSABLE, title="不予公开的资金请示文件")
    html = client.get("/public/").get_data(as_text=True)
    assert active.title in html and active.doc_number in html
    assert withheld.title not in html and withheld.doc_number not in html
    assert withheld.current_version.sha256 not in html
    assert client.get(f"/public/{withheld.id}/file").status_code == 404
    assert client.get(f"/public/{active.id}/file").status_code == 200


def test_pdf_is_served_inline_for_the_review_page(login, make_user, session, store):
    drafter = make_user(Role.DRAFTER)
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-001.pdf"), "通知.pdf")
    session.commit()
    client = login(drafter)
    inline = client.get(f"/documents/{doc.id}/versions/1/file?inline=1")
    assert inline.headers["Content-Disposition"].startswith("inline") and inline.mimetype == "application/pdf"
    assert client.get(f"/documents/{doc.id}/versions/1/file").headers["Content-Disposition"].startswith("attachment")
    page = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert f"/documents/{doc.id}/versions/1/file?inline=1" in page
