"""Item 14: kill -9 a real server process (gunicorn) while uploads and decisions are in flight, start it
again, and check: no half-written row, no committed document lost, the audit chain intact, and
`storage gc` then `verify` leave a clean instance."""
from __future__ import annotations

import http.cookiejar
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from review import audit, create_app
from review.enums import Role
from review.extensions import db
from tests.conftest import CORPUS, PASSWORD

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="gunicorn runs on POSIX only")
GUNICORN = Path(sys.executable).parent / "gunicorn"


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _config(tmp: Path) -> dict:
    return {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'review.sqlite'}", "UPLOAD_DIR": str(tmp / "uploads"),
            "INSTANCE_PATH": str(tmp / "instance"), "SECRET_KEY": "fault-test-secret",
            "AUDIT_ANCHOR": str(tmp / "instance" / "audit_anchor.json")}


def _serve(tmp: Path, port: int) -> subprocess.Popen:
    cfg = _config(tmp)
    env = dict(os.environ, DATABASE_URL=cfg["SQLALCHEMY_DATABASE_URI"], UPLOAD_DIR=cfg["UPLOAD_DIR"],
               SECRET_KEY=cfg["SECRET_KEY"], AUDIT_ANCHOR=cfg["AUDIT_ANCHOR"])
    server = subprocess.Popen([str(GUNICORN), "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4",
                               "--timeout", "60", "wsgi:app"], cwd=Path(__file__).resolve().parents[2], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=2).read()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise AssertionError("gunicorn did not start")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _client(base: str, username: str):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()),
                                         _NoRedirect())

    def post(path: str, body: bytes, ctype: str):
        try:
            with opener.open(urllib.request.Request(base + path, body, {"Content-Type": ctype}), timeout=60) as r:
                return r.status, dict(r.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers)

    page = opener.open(base + "/login", timeout=30).read().decode()
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    status, _ = post("/login", urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                                       "csrf_token": token}).encode(),
                     "application/x-www-form-urlencoded")
    assert status == 302
    return opener, post


def _upload_body(opener, base) -> tuple[bytes, str]:
    page = opener.open(base + "/documents/new", timeout=30).read().decode()
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    data = (CORPUS / "seed-000.pdf").read_bytes() + f"\n%{uuid.uuid4().hex}\n".encode()
    boundary = uuid.uuid4().hex
    body = (f'--{boundary}\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n{token}\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\n\r\n').encode() \
        + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_killing_the_server_mid_write_loses_nothing_committed(tmp_path):
    app = create_app(_config(tmp_path))
    with app.app_context():
        from flask_migrate import upgrade

        from review import db_events
        from review.operations import admin

        upgrade()
        with db_events.writing():
            admin.create_user(db.session, "drafter", "拟稿人", Role.DRAFTER, PASSWORD, "医政科")
            db.session.commit()
        db.session.remove()
        db.engine.dispose()

    port = _port()
    base = f"http://127.0.0.1:{port}"
    server = _serve(tmp_path, port)
    acknowledged: list[int] = []
    stop = threading.Event()

    def uploading():
        try:
            opener, post = _client(base, "drafter")
            while not stop.is_set():
                status, headers = post("/documents/new", *_upload_body(opener, base))
                if status == 302 and "/documents/" in headers.get("Location", ""):
                    acknowledged.append(int(headers["Location"].rsplit("/", 1)[1]))
        except OSError:
            pass  # the server died under us: that is the point

    workers = [threading.Thread(target=uploading) for _ in range(3)]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 90
    while len(acknowledged) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.3)
    os.killpg(server.pid, signal.SIGKILL)  # master and worker, mid-request
    server.wait(10)
    stop.set()
    for w in workers:
        w.join(60)
    assert len(acknowledged) >= 2, "no upload completed before the kill"

    server = _serve(tmp_path, port)  # starts again on the same database and files
    try:
        opener, post = _client(base, "drafter")
        status, _ = post("/documents/new", *_upload_body(opener, base))
        assert status == 302  # the office works again
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)

    app = create_app(_config(tmp_path))
    with app.app_context():
        from review.models import Document, DocumentVersion

        ids = set(db.session.scalars(sa.select(Document.id)))
        assert set(acknowledged) <= ids  # nothing acknowledged was lost
        for doc_id in ids:  # no half-written document: each has its version and its file
            version = db.session.scalar(sa.select(DocumentVersion).where(DocumentVersion.document_id == doc_id))
            assert version is not None and app.extensions["store"].path_for(version.sha256).is_file(), doc_id
        assert audit.verify(db.session).ok
        runner = app.test_cli_runner()
        gc = runner.invoke(args=["storage", "gc", "--grace-minutes", "0"])
        assert gc.exit_code == 0, gc.output
        verify = runner.invoke(args=["verify"])
        assert verify.exit_code == 0, verify.output
        db.session.remove()
        db.engine.dispose()
