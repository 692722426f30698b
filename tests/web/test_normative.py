"""The office marks a 规范性文件 and its repeal on the staff catalogue; the audit counts it."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from review import reports
from review.enums import Attribute, Role, Validity
from review.models import AuditEvent, Document, DocumentVersion
from tests import audit_data


def an_active_document(session) -> Document:
    audit_data.build(session, documents=30, requests=0)
    doc = session.scalars(sa.select(Document).where(Document.attribute == Attribute.ACTIVE,
                                                     Document.signed_on < dt.date(2026, 1, 1),
                                                     Document.is_normative.is_(False))
                           .order_by(Document.id).limit(1)).one()
    # The catalogue lists a document with its current file; the generated archive has none.
    session.add(DocumentVersion(document_id=doc.id, number=1, uploaded_by_id=doc.drafter_id, sha256="0" * 64,
                                size=1, media_type="application/pdf", original_filename="a.pdf"))
    doc.version_count = 1
    session.commit()
    return doc


def test_reviewer_marks_a_normative_document_and_its_repeal(session, client, login, make_user):
    doc = an_active_document(session)
    login(make_user(Role.REVIEWER))
    page = client.get("/catalogue/active").get_data(as_text=True)
    assert f'/catalogue/{doc.id}/normative' in page
    year = doc.signed_on.year
    before, before_2026 = reports.normative(session, year), reports.normative(session, 2026)
    response = client.post(f"/catalogue/{doc.id}/normative",
                           data={"is_normative": "y", "repealed_on": "", "lock": doc.lock_version})
    assert response.status_code == 302
    session.expire_all()
    assert (doc.is_normative, doc.repealed_on) == (True, None)
    assert reports.normative(session, year).issued == before.issued + 1
    repealed = dt.date(2026, 3, 2)
    response = client.post(f"/catalogue/{doc.id}/normative",
                           data={"is_normative": "y", "repealed_on": repealed.isoformat(), "lock": doc.lock_version})
    assert response.status_code == 302
    session.expire_all()
    assert (doc.repealed_on, doc.validity) == (repealed, Validity.REPEALED)
    assert reports.normative(session, 2026).repealed == before_2026.repealed + 1
    events = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "document.set_normative")).all()
    assert [e.detail["after"]["repealed_on"] for e in events] == [None, "2026-03-02"]


def test_bad_repeal_date_changes_nothing(session, client, login, make_user):
    doc = an_active_document(session)
    login(make_user(Role.REVIEWER))
    cases = {
        "2026-13-40": "废止日期格式应为",
        (doc.signed_on - dt.timedelta(days=1)).isoformat(): "不能早于成文日期",
        "2099-01-01": "不能晚于今天",
    }
    for value, message in cases.items():
        response = client.post(f"/catalogue/{doc.id}/normative",
                               data={"is_normative": "y", "repealed_on": value, "lock": doc.lock_version})
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    response = client.post(f"/catalogue/{doc.id}/normative",
                           data={"repealed_on": "2026-01-05", "lock": doc.lock_version})
    assert "请先勾选" in response.get_data(as_text=True)
    session.expire_all()
    assert (doc.is_normative, doc.repealed_on, doc.validity) == (False, None, Validity.VALID)
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                          .where(AuditEvent.action == "document.set_normative")) == 0


def test_only_the_office_marks_normative_documents(session, client, login, make_user):
    doc = an_active_document(session)
    login(make_user(Role.AUDITOR))
    assert f'/catalogue/{doc.id}/normative' not in client.get("/catalogue/active").get_data(as_text=True)
    response = client.post(f"/catalogue/{doc.id}/normative", data={"is_normative": "y", "lock": doc.lock_version})
    assert response.status_code == 403
    session.expire_all()
    assert doc.is_normative is False
