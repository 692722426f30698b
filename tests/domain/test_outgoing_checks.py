"""What goes out is what the rules checked: rulings, corrected files and issuance run the findings on
the file and attribute that will be issued; the issued number and date agree with the file; legal
dates come from the office's clock (issue 6, items 2, 4, 5, 8, 9, 10, 14)."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from review import clock, operations
from review.enums import Attribute, DocState
from review.errors import Refusal, RuleViolation
from review.models import AuditEvent, Decision, DecisionKind, NumberPrefix
from tests.conftest import CORPUS, corpus_bytes
from tests.domain.flow import NOW, Office, issue

A, R, N = Attribute.ACTIVE, Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def events(session, doc) -> list[AuditEvent]:
    return session.scalars(sa.select(AuditEvent).where(AuditEvent.document_id == doc.id).order_by(AuditEvent.id)).all()


# --- item 4: the ruling, the corrected file and issuance run the rules -----------------------------

def test_the_signatorys_ruling_runs_the_rules(office, session):
    """A policy document without 政策解读 may not be ruled active, although the office's proposal was lawful."""
    doc = office.submitted(R, is_policy=True)
    operations.change_attribute(session, office.reviewer, doc, doc.lock_version, N, "process_info",
                                "本件为内部请示过程稿，拟不予公开", office.warnings(doc) | {"marking_mismatch"},
                                now=NOW)
    operations.object_change(session, office.drafter, doc, doc.lock_version, "应依申请公开，请签发人裁定")
    session.commit()
    with pytest.raises(RuleViolation) as refused:
        operations.rule(session, office.signatory, doc, doc.lock_version, A, None, "裁定为主动公开")
    assert "interpretation_missing" in {f.code for f in refused.value.findings}
    session.rollback()
    assert doc.state is DocState.DISPUTED and doc.attribute is R


def test_a_corrected_file_with_a_secrecy_mark_is_refused(office, session, store):
    doc = office.approved(A)
    versions = doc.version_count
    with pytest.raises(RuleViolation) as refused:
        operations.add_version(session, store, office.reviewer, doc, corpus_bytes("fixture-03-secret.docx"),
                               "更正.docx", doc.lock_version, action="correct_file")
    assert "secret_active" in {f.code for f in refused.value.findings}
    session.rollback()
    assert doc.version_count == versions and doc.state is DocState.APPROVED


def test_a_corrected_file_has_its_own_findings_recorded(office, session, store):
    doc = office.signed(A)
    operations.add_version(session, store, office.reviewer, doc, corpus_bytes("fixture-04-nomarking.docx"),
                           "更正.docx", doc.lock_version, action="correct_file")
    assert "marking_missing" in {f.code for f in doc.current_version.findings}
    with pytest.raises(RuleViolation) as refused:  # the final file must carry the marking
        issue(session, office.reviewer, doc, office.prefix, dt.date(2026, 11, 2))
    assert {f.code for f in refused.value.findings} == {"marking_missing"}


# --- item 2: the office attests that the issued copy carries the marking ----------------------------

def test_office_attests_the_marking_with_a_reason_then_issues(office, session):
    doc = office.signed(A, file="fixture-04-nomarking.docx")
    with pytest.raises(Refusal):
        operations.attest_marking(session, office.reviewer, doc, doc.lock_version, "")
    operations.attest_marking(session, office.reviewer, doc, doc.lock_version, "附注由印制环节加印于成文日期下一行")
    number = issue(session, office.reviewer, doc, office.prefix, dt.date(2026, 11, 2),
                   acknowledged={"doc_number_differs", "title_differs"})
    assert number.startswith("青卫发〔2026〕") and doc.state is DocState.ISSUED
    attest = [e for e in events(session, doc) if e.action == "document.attest_marking"]
    assert attest and attest[0].detail["comment"] == "附注由印制环节加印于成文日期下一行"
    assert attest[0].detail["marking"] == "此件主动公开"


def test_attesting_a_marking_the_file_already_carries_is_refused(office, session):
    doc = office.approved(A)
    with pytest.raises(Refusal, match="已识别到公开标注"):
        operations.attest_marking(session, office.reviewer, doc, doc.lock_version, "无需确认的确认理由")


def test_only_the_office_attests(office, session):
    doc = office.approved(A, file="fixture-04-nomarking.docx")
    with pytest.raises(Refusal):
        operations.attest_marking(session, office.drafter, doc, doc.lock_version, "拟稿人不能确认标注")


# --- item 9: the issued number and date agree with the final file -----------------------------------

