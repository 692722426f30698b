"""Every refused upload kind, over HTTP: a clear Chinese message, and nothing stored (no row, no file)."""
from __future__ import annotations

import io

import pytest
import sqlalchemy as sa
from werkzeug.test import EnvironBuilder

from review.enums import Role
from review.models import AuditEvent, Document, DocumentVersion
from tests.conftest import corpus_bytes
from tests.unit import _hostile

HOSTILE = {
    "zip bomb": lambda: _hostile.zip_bomb_docx(),
    "renamed exe": lambda: b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 4096,
    "encrypted pdf": _hostile.encrypted_pdf,
    "truncated docx": lambda: corpus_bytes("seed-000.docx")[:5000],
    "truncated pdf": lambda: corpus_bytes("seed-000.pdf")[:3000],
    "xml entity bomb": _hostile.entity_bomb_docx,
    "xxe": _hostile.xxe_docx,
    "empty file": lambda: b"",
    "plain text": lambda: "这是一个文本文件，不是公文。".encode(),
    "legacy .doc": lambda: _hostile.ole_doc(),
    "password-protected docx": lambda: _hostile.ole_doc(encrypted=True),
}


def post_file(client, data: bytes, name: str, url: str = "/documents/new", **fields):
    """POST a multipart upload. The body of a large upload is spooled to a temporary file that the
    test client never closes (it closes only a wrapper), so build the environ here and close it."""
    builder = EnvironBuilder(path=url, method="POST", content_type="multipart/form-data",
                             data={"file": (io.BytesIO(data), name), **fields})
    environ = builder.get_environ()
    builder.close()
    try:
        response = client.open(environ)
        response.get_data()
    finally:
        environ["wsgi.input"].close()
    return response


def nothing_stored(session, store) -> bool:
    counts = [session.scalar(sa.select(sa.func.count(m.id))) for m in (Document, DocumentVersion, AuditEvent)]
    return counts == [0, 0, 0] and not any(p.is_file() for p in store.root.rglob("*"))


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_upload_is_refused_in_chinese_and_stores_nothing(login, make_user, session, store, kind):
    client = login(make_user(Role.DRAFTER))
    session.execute(sa.delete(AuditEvent))
    session.commit()
    response = post_file(client, HOSTILE[kind](), "通知.docx")
    assert response.status_code == 400
    message = response.get_data(as_text=True)
    assert 'id="error-message"' in message
    text = message.split('id="error-message">')[1].split("<")[0]
    assert text and any("\u4e00" <= ch <= "\u9fff" for ch in text), text
    session.rollback()
    assert nothing_stored(session, store)


def test_a_pdf_named_docx_is_recognised_by_content(login, make_user, session):
    client = login(make_user(Role.DRAFTER))
    assert post_file(client, corpus_bytes("seed-001.pdf"), "看起来像.docx").status_code == 302
    assert session.scalar(sa.select(DocumentVersion.media_type)) == "application/pdf"


def test_missing_file_field_is_refused(login, make_user, session, store):
    client = login(make_user(Role.DRAFTER))
    response = client.post("/documents/new", data={}, content_type="multipart/form-data")
    assert response.status_code == 400 and "请选择要上传的文件" in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count(Document.id))) == 0


def test_oversize_upload_gets_413_in_chinese(other_app, tmp_path, make_user):
    username = make_user(Role.DRAFTER).username
    app = other_app(MAX_CONTENT_LENGTH=64 * 1024)
    client = app.test_client()
    client.post("/login", data={"username": username, "password": "secret-pass-1"})
    response = post_file(client, corpus_bytes("fixture-09-multipage.pdf"), "big.pdf")
    assert response.status_code == 413 and "文件过大" in response.get_data(as_text=True)
    uploads = app.extensions["store"].root
    assert not uploads.exists() or not any(p.is_file() for p in uploads.rglob("*"))


def test_hostile_revision_leaves_the_document_as_it_was(login, make_user, session, store):
    client = login(make_user(Role.DRAFTER))
    post_file(client, corpus_bytes("seed-000.docx"), "a.docx")
    doc = session.scalar(sa.select(Document))
    files_before = sorted(p.name for p in store.root.rglob("*") if p.is_file())
    response = post_file(client, _hostile.zip_bomb_docx(), "v2.docx", url=f"/documents/{doc.id}/versions",
                         lock=doc.lock_version)
    assert response.status_code == 400
    session.rollback()
    assert session.scalar(sa.select(sa.func.count(DocumentVersion.id))) == 1
    assert sorted(p.name for p in store.root.rglob("*") if p.is_file()) == files_before
