"""签发 (issue 11 part 2): the signatory signs or sends back; additional signatories per section;
separation of duties; the signing date is plausible."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from review import inbox, operations
from review.enums import Attribute, DocState, Role
from review.errors import Forbidden, Refusal, SelfReview
from review.models import AuditEvent, Decision, DecisionKind
from review.operations.signing_settings import set_section_signatory
from tests.domain.flow import NOW, Office

A = Attribute.ACTIVE


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def test_sign_records_who_and_when(office, session):
    doc = office.approved(A)
    operations.sign(session, office.signatory, doc, doc.lock_version, dt.date(2026, 11, 19), "同意印发", now=NOW)
    session.commit()
    assert doc.state is DocState.SIGNED and doc.signatory_id == office.signatory.id
    assert doc.signature_date == dt.date(2026, 11, 19)
    decision = session.scalars(sa.select(Decision).where(Decision.document_id == doc.id)).all()[-1]
    assert decision.kind is DecisionKind.SIGN and decision.comment == "同意印发"
    event = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id.desc())).first()
    assert event.action == "document.sign" and event.detail["signature_date"] == "2026-11-19"


def test_sign_defaults_to_the_offices_date_and_refuses_a_future_one(office, session):
    doc = office.approved(A)
    with pytest.raises(Refusal, match="合理范围"):
        operations.sign(session, office.signatory, doc, doc.lock_version, dt.date(2026, 11, 21), "", now=NOW)
    operations.sign(session, office.signatory, doc, doc.lock_version, None, "", now=NOW)
    assert doc.signature_date == NOW.date()


def test_send_back_needs_a_reason_and_returns_to_the_office(office, session):
    doc = office.approved(A)
    with pytest.raises(Refusal):
        operations.send_back(session, office.signatory, doc, doc.lock_version, "")
    operations.send_back(session, office.signatory, doc, doc.lock_version, "请办公室再核公开属性")
    assert doc.state is DocState.OFFICE_REVIEW


def test_only_a_signatory_signs_and_never_their_own_document(office, session, make_user):
    doc = office.approved(A)
    with pytest.raises(Forbidden):
        operations.sign(session, office.reviewer, doc, doc.lock_version, None, "", now=NOW)
    doc.drafter_id = office.signatory.id
    session.commit()
    with pytest.raises(SelfReview):
        operations.sign(session, office.signatory, doc, doc.lock_version, None, "", now=NOW)


def test_the_issuing_step_needs_the_signature(office, session):
    doc = office.approved(A)
    with pytest.raises(Forbidden):
        operations.issue(session, office.reviewer, doc, doc.lock_version, office.prefix.id, dt.date(2026, 11, 2),
                         now=NOW, explanation="样本文件")


def test_an_additional_signatory_signs_their_sections_documents(office, session, make_user, make_section):
    head_of_office = make_user(Role.REVIEWER)
    set_section_signatory(session, office.section.name, head_of_office.username, True)
    session.commit()
    doc = office.approved(A)
    own_drafter, office.drafter = office.drafter, make_user(Role.DRAFTER, make_section())
    elsewhere = office.approved(A)  # drafted in another section
    office.drafter = own_drafter
    waiting = dict((h, t) for h, t, _ in inbox.inbox(session, head_of_office, NOW.date()))
    assert waiting["本科室文件待签发（您是指定签发人）"] == 1
    with pytest.raises(Forbidden):
        operations.sign(session, head_of_office, elsewhere, elsewhere.lock_version, None, "", now=NOW)
    operations.sign(session, head_of_office, doc, doc.lock_version, None, "例行文件，同意", now=NOW)
    assert doc.state is DocState.SIGNED and doc.signatory_id == head_of_office.id
    assert session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all().count(
        "section.signatories") == 1


def test_only_office_staff_can_be_named(office, session):
    with pytest.raises(Refusal, match="只能指定办公室人员"):
        set_section_signatory(session, office.section.name, office.drafter.username, True)
