"""The file store: content-addressed, atomic, never overwritten, never out of step with the database."""
from __future__ import annotations

import hashlib
import os

import pytest
import sqlalchemy as sa

from review import operations
from review.enums import Role
from review.models import AuditEvent, Document, DocumentVersion
from review.storage import DamagedFile, Store
from tests.conftest import corpus_bytes


def files_in(root) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def test_put_is_content_addressed_and_idempotent(tmp_path):
    store = Store(tmp_path / "u")
    data = b"%PDF-1.4 example"
    sha, created = store.put(data)
    assert sha == hashlib.sha256(data).hexdigest() and created
    assert store.read(sha) == data
    assert store.put(data) == (sha, False)
    assert files_in(store.root) == [sha]  # no temp files left behind


def test_existing_file_is_never_overwritten(tmp_path):
    store = Store(tmp_path / "u")
    sha, _ = store.put(b"original")
    path = store.path_for(sha)
    os.chmod(path, 0o640)
    path.write_bytes(b"tampered")  # simulate damage; a new put must not silently "repair" by replacing
    assert store.put(b"original") == (sha, False)
    assert path.read_bytes() == b"tampered"


def test_verified_read_refuses_an_altered_or_missing_file(tmp_path):
    store = Store(tmp_path / "u")
    sha, _ = store.put(b"original bytes")
    assert store.read_verified(sha) == b"original bytes"
    path = store.path_for(sha)
    os.chmod(path, 0o640)
    path.write_bytes(b"altered bytes")
    with pytest.raises(DamagedFile) as altered:
        store.read_verified(sha)
    assert not altered.value.missing
    with pytest.raises(DamagedFile) as missing:
        store.read_verified(hashlib.sha256(b"never stored").hexdigest())
    assert missing.value.missing


@pytest.mark.parametrize("name", ["../../etc/passwd", "ABC", "0" * 63, "g" * 64, "/" + "0" * 64])
def test_names_outside_the_sha256_shape_are_refused(tmp_path, name):
    with pytest.raises(ValueError):
        Store(tmp_path / "u").path_for(name)


def test_failure_between_file_write_and_commit_leaves_no_orphan_and_no_row(app, session, store, make_user,
                                                                             monkeypatch):
    drafter = make_user(Role.DRAFTER)
    events_before = session.scalar(sa.select(sa.func.count(AuditEvent.id)))

    def explode(*args, **kwargs):
        raise RuntimeError("disk full while writing the audit event")

    monkeypatch.setattr("review.operations.drafting.audit.append", explode)
    with pytest.raises(RuntimeError):
        operations.create_document(session, store, drafter, corpus_bytes("seed-000.docx"), "a.docx")
    assert any(store.root.rglob("*")), "the file was written before the failure"
    session.rollback()
    assert files_in(store.root) == []
    assert session.scalar(sa.select(sa.func.count(Document.id))) == 0
    assert session.scalar(sa.select(sa.func.count(DocumentVersion.id))) == 0
    assert session.scalar(sa.select(sa.func.count(AuditEvent.id))) == events_before


def test_failed_commit_removes_the_new_file(app, session, store, make_user, monkeypatch):
    drafter = make_user(Role.DRAFTER)
    operations.create_document(session, store, drafter, corpus_bytes("seed-001.pdf"), "b.pdf")

    def failing_commit(*a, **k):
        raise sa.exc.OperationalError("COMMIT", {}, Exception("connection lost"))

    monkeypatch.setattr(session.registry(), "commit", failing_commit)
    with pytest.raises(sa.exc.OperationalError):
        session.commit()
    session.rollback()
    assert files_in(store.root) == []
    assert session.scalar(sa.select(sa.func.count(Document.id))) == 0


def test_rollback_keeps_a_file_another_committed_row_refers_to(app, session, store, make_user):
    drafter = make_user(Role.DRAFTER)
    data = corpus_bytes("seed-002.docx")
    operations.create_document(session, store, drafter, data, "c.docx")
    session.commit()
    sha = hashlib.sha256(data).hexdigest()
    store.remove(sha)  # make the next put "create" the file again
    operations.create_document(session, store, drafter, data, "c-again.docx")
    session.rollback()
    assert store.path_for(sha).is_file(), "the committed version's file must survive the other transaction's rollback"
