"""Item 10: the admin reads no restricted document; every opening of a restricted file is an event the
auditor sees; the database, secret key and upload folder are private to the service account."""
from __future__ import annotations

import stat

import sqlalchemy as sa

from review import create_app
from review.enums import Role
from review.extensions import db
from review.models import AuditEvent
from tests.conftest import corpus_bytes


def test_the_admin_cannot_open_a_restricted_document(login, make_user, secret_doc):
    _, doc = secret_doc
    client = login(make_user(Role.ADMIN))
    for url in (f"/documents/{doc.id}", f"/documents/{doc.id}/versions/1/file",
                f"/documents/{doc.id}/versions/1/file?inline=1"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"PK" not in response.data[:2]


def test_every_opening_of_a_restricted_file_is_recorded_for_the_auditor(login, make_user, session, secret_doc):
    drafter, doc = secret_doc
    reviewer = make_user(Role.REVIEWER)
    client = login(reviewer)
    assert client.get(f"/documents/{doc.id}/versions/1/file").status_code == 200
    assert client.get(f"/documents/{doc.id}/versions/1/file?inline=1").status_code == 200
    assert client.get(f"/documents/{doc.id}").status_code == 200  # the page previews the .docx's text
    session.rollback()
    opened = session.execute(sa.select(AuditEvent.actor_id, AuditEvent.document_id, AuditEvent.detail)
                             .where(AuditEvent.action == "file.open").order_by(AuditEvent.id)).all()
    assert [(a, d, e["how"]) for a, d, e in opened] == [
        (reviewer.id, doc.id, "download"), (reviewer.id, doc.id, "inline"), (reviewer.id, doc.id, "preview")]
    auditor = login(make_user(Role.AUDITOR))
    page = auditor.get("/audit/security").get_data(as_text=True)
    assert page.count("打开受限文件") == 3 and reviewer.display_name in page
    # The document's own 办理记录 lists what was done to it, not every view of its file.
    own_page = client.get(f"/documents/{doc.id}").get_data(as_text=True)
    assert "上传文件，创建草稿" in own_page and "打开受限文件" not in own_page


def test_files_the_public_may_read_are_not_logged(login, make_user, session, store, make_section):
    from tests.domain.flow import Office

    office = Office(session, store, make_user, make_section)
    doc = office.issued()
    client = login(office.reviewer)
    assert client.get(f"/documents/{doc.id}/versions/1/file").status_code == 200
    session.rollback()
    assert session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "file.open")) == 0


def test_database_secret_key_and_uploads_are_private(tmp_path, monkeypatch, make_user):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("UPLOAD_DIR", str(tmp_path / "store"))
    instance = tmp_path / "instance"
    app = create_app({"INSTANCE_PATH": str(instance)})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        app.extensions["store"].put(corpus_bytes("seed-000.docx"))
        db.session.remove()
        db.engine.dispose()

    def mode(path):
        return stat.S_IMODE(path.stat().st_mode)

    assert mode(instance) == 0o700
    assert mode(instance / "secret_key") == 0o600
    assert mode(instance / "review.sqlite") == 0o600
    store = tmp_path / "store"
    assert mode(store) == 0o700 and all(mode(p) == 0o700 for p in store.rglob("*") if p.is_dir())


def test_the_admins_lists_show_restricted_titles_without_links_that_404(login, make_user, session, store,
                                                                         make_section):
    """Every link the admin is shown opens: restricted documents are listed by title only."""
    import re

    from review.enums import Attribute
    from tests.domain.flow import Office

    office = Office(session, store, make_user, make_section)
    restricted, public = office.issued(Attribute.NON_DISCLOSABLE), office.issued(Attribute.ACTIVE)
    client = login(make_user(Role.ADMIN))
    from review.operations import requests as req_ops
    from review.request_enums import Channel, RequesterType
    from tests.domain.rereview_flow import office_now

    officer = make_user(Role.REQUEST_OFFICER)
    asked = req_ops.register(session, officer, req_ops.Registration(
        requester_name="刘某", requester_type=RequesterType.NATURAL_PERSON, channel=Channel.ONLINE,
        received_on=office_now().date(), text="申请公开", contact="", cited=[restricted.doc_number]), office_now())
    session.commit()
    for url in ("/catalogue/non_disclosable", "/catalogue/active", "/audit/log", f"/requests/{asked.id}"):
        html = client.get(url).get_data(as_text=True)
        for doc_id in re.findall(r'href="/documents/(\d+)"', html):
            assert client.get(f"/documents/{doc_id}").status_code == 200, (url, doc_id)
    listing = client.get("/catalogue/non_disclosable").get_data(as_text=True)
    assert restricted.title in listing and f'href="/documents/{restricted.id}"' not in listing
    assert f'href="/documents/{public.id}"' in client.get("/catalogue/active").get_data(as_text=True)
    request_page = client.get(f"/requests/{asked.id}").get_data(as_text=True)
    assert restricted.title in request_page and f'href="/documents/{restricted.id}"' not in request_page
