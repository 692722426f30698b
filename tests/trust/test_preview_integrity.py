"""Item 7: the preview shows a stored file only while it still matches its SHA-256."""
from __future__ import annotations

import os

from review import operations
from review.enums import Role
from review.web.document_page import docx_preview
from tests.conftest import corpus_bytes


def test_an_altered_docx_is_not_previewed(login, make_user, session, store):
    drafter = make_user(Role.DRAFTER)
    doc = operations.create_document(session, store, drafter, corpus_bytes("seed-000.docx"), "a.docx")
    session.commit()
    client = login(drafter)
    first = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "文件校验失败" not in first
    path = store.path_for(doc.current_version.sha256)
    os.chmod(path, 0o640)
    path.write_bytes(corpus_bytes("seed-001.docx"))  # someone replaced the file on disk
    page = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "文件校验失败" in page
    docx_preview.cache_clear()
    page = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "文件校验失败" in page
    path.unlink()
    assert "文件缺失" in client.get(f"/documents/{doc.id}").get_data(as_text=True)
