"""Items 6, 11, 15: `storage gc`, `verify`, and an audit trail that cannot be cut or bypassed unseen."""
from __future__ import annotations

import os
import time

import pytest
import sqlalchemy as sa

from review import audit, operations
from review.enums import Role
from review.models import AuditEvent
from tests.conftest import corpus_bytes
from tests.domain.flow import Office


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def _age(path, seconds=7200):
    past = time.time() - seconds
    os.utime(path, (past, past))


def _cli(app, *args):
    return app.test_cli_runner().invoke(args=list(args))


def test_gc_removes_orphans_and_partial_files_only(app, session, store, office):
    doc = office.submitted()
    kept = store.path_for(doc.current_version.sha256)
    orphan_sha, _ = store.put(b"%PDF-1.4 an upload whose transaction never committed")
    orphan = store.path_for(orphan_sha)
    partial = orphan.parent / ".tmp-abc123"
    partial.write_bytes(b"half a file")
    young_sha, _ = store.put(b"%PDF-1.4 an upload in flight right now")
    for path in (kept, orphan, partial):
        _age(path)
    result = _cli(app, "storage", "gc")
    assert result.exit_code == 0, result.output
    assert orphan_sha in result.output and "临时文件 1 个" in result.output
    assert kept.exists() and store.path_for(young_sha).is_file()
    assert not orphan.exists() and not partial.exists()
    again = _cli(app, "storage", "gc")
    assert again.exit_code == 0 and "孤立文件 0 个" in again.output  # idempotent


def test_verify_passes_on_a_sound_instance_and_names_each_problem(app, session, store, office):
    doc = office.issued()
    path = store.path_for(doc.current_version.sha256)
    ok = _cli(app, "verify")
    assert ok.exit_code == 0 and "完整性校验通过" in ok.output, ok.output
    os.chmod(path, 0o640)
    path.write_bytes(b"altered")
    store.put(b"%PDF-1.4 stray")
    broken = _cli(app, "verify")
    assert broken.exit_code == 1
    assert "已被改动" in broken.output and "孤立文件" in broken.output and "完整性校验失败" in broken.output
    path.unlink()
    assert "文件缺失" in _cli(app, "verify").output


def test_setting_the_attribute_behind_the_operations_back_is_caught(app, session, office):
    """A 不予公开 document published by `UPDATE document SET attribute='active'` used to pass verify."""
    from review.enums import Attribute

    doc_id = office.issued(Attribute.NON_DISCLOSABLE).id
    first = _cli(app, "verify")
    assert first.exit_code == 0, first.output
    session.execute(sa.text("UPDATE document SET attribute = 'active' WHERE id = :id"), {"id": doc_id})
    session.commit()
    result = _cli(app, "verify")
    assert result.exit_code == 1 and f"文件 #{doc_id} 的公开属性" in result.output


def test_a_state_changed_behind_the_back_is_caught(app, session, office):
    doc_id = office.submitted().id
    session.execute(sa.text("UPDATE document SET state = 'issued' WHERE id = :id"), {"id": doc_id})
    session.commit()
    result = _cli(app, "verify")
    assert result.exit_code == 1 and f"文件 #{doc_id} 的状态" in result.output


def test_deleting_the_last_events_is_caught(app, session, office):
    office.submitted()
    assert _cli(app, "audit", "verify").exit_code == 0
    session.execute(sa.text("DELETE FROM audit_event WHERE id = (SELECT MAX(id) FROM audit_event)"))
    session.commit()
    for command in (("audit", "verify"), ("verify",)):
        result = _cli(app, *command)
        assert result.exit_code == 1 and "末尾的记录被删除" in result.output, command


def test_rewriting_the_chain_with_the_published_function_is_caught(app, session, office):
    office.submitted()
    rows = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)).all()
    prev = audit.GENESIS
    session.execute(sa.text("UPDATE audit_event SET prev_hash = 'x' || id"))  # free the unique links first
    for ev in rows:
        detail = dict(ev.detail)
        if ev.action == "document.create":
            detail["after"] = {**detail["after"], "attribute": "active"}
        new = audit.event_hash(prev, ev.created_at, ev.actor_id, ev.action, ev.document_id, detail)  # no key
        session.execute(sa.text("UPDATE audit_event SET prev_hash = :p, hash = :h WHERE id = :id"),
                        {"p": prev, "h": new, "id": ev.id})
        prev = new
    session.commit()
    session.expire_all()
    assert not audit.verify(session).ok
    assert _cli(app, "audit", "verify").exit_code == 1


def test_the_chain_key_lives_outside_the_database(app, session):
    audit.append(session, actor_id=None, action="test.event")
    session.commit()
    ev = session.scalar(sa.select(AuditEvent))
    unkeyed = audit.event_hash(ev.prev_hash, ev.created_at, ev.actor_id, ev.action, ev.document_id, ev.detail)
    assert ev.hash != unkeyed
    assert audit.verify(session).ok and not audit.verify(session, key=b"another key").ok


def test_files_added_outside_the_operations_are_caught(app, session, store, office):
    doc = office.submitted()
    session.refresh(doc)
    session.execute(sa.text(
        "INSERT INTO interpretation (document_id, uploaded_by_id, sha256, size, media_type, original_filename, "
        "uploaded_at) VALUES (:d, :u, :s, 1, 'application/pdf', 'x.pdf', '2026-01-01 00:00:00')"),
        {"d": doc.id, "u": office.drafter.id, "s": store.put(corpus_bytes("seed-001.docx"))[0]})
    session.commit()
    result = _cli(app, "verify")
    assert result.exit_code == 1 and "政策解读材料与操作日志记载不符" in result.output


def test_create_document_events_replay_to_the_document(session, store, make_user):
    drafter = make_user(Role.DRAFTER)
    operations.create_document(session, store, drafter, corpus_bytes("fixture-03-secret.docx"), "密.docx")
    session.commit()
    from review import audit_state

    assert audit_state.check_documents(session).problems == []
