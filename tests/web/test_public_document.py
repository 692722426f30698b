"""The public catalogue fit for an office's website: the organ on top, a page per document with 索引号,
发布机构, 文号, dates, 有效性 and SHA-256, its 政策解读 published with it, downloads named after the title."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from urllib.parse import quote

import pytest

from review import operations
from review.enums import Attribute
from review.models import Interpretation
from review.operations import admin
from tests.conftest import corpus_bytes
from tests.domain.flow import NOW, Office, issue

INTERPRETATION = "seed-001.docx"


def policy_with_interpretation(office: Office, session, store, attribute=Attribute.ACTIVE):
    """A policy document drafted with its 政策解读 (谁起草谁解读), then approved and issued."""
    drafter = office.drafter
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-000.docx"), "通知.docx")
    operations.attach_interpretation(session, store, drafter, doc, corpus_bytes(INTERPRETATION), "解读.docx",
                                     doc.lock_version, now=NOW)
    declared = office.declaration(doc, attribute=attribute, is_policy=True)
    operations.declare(session, drafter, doc, declared, doc.lock_version)
    operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    operations.approve(session, office.reviewer, doc, doc.lock_version, office.warnings(doc), now=NOW)
    operations.sign(session, office.signatory, doc, doc.lock_version, None, "同意", now=NOW)
    issue(session, office.reviewer, doc, office.prefix, dt.date(2026, 11, 2))
    session.commit()
    return doc


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def test_public_page_of_a_document(client, session, store, office):
    admin.update_settings(session, {"organ_name": "青山县卫生健康局", "org_code": "11140400MB0000000X",
                                    "index_scheme": "{org_code}/{year}-{id:05d}"})
    session.commit()
    doc = policy_with_interpretation(office, session, store)
    listing = client.get("/public/").get_data(as_text=True)
    assert 'id="organ-name">青山县卫生健康局' in listing and f'href="/public/{doc.id}"' in listing
    page = client.get(f"/public/{doc.id}").get_data(as_text=True)
    assert f'id="index-number">11140400MB0000000X/2026-{doc.id:05d}<' in page
    assert 'id="issuer">青山县卫生健康局<' in page  # the organ of the 代字 issued under
    assert f'id="doc-number">{doc.doc_number}<' in page and "2026-11-02" in page
    assert doc.current_version.sha256 in page and "certutil -hashfile" in page
    [item] = doc.interpretations
    link = f"/public/{doc.id}/interpretations/{item.id}/file"
    assert link in page

    response = client.get(link)  # anonymous
    assert response.status_code == 200 and response.data == corpus_bytes(INTERPRETATION)
    assert hashlib.sha256(response.data).hexdigest() == item.sha256
    download = client.get(f"/public/{doc.id}/file")
    disposition = download.headers["Content-Disposition"]
    assert f"filename*=UTF-8''{quote(doc.title + '.docx')}" in disposition
    assert re.search(r'filename="?[ -~]*"?', disposition)  # an ASCII fallback for old browsers


@pytest.mark.parametrize("attribute", [Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE])
def test_restricted_documents_and_their_interpretations_are_never_served(client, session, store, office,
                                                                         attribute):
    doc = office.issued(attribute)
    drafter = office.drafter
    # material attached to a restricted document (not a policy; still never public)
    item = Interpretation(document=doc, sha256=doc.current_version.sha256, size=1,
                                     media_type="application/pdf", original_filename="x.pdf",
                                     uploaded_by_id=drafter.id)
    session.add(item)
    session.commit()
    for url in (f"/public/{doc.id}", f"/public/{doc.id}/file", f"/public/{doc.id}/interpretations/{item.id}/file"):
        assert client.get(url).status_code == 404, url
    assert f"/public/{doc.id}" not in client.get("/public/").get_data(as_text=True)


def test_an_interpretation_of_another_document_is_not_served_under_this_one(client, session, store, office):
    doc = policy_with_interpretation(office, session, store)
    other = office.issued(Attribute.ACTIVE)
    [item] = doc.interpretations
    assert client.get(f"/public/{other.id}/interpretations/{item.id}/file").status_code == 404
