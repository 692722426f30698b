"""Office review, disputes, separation of duties, optimistic locking and issuance (DESIGN §3)."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from review import operations
from review.enums import Attribute, DocState, Validity
from review.errors import Forbidden, Refusal, RuleViolation, SelfReview, StaleVersion
from review.models import AuditEvent, Decision, DecisionKind
from tests.conftest import corpus_bytes
from tests.domain.flow import NOW, Office, issue

A, R, N = Attribute.ACTIVE, Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def last_event(session, doc) -> AuditEvent:
    return session.scalars(sa.select(AuditEvent).where(AuditEvent.document_id == doc.id)
                           .order_by(AuditEvent.id.desc())).first()


def kinds(session, doc) -> list[DecisionKind]:
    return session.scalars(sa.select(Decision.kind).where(Decision.document_id == doc.id).order_by(Decision.id)).all()


def test_section_head_confirms_before_the_office(session, store, make_user, make_section):
    office = Office(session, store, make_user, make_section, head_review=True)
    doc = office.submitted()
    assert doc.state is DocState.SUBMITTED
    with pytest.raises(Forbidden):
        operations.approve(session, office.reviewer, doc, doc.lock_version, now=NOW)
    operations.confirm(session, office.head, doc, doc.lock_version, "同意报送")
    assert doc.state is DocState.OFFICE_REVIEW
    assert last_event(session, doc).action == "document.confirm"


def test_section_head_returns(session, store, make_user, make_section):
    office = Office(session, store, make_user, make_section, head_review=True)
    doc = office.submitted()
    operations.return_for_revision(session, office.head, doc, doc.lock_version, "请补充理由说明")
    assert doc.state is DocState.RETURNED


def test_approve_as_declared(office, session):
    doc = office.submitted(R)
    operations.approve(session, office.reviewer, doc, doc.lock_version, office.warnings(doc), now=NOW)
    session.commit()
    assert doc.state is DocState.APPROVED and doc.attribute is R
    assert kinds(session, doc) == [DecisionKind.APPROVE]
    event = last_event(session, doc)
    assert event.action == "document.approve" and event.actor_id == office.reviewer.id
    assert event.detail["before"] == {"state": "office_review"} and event.detail["after"] == {"state": "approved"}


def test_unacknowledged_warning_refuses_approval(office, session):
    doc = office.submitted(A, file="fixture-04-nomarking.docx")  # no printed marking → warn
    assert "marking_missing" in office.warnings(doc)
    with pytest.raises(Refusal) as refused:
        operations.approve(session, office.reviewer, doc, doc.lock_version, acknowledged=set(), now=NOW)
    assert "确认" in refused.value.message
    session.rollback()
    operations.approve(session, office.reviewer, doc, doc.lock_version, {"marking_missing"}, now=NOW)
    acknowledged = [f for f in doc.current_version.findings if f.code == "marking_missing"]
    assert acknowledged[0].acknowledged_by_id == office.reviewer.id


def test_active_policy_without_interpretation_cannot_be_approved(office, session):
    doc = office.submitted(A, is_policy=True)
    with pytest.raises(RuleViolation) as refused:
        operations.approve(session, office.reviewer, doc, doc.lock_version, office.warnings(doc), now=NOW)
    assert "interpretation_missing" in {f.code for f in refused.value.findings}


def test_return_with_comments_then_revise_and_resubmit(office, session, store):
    doc = office.submitted()
    with pytest.raises(Refusal):
        operations.return_for_revision(session, office.reviewer, doc, doc.lock_version, "")
    operations.return_for_revision(session, office.reviewer, doc, doc.lock_version, "标题与正文不一致，请修改")
    session.commit()
    operations.add_version(session, store, office.drafter, doc, corpus_bytes("seed-000.pdf"), "v2.pdf",
                           doc.lock_version)
    operations.submit(session, office.drafter, doc, doc.lock_version, now=NOW)
    session.commit()
    assert doc.state is DocState.OFFICE_REVIEW and len(doc.versions) == 2
    assert [e.action for e in session.scalars(sa.select(AuditEvent).where(AuditEvent.document_id == doc.id)
                                              .order_by(AuditEvent.id))][-3:] == [
        "document.return", "document.add_version", "document.submit"]


def test_change_attribute_then_drafter_accepts(office, session):
    doc = office.submitted(R)
    with pytest.raises(Refusal):  # a reason is required
        operations.change_attribute(session, office.reviewer, doc, doc.lock_version, A, None, "", now=NOW)
    operations.change_attribute(session, office.reviewer, doc, doc.lock_version, A, None,
                                "通报内容不涉及个人信息，应主动公开", office.warnings(doc) | {"marking_mismatch"},
                                now=NOW)
    session.commit()
    assert doc.state is DocState.ATTRIBUTE_CHANGED and doc.attribute is R  # not applied until accepted
    operations.accept_change(session, office.drafter, doc, doc.lock_version)
    session.commit()
    assert doc.state is DocState.APPROVED and doc.attribute is A and doc.reason_code is None
    assert kinds(session, doc) == [DecisionKind.CHANGE_ATTRIBUTE, DecisionKind.ACCEPT_CHANGE]


def test_change_to_restricted_needs_a_fitting_reason(office, session):
    doc = office.submitted(A)
    with pytest.raises(Refusal) as refused:
        operations.change_attribute(session, office.reviewer, doc, doc.lock_version, R, "state_secret", "涉及内部事务",
                                    now=NOW)
    assert "不适用" in refused.value.message
    with pytest.raises(Refusal):
        operations.change_attribute(session, office.reviewer, doc, doc.lock_version, A, None, "没有变化的调整", now=NOW)


def test_objection_goes_to_the_signatory_who_decides_finally(office, session):
    doc = office.submitted(R)
    operations.change_attribute(session, office.reviewer, doc, doc.lock_version, A, None,
                                "通报内容应当主动公开", office.warnings(doc) | {"marking_mismatch"}, now=NOW)
    operations.object_change(session, office.drafter, doc, doc.lock_version, "通报涉及被检查机构的整改细节")
    session.commit()
    assert doc.state is DocState.DISPUTED
    with pytest.raises(Forbidden):
        operations.rule(session, office.reviewer, doc, doc.lock_version, A, None, "办公室不能自行裁定")
    operations.rule(session, office.signatory, doc, doc.lock_version, R, "specific_use", "同意拟稿科室意见")
    session.commit()
    assert doc.state is DocState.APPROVED and doc.attribute is R and doc.reason_code == "specific_use"
    event = last_event(session, doc)
    assert event.detail["drafter_position"] == "on_request" and event.detail["office_position"] == "active"
    assert kinds(session, doc)[-1] is DecisionKind.RULING
    with pytest.raises(Forbidden):  # final: nothing more to rule on
        operations.rule(session, office.signatory, doc, doc.lock_version, A, None, "再次裁定不被允许")


def test_upstream_active_block_reaches_the_office_and_only_the_signatory_lifts_it(office, session):
    doc = office.submitted(N, upstream_number="国卫办发〔2020〕1号", upstream_attribute=A)
    assert doc.state is DocState.OFFICE_REVIEW and doc.has_block
    with pytest.raises(RuleViolation):
        operations.approve(session, office.reviewer, doc, doc.lock_version, office.warnings(doc), now=NOW)
    session.rollback()
    with pytest.raises(Forbidden):
        operations.override_upstream(session, office.reviewer, doc, doc.lock_version, "办公室无权同意")
    with pytest.raises(Refusal):
        operations.override_upstream(session, office.signatory, doc, doc.lock_version, "")
    operations.override_upstream(session, office.signatory, doc, doc.lock_version, "涉及具体个案，确需不予公开")
    session.commit()
    assert not doc.has_block
    operations.approve(session, office.reviewer, doc, doc.lock_version, office.warnings(doc), now=NOW)
    assert doc.state is DocState.APPROVED and doc.attribute is N


def test_override_is_refused_when_nothing_needs_it(office, session):
    doc = office.submitted(A)
    with pytest.raises(Refusal):
        operations.override_upstream(session, office.signatory, doc, doc.lock_version, "没有需要同意的事项")


@pytest.mark.parametrize("role_attr, action", [("reviewer", "approve"), ("signatory", "rule"),
                                               ("head", "confirm")])
def test_nobody_decides_on_a_document_they_drafted(session, store, make_user, make_section, role_attr, action):
    office = Office(session, store, make_user, make_section, head_review=(action == "confirm"))
    # the decider drafts a document themselves (e.g. a reviewer drafting for the office)
    decider = getattr(office, role_attr)
    doc = office.submitted()
    doc.drafter_id = decider.id
    session.commit()
    if action == "rule":
        doc.state = DocState.DISPUTED
        session.commit()
    call = {"approve": lambda: operations.approve(session, decider, doc, doc.lock_version, now=NOW),
            "rule": lambda: operations.rule(session, decider, doc, doc.lock_version, A, None, "自己裁定自己的文件"),
            "confirm": lambda: operations.confirm(session, decider, doc, doc.lock_version)}[action]
    with pytest.raises(SelfReview):
        call()


def test_decision_on_an_outdated_version_is_refused(office, session, store):
    doc = office.submitted()
    seen = doc.lock_version
    operations.return_for_revision(session, office.reviewer2, doc, seen, "请修改附注标注位置")
    session.commit()
    with pytest.raises(StaleVersion):
        operations.approve(session, office.reviewer, doc, seen, office.warnings(doc), now=NOW)


def test_issue_assigns_the_next_number_and_dates(office, session):
    first = office.issued(A, signed_on=dt.date(2026, 3, 1))
    second = office.issued(R, signed_on=dt.date(2026, 11, 2))
    next_year = office.issued(A, signed_on=dt.date(2027, 1, 5))
    assert first.doc_number == "青卫发〔2026〕1号" and second.doc_number == "青卫发〔2026〕2号"
    assert next_year.doc_number == "青卫发〔2027〕1号"
    assert first.state is DocState.ISSUED and first.signed_on == dt.date(2026, 3, 1)
    assert first.published_on is not None and first.next_review_on is None
    assert second.next_review_on == dt.date(2027, 11, 2)  # specific_use: 12 months
    assert last_event(session, second).detail["after"] == {"state": "issued"}


def test_issue_refuses_a_marking_that_disagrees_until_a_corrected_version(office, session, store):
    doc = office.submitted(R)
    operations.change_attribute(session, office.reviewer, doc, doc.lock_version, A, None,
                                "应当主动公开", office.warnings(doc) | {"marking_mismatch"}, now=NOW)
    operations.accept_change(session, office.drafter, doc, doc.lock_version)
    operations.sign(session, office.signatory, doc, doc.lock_version, None, "同意", now=NOW)
    session.commit()
    with pytest.raises(RuleViolation) as refused:
        issue(session, office.reviewer, doc, office.prefix, dt.date(2026, 11, 2))
    assert {f.code for f in refused.value.findings} == {"marking_mismatch"}
    session.rollback()
    with pytest.raises(Forbidden):  # the drafter cannot swap the file of an approved document
        operations.add_version(session, store, office.drafter, doc, corpus_bytes("seed-000.docx"), "x.docx",
                               doc.lock_version, action="correct_file")
    operations.add_version(session, store, office.reviewer, doc, corpus_bytes("seed-000.docx"), "更正.docx",
                           doc.lock_version, action="correct_file")
    # The corrected file is another file: what it newly raises must be acknowledged before it goes out.
    with pytest.raises(Refusal) as refused:
        issue(session, office.reviewer, doc, office.prefix, dt.date(2026, 11, 2))
    assert {f.code for f in refused.value.findings} == {"doc_number_differs", "title_differs"}
    number = issue(session, office.reviewer, doc, office.prefix, dt.date(2026, 11, 2),
                   acknowledged={"doc_number_differs", "title_differs"})
    assert number == "青卫发〔2026〕1号" and doc.state is DocState.ISSUED


def test_validity_is_set_by_the_office_on_issued_documents(office, session):
    doc = office.issued()
    with pytest.raises(Forbidden):
        operations.set_validity(session, office.drafter, doc, doc.lock_version, Validity.REPEALED)
    operations.set_validity(session, office.reviewer, doc, doc.lock_version, Validity.REPEALED)
    assert doc.validity is Validity.REPEALED and last_event(session, doc).action == "document.set_validity"
