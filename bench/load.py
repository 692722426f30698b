"""Drive the real app on gunicorn over loopback with concurrent simulated users, then check that
every acknowledged write is in the database and on disk.

Run:  .venv/bin/python bench/load.py [--users 50] [--seconds 60] [--database-url URL | --postgres]

A fresh instance (temporary SQLite file, or a new database on the given/throwaway PostgreSQL
server) is migrated and seeded (sections, users; a few submitted documents), gunicorn serves it
(2 workers x 8 threads, as `dev.py serve` does), and the users run until the time is up:
  drafters  (40%)  log in, upload a corpus file, declare it 主动公开 and submit it
  reviewers (20%)  log in, open the queue, open the oldest document, return it with a comment
  public    (40%)  search the public catalogue and open its first page
Every request goes through the real stack (CSRF, sessions, throttling, the parsing sandbox).
Printed: requests/s, p50/p95/p99 per endpoint, errors; then the check of acknowledged writes.
Target: zero errors, zero lost writes.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# This folder holds bench/queue.py, which must not shadow the standard library's queue (psycopg imports it).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]
sys.path.insert(0, str(ROOT))

import sqlalchemy as sa  # noqa: E402

from review import create_app  # noqa: E402
from review.enums import Role  # noqa: E402

CORPUS = Path(os.environ.get("CORPUS_DIR") or ROOT.parent / "shared" / "corpus")
UPLOADS = ["seed-000.docx", "seed-000.pdf", "seed-001.docx", "seed-002.docx"]
PASSWORD = "load-test-pass-2026"
TOKEN = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"|name="csrf_token" value="([^"]+)"')
LOCK = re.compile(r'name="lock" type="hidden" value="(\d+)"|name="lock" value="(\d+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class User:
    def __init__(self, base: str, stats, errors):
        self.base, self.stats, self.errors = base, stats, errors
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect())

    def request(self, name: str, path: str, data: bytes | None = None, headers: dict | None = None,
                ok=(200, 302)) -> tuple[int, str, dict]:
        req = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        start = time.perf_counter()
        try:
            with self.opener.open(req, timeout=120) as resp:
                status, body, hdrs = resp.status, resp.read(), dict(resp.headers)
        except urllib.error.HTTPError as exc:
            status, body, hdrs = exc.code, exc.read(), dict(exc.headers)
        except OSError as exc:
            status, body, hdrs = 0, str(exc).encode(), {}
        self.stats[name].append(time.perf_counter() - start)
        if status not in ok:
            self.errors.append((name, status, body[:200].decode("utf-8", "replace")))
        return status, body.decode("utf-8", "replace"), hdrs

    def token(self, html: str) -> str:
        m = TOKEN.search(html)
        return (m.group(1) or m.group(2)) if m else ""

    def form(self, name: str, path: str, fields: dict, html_for_token: str, ok=(200, 302)) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode({**fields, "csrf_token": self.token(html_for_token)}).encode()
        return self.request(name, path, body, {"Content-Type": "application/x-www-form-urlencoded"}, ok)

    def login(self, username: str) -> None:
        _, page, _ = self.request("GET /login", "/login")
        status, _, _ = self.form("POST /login", "/login", {"username": username, "password": PASSWORD}, page)
        if status != 302:
            raise RuntimeError(f"login failed for {username}: {status}")


def multipart(fields: dict, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
             for k, v in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                 f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def drafter(user: User, username: str, until: float, acked: dict) -> None:
    user.login(username)
    i = 0
    while time.monotonic() < until:
        name = UPLOADS[i % len(UPLOADS)]
        data = (CORPUS / name).read_bytes()
        if name.endswith(".pdf"):
            data += f"\n%{uuid.uuid4().hex}\n".encode()  # distinct bytes, still a valid PDF
        _, page, _ = user.request("GET /documents/new", "/documents/new")
        body, ctype = multipart({"csrf_token": user.token(page)}, name, data)
        status, _, hdrs = user.request("POST /documents/new", "/documents/new", body, {"Content-Type": ctype})
        i += 1
        if status != 302 or "/documents/" not in hdrs.get("Location", ""):
            continue
        doc_id = int(hdrs["Location"].rstrip("/").rsplit("/", 1)[1])
        acked["uploads"].append(doc_id)
        _, page, _ = user.request("GET /documents/<id>", f"/documents/{doc_id}")
        lock = LOCK.search(page)
        status, _, _ = user.form("POST declaration+submit", f"/documents/{doc_id}/declaration", {
            "lock": lock.group(1) or lock.group(2), "title": f"关于压力测试的通知{doc_id}", "attribute": "active",
            "upstream_attribute": "", "send": "提交审核"}, page)


def reviewer(user: User, username: str, until: float, acked: dict) -> None:
    user.login(username)
    while time.monotonic() < until:
        _, page, _ = user.request("GET /office/queue", "/office/queue")
        ids = [int(x) for x in re.findall(r'href="/documents/(\d+)"', page)]
        if not ids:
            time.sleep(0.5)
            continue
        doc_id = random.choice(ids[:10])
        _, doc_page, _ = user.request("GET /documents/<id>", f"/documents/{doc_id}")
        lock = LOCK.search(doc_page)
        if not lock:
            continue
        # 409: another reviewer decided first (the optimistic lock refusing a stale form) — expected.
        status, _, _ = user.form("POST decide/return", f"/documents/{doc_id}/decide/return",
                                 {"lock": lock.group(1) or lock.group(2), "comment": "请补充依据后重新提交"}, doc_page,
                                 ok=(302, 409))
        if status == 302:
            acked["decisions"].append(doc_id)


def public(user: User, _username: str, until: float, _acked: dict) -> None:
    while time.monotonic() < until:
        user.request("GET /public/?q=", "/public/?q=" + urllib.parse.quote(random.choice(["通知", "卫生", "方案"])))
        user.request("GET /public/", "/public/")


def seed(url: str, instance: Path, uploads: Path, drafters: int, reviewers: int) -> None:
    from flask_migrate import upgrade

    from review.extensions import db
    from review.operations import admin

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(instance), "UPLOAD_DIR": str(uploads)})
    with app.app_context():
        upgrade()
        from review import db_events

        with db_events.writing():
            for i in range(drafters):
                admin.create_user(db.session, f"drafter{i}", f"拟稿人{i}", Role.DRAFTER, PASSWORD, f"科室{i % 5}")
            for i in range(reviewers):
                admin.create_user(db.session, f"reviewer{i}", f"审核人{i}", Role.REVIEWER, PASSWORD)
            db.session.commit()
        db.session.remove()
        db.engine.dispose()


def check(url: str, instance: Path, uploads: Path, acked: dict) -> list[str]:
    from review.extensions import db
    from review.models import Decision, DecisionKind, DocumentVersion

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "INSTANCE_PATH": str(instance), "UPLOAD_DIR": str(uploads)})
    problems = []
    with app.app_context():
        store = app.extensions["store"]
        for doc_id in acked["uploads"]:
            version = db.session.scalar(sa.select(DocumentVersion).where(DocumentVersion.document_id == doc_id))
            if version is None:
                problems.append(f"acknowledged upload {doc_id} has no row")
            elif not store.exists(version.sha256):
                problems.append(f"acknowledged upload {doc_id}: file {version.sha256} missing")
        decided = Counter_of(db.session.scalars(sa.select(Decision.document_id).where(
            Decision.kind == DecisionKind.RETURN)))
        for doc_id, n in Counter_of(acked["decisions"]).items():
            if decided.get(doc_id, 0) < n:
                problems.append(f"acknowledged decision on {doc_id} missing")
        db.session.remove()
        db.engine.dispose()
    return problems


def Counter_of(items):  # noqa: N802 (reads like the collections class it wraps)
    from collections import Counter

    return Counter(items)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(url: str, users: int, seconds: float, label: str) -> int:
    tmp = Path(tempfile.mkdtemp(prefix="review-load-"))
    instance, uploads = tmp / "instance", tmp / "uploads"
    n_drafters, n_reviewers = max(1, users * 2 // 5), max(1, users // 5)
    n_public = max(1, users - n_drafters - n_reviewers)
    seed(url, instance, uploads, n_drafters, n_reviewers)
    port = free_port()
    env = dict(os.environ, DATABASE_URL=url, UPLOAD_DIR=str(uploads), SECRET_KEY="load-" + uuid.uuid4().hex,
               AUDIT_ANCHOR=str(instance / "audit_anchor.json"))
    server = subprocess.Popen([str(Path(sys.executable).parent / "gunicorn"), "--bind", f"127.0.0.1:{port}",
                               "--workers", "2", "--threads", "8", "--timeout", "120", "wsgi:app"],
                              cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/login", timeout=2).read()
            break
        except OSError:
            time.sleep(0.2)
    stats, errors = defaultdict(list), []
    acked = {"uploads": [], "decisions": []}
    until = time.monotonic() + seconds
    threads = []
    plan = ([(drafter, f"drafter{i}") for i in range(n_drafters)] + [(reviewer, f"reviewer{i}") for i in
            range(n_reviewers)] + [(public, "") for _ in range(n_public)])
    started = time.monotonic()
    for work, username in plan:
        user = User(base, stats, errors)

        def go(work=work, user=user, username=username):
            try:
                work(user, username, until, acked)
            except Exception as exc:
                errors.append((work.__name__, "exception", repr(exc)))
        threads.append(threading.Thread(target=go))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started
    server.send_signal(signal.SIGTERM)
    server.wait(30)
    total = sum(len(v) for v in stats.values())
    print(f"\n== {label}: {users} users ({n_drafters} drafters, {n_reviewers} reviewers, {n_public} public), "
          f"{elapsed:.0f} s ==")
    print(f"{total} requests, {total / elapsed:.1f} requests/s, {len(errors)} errors")
    print(f"{'endpoint':32} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}")
    for name, times in sorted(stats.items()):
        q = statistics.quantiles(sorted(times), n=100) if len(times) > 1 else [times[0]] * 99
        print(f"{name:32} {len(times):>6} {q[49] * 1000:>8.0f} {q[94] * 1000:>8.0f} {q[98] * 1000:>8.0f}")
    for err in errors[:10]:
        print("error:", err)
    problems = check(url, instance, uploads, acked)
    print(f"acknowledged: {len(acked['uploads'])} uploads, {len(acked['decisions'])} decisions; "
          f"lost writes: {len(problems)}")
    for p in problems[:10]:
        print("lost:", p)
    shutil.rmtree(tmp, ignore_errors=True)
    return 1 if errors or problems else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--database-url")
    parser.add_argument("--postgres", action="store_true", help="start a throwaway PostgreSQL server (dev.py)")
    args = parser.parse_args()
    if args.postgres:
        sys.path.insert(0, str(ROOT))
        import dev

        with dev.postgres() as server:
            name = f"load_{uuid.uuid4().hex[:8]}"
            admin = sa.create_engine(server, isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
            admin.dispose()
            code = run(sa.engine.make_url(server).set(database=name).render_as_string(hide_password=False),
                       args.users, args.seconds, "PostgreSQL")
        sys.exit(code)
    if args.database_url:
        sys.exit(run(args.database_url, args.users, args.seconds, "database " + args.database_url))
    tmp = Path(tempfile.mkdtemp(prefix="review-load-db-"))
    sys.exit(run(f"sqlite:///{tmp / 'review.sqlite'}", args.users, args.seconds, "SQLite"))


if __name__ == "__main__":
    main()
