"""Upload, declaration and submission through the operations (real database, real parser, real files)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from review import operations, rules
from review.enums import Attribute, DocState, Role, Severity
from review.errors import Forbidden, Refusal, RuleViolation, StaleVersion
from review.models import AuditEvent, Document, DocumentVersion
from tests.conftest import corpus_bytes
from tests.domain.flow import NOW

EXPLAINED = "本通报仅对被检查的医疗机构有整改作用，不需社会公众广泛知晓。"


def declaration(doc: Document, **changes) -> operations.Declaration:
    return operations.Declaration.of(doc, **changes)


def actions(session, doc_id) -> list[str]:
    return session.scalars(sa.select(AuditEvent.action).where(AuditEvent.document_id == doc_id)
                           .order_by(AuditEvent.id)).all()


@pytest.fixture
def drafter(make_user):
    return make_user(Role.DRAFTER)


def test_upload_parses_and_prefills_the_declaration(session, store, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("fixture-02-table.docx"), "通报.docx")
    session.commit()
    assert doc.state is DocState.DRAFT and doc.section_id == drafter.section_id
    assert doc.doc_number == "禾卫办发〔2023〕9号"
    assert doc.title == "青禾市卫生健康委员会办公室关于2023年第一季度医疗机构依法执业检查情况的通报"
    assert doc.attribute is Attribute.ON_REQUEST  # from the printed 附注
    v = doc.current_version
    assert (v.number, v.original_filename, v.media_type) == (1, "通报.docx", operations.drafting.MEDIA_TYPES["docx"])
    assert store.read(v.sha256) == corpus_bytes("fixture-02-table.docx")
    assert v.elements["signed_date"] == "2023-04-12" and "依法执业" in v.text
    assert v.elements["recipients"].startswith("各县（区）卫生健康局")
    assert actions(session, doc.id) == ["document.create"]


def test_pdf_upload_records_its_page_count(session, store, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("fixture-09-multipage.pdf"), "m.pdf")
    assert doc.current_version.page_count == 10
    assert doc.upstream_number == "国办发〔2019〕54号"


def test_restricted_submission_without_reason_is_refused_and_changes_nothing(session, store, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("fixture-02-table.docx"), "x.docx")
    session.commit()
    lock = doc.lock_version
    with pytest.raises(RuleViolation) as refused:
        operations.submit(session, drafter, doc, lock, now=NOW)
    assert {f.code for f in refused.value.findings} >= {"reason_missing", "explanation_missing"}
    session.rollback()
    assert doc.state is DocState.DRAFT and doc.lock_version == lock
    assert actions(session, doc.id) == ["document.create"]


def test_submission_with_reason_goes_to_the_office_with_findings_recorded(session, store, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("fixture-02-table.docx"), "x.docx")
    session.commit()
    operations.declare(session, drafter, doc, declaration(doc, reason_code="specific_use", reason_text=EXPLAINED),
                       doc.lock_version)
    found = operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    session.commit()
    assert doc.state is DocState.OFFICE_REVIEW and doc.submitted_at is not None
    assert not any(f.blocks for f in found)
    assert [f.code for f in doc.current_version.findings] == [f.code for f in found]
    assert actions(session, doc.id) == ["document.create", "document.declare", "document.submit"]
    declared = session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "document.declare"))
    assert declared.detail["before"]["reason_code"] is None
    assert declared.detail["after"]["reason_code"] == "specific_use"


def test_section_with_head_review_routes_to_the_head(session, store, make_section, make_user):
    section = make_section(requires_head_review=True)
    drafter = make_user(Role.DRAFTER, section)
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-000.docx"), "s.docx")
    operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    assert doc.state is DocState.SUBMITTED


def test_secret_document_declared_active_is_blocked(session, store, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("fixture-03-secret.pdf"), "s.pdf")
    operations.declare(session, drafter, doc, declaration(doc, attribute=Attribute.ACTIVE), doc.lock_version)
    with pytest.raises(RuleViolation) as refused:
        operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    assert "secret_active" in {f.code for f in refused.value.findings}


def test_document_without_marking_is_submitted_with_a_warning(session, store, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("fixture-04-nomarking.docx"), "n.docx")
    assert doc.attribute is None
    with pytest.raises(RuleViolation) as refused:
        operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    assert [f.code for f in refused.value.findings if f.blocks] == ["attribute_missing"]
    operations.declare(session, drafter, doc, declaration(doc, attribute=Attribute.ACTIVE), doc.lock_version)
    found = operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    assert {(f.code, f.severity) for f in found} == {("marking_missing", Severity.WARN)}


def test_stale_form_is_refused(session, store, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-000.docx"), "s.docx")
    session.commit()
    old = doc.lock_version
    operations.declare(session, drafter, doc, declaration(doc, title="新的标题"), old)
    session.commit()
    with pytest.raises(StaleVersion):
        operations.declare(session, drafter, doc, declaration(doc, title="另一个标题"), old)


def test_other_section_cannot_touch_the_document(session, store, drafter, make_user):
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-000.docx"), "s.docx")
    outsider = make_user(Role.DRAFTER)
    with pytest.raises(Forbidden):
        operations.submit(session, outsider, doc, doc.lock_version, now=NOW)
    with pytest.raises(Forbidden):
        operations.declare(session, outsider, doc, declaration(doc), doc.lock_version)


def test_only_a_drafter_with_a_section_creates_documents(session, store, make_user):
    with pytest.raises(Forbidden):
        operations.create_document(session, store, make_user(Role.REVIEWER), corpus_bytes("seed-000.docx"), "a")


def test_returned_document_is_revised_with_a_new_version_and_old_ones_stay(session, store, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-000.docx"), "v1.docx")
    operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    doc.state = DocState.RETURNED  # the office's return is an issue-3 operation; the state is what matters here
    session.commit()
    operations.add_version(session, store, drafter, doc, corpus_bytes("seed-000.pdf"), "v2.pdf", doc.lock_version)
    operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    session.commit()
    versions = session.scalars(sa.select(DocumentVersion).where(DocumentVersion.document_id == doc.id)
                               .order_by(DocumentVersion.number)).all()
    assert [(v.number, v.original_filename) for v in versions] == [(1, "v1.docx"), (2, "v2.pdf")]
    assert all(store.path_for(v.sha256).is_file() for v in versions)
    assert doc.state is DocState.OFFICE_REVIEW and doc.current_version.number == 2


def test_submitted_document_cannot_be_edited(session, store, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-000.docx"), "s.docx")
    operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    with pytest.raises(Forbidden):
        operations.add_version(session, store, drafter, doc, corpus_bytes("seed-000.pdf"), "x.pdf", doc.lock_version)


def test_unknown_reason_code_is_refused(session, store, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-000.docx"), "s.docx")
    with pytest.raises(Refusal):
        operations.declare(session, drafter, doc, declaration(doc, reason_code="made_up"), doc.lock_version)


def test_interpretation_material_is_attached_and_clears_the_warning(session, store, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-000.docx"), "s.docx")
    operations.declare(session, drafter, doc, declaration(doc, is_policy=True), doc.lock_version)
    codes = {f.code for f in rules.findings(operations.facts_for(session, doc))}
    assert "interpretation_missing" in codes
    operations.attach_interpretation(session, store, drafter, doc, corpus_bytes("seed-003.pdf"), "解读.pdf",
                                     doc.lock_version, now=NOW)
    found = operations.submit(session, drafter, doc, doc.lock_version, now=NOW)
    assert "interpretation_missing" not in {f.code for f in found}
    assert doc.interpretations[0].original_filename == "解读.pdf"


def test_a_stored_version_cannot_be_edited(session, store, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-000.docx"), "s.docx")
    session.commit()
    doc.current_version.original_filename = "篡改.docx"
    with pytest.raises(ValueError, match="immutable"):
        session.flush()
    session.rollback()
    assert doc.current_version.original_filename == "s.docx"


def test_joint_document_prefills_its_co_issuers_and_the_joint_rule_fires(session, store, drafter):
    doc = operations.create_document(session, store, drafter, corpus_bytes("fixture-11-joint.pdf"), "联合.pdf")
    session.commit()
    assert doc.co_issuers == "青禾市医疗保障局"
    found = rules.findings(operations.facts_for(session, doc), rules.SUBMIT)
    assert "joint_issuance" in {f.code for f in found}


def test_a_stored_file_name_is_printable_whatever_path_it_came_by(session, store, make_user):
    """The upload form refuses control characters; the ledger import and the CLI pass names too, and a
    stored name is sent back in a Content-Disposition header, where a line break is refused."""
    from review import operations
    from review.enums import Role
    from tests.conftest import corpus_bytes

    drafter = make_user(Role.DRAFTER)
    name = "通知\r\nX-Evil: 1\x00.docx"
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-001.docx"), name)
    assert doc.current_version.original_filename == "通知X-Evil: 1.docx"