def test_issuing_against_the_printed_number_and_date_is_refused_without_a_written_reason(office, session):
    doc = office.signed(A)  # seed-000.docx prints 长卫办发〔2020〕12号 and 2020-07-08
    with pytest.raises(RuleViolation) as refused:
        issue(session, office.reviewer, doc, office.prefix, dt.date(2026, 11, 2), explanation="")
    assert {f.code for f in refused.value.findings} == {"issued_number_differs", "issued_date_differs"}
    session.rollback()
    assert doc.state is DocState.SIGNED and doc.doc_number != "青卫发〔2026〕1号"
    number = issue(session, office.reviewer, doc, office.prefix, dt.date(2026, 11, 2),
                   explanation="原件为上年度留存样稿，以本次登记的文号为准")
    session.commit()
    assert number == "青卫发〔2026〕1号"
    last = events(session, doc)[-1]
    assert last.detail["printed_differs"] == ["issued_number_differs", "issued_date_differs"]
    assert last.detail["explanation"] == "原件为上年度留存样稿，以本次登记的文号为准"
    assert session.scalars(sa.select(Decision.kind).where(Decision.document_id == doc.id)).all()[-1] \
        is DecisionKind.ISSUE


def test_the_number_printed_on_the_final_file_is_the_one_issued(office, session):
    """When the office's 代字 matches the printed number and its serial is free, that number is issued."""
    prefix = NumberPrefix(code="长卫办发", organ="长治市卫生健康委员会办公室", doc_type="发文")
    session.add(prefix)
    session.commit()
    doc = office.signed(A)
    number = issue(session, office.reviewer, doc, prefix, dt.date(2020, 7, 8), explanation="")
    assert number == "长卫办发〔2020〕12号" and doc.signed_on == dt.date(2020, 7, 8)
    other = office.signed(A)  # the same printed number again: its serial is taken
    with pytest.raises(RuleViolation):
        issue(session, office.reviewer, other, prefix, dt.date(2020, 7, 8), explanation="")


def test_preview_number_shows_what_issue_will_assign(office, session):
    prefix = NumberPrefix(code="长卫办发", organ="长治市卫生健康委员会办公室", doc_type="发文")
    session.add(prefix)
    session.commit()
    assert operations.preview_number(session, prefix, 2020, "长卫办发〔2020〕12号") == "长卫办发〔2020〕12号"
    assert operations.preview_number(session, prefix, 2021, "长卫办发〔2020〕12号") == "长卫办发〔2021〕1号"


@pytest.mark.parametrize("signed_on", [dt.date(1, 1, 1), dt.date(1900, 1, 1), dt.date(2030, 1, 1)])
def test_implausible_dates_are_refused(office, session, signed_on):
    doc = office.signed(A)
    with pytest.raises(Refusal, match="合理范围"):
        issue(session, office.reviewer, doc, office.prefix, signed_on)


# --- item 10: legal dates from the office's clock ---------------------------------------------------

def test_published_on_is_the_offices_date_not_the_servers():
    late_utc = dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC)  # already 21 November in Beijing
    now = clock.office_now("Asia/Shanghai", late_utc)
    assert clock.local_date(now) == dt.date(2026, 11, 21)
    assert clock.stored(now) == dt.datetime(2026, 11, 20, 23, 30)
    with pytest.raises(ValueError):
        clock.local_date(dt.datetime(2026, 11, 20))


def test_issue_dates_come_from_the_clock_passed_in(office, session):
    doc = office.signed(A)
    late = clock.office_now("Asia/Shanghai", dt.datetime(2026, 11, 20, 23, 30, tzinfo=dt.UTC))
    issue(session, office.reviewer, doc, office.prefix, dt.date(2026, 11, 2), now=late)
    assert doc.published_on == dt.date(2026, 11, 21)
    assert doc.issued_at == dt.datetime(2026, 11, 20, 23, 30)


# --- item 14: an active ruling leaves no restricted reason behind -----------------------------------

def test_ruling_active_clears_the_restricted_reason(office, session):
    doc = office.submitted(R)
    operations.change_attribute(session, office.reviewer, doc, doc.lock_version, A, None,
                                "通报内容应当主动公开", office.warnings(doc) | {"marking_mismatch"}, now=NOW)
    operations.object_change(session, office.drafter, doc, doc.lock_version, "涉及被检查机构的整改细节")
    operations.rule(session, office.signatory, doc, doc.lock_version, A, None, "同意办公室意见，主动公开")
    assert doc.attribute is A and doc.reason_code is None and doc.reason_text == ""


# --- item 8: the upstream is never the document's own number ----------------------------------------

@pytest.mark.parametrize("name", sorted(p.name for p in CORPUS.glob("*.*") if p.suffix in (".docx", ".pdf")))
def test_upstream_is_never_the_documents_own_number(session, store, make_user, name):
    doc = operations.create_document(session, store, make_user(), corpus_bytes(name), name)
    assert doc.upstream_number is None or doc.upstream_number != doc.doc_number


def test_findings_use_the_offices_own_marking_wording(office, session):
    """山西 offices print （此件公开发布）: the finding asks for the wording the office prints."""
    from review.operations.admin import update_settings
    update_settings(session, {"marking_active": "此件公开发布"})
    doc = office.submitted(A, file="fixture-04-nomarking.docx")
    messages = [f.message for f in doc.current_version.findings if f.code == "marking_missing"]
    assert messages and "（此件公开发布）" in messages[0]
