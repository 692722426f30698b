"""Item 16: a backup taken while uploads and decisions run restores into an empty instance that verifies."""
from __future__ import annotations

import io
import threading
import time

import pytest
import sqlalchemy as sa

from review.enums import Role
from review.extensions import db
from review.models import Document
from tests.conftest import PASSWORD, corpus_bytes, make_app
from tests.domain.flow import Office

FILES = ["seed-000.docx", "seed-000.pdf", "fixture-02-table.docx", "seed-003.pdf"]


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def test_backup_while_serving_then_restore_and_verify(app, other_app, session, office, databases, tmp_path):
    web = other_app(UPLOAD_DIR=app.config["UPLOAD_DIR"])
    docs = [(d.id, d.lock_version) for d in (office.submitted() for _ in range(3))]
    drafter, reviewer = office.drafter.username, office.reviewer.username
    session.rollback()  # the test's own read transaction must not hold SQLite's snapshot meanwhile
    stop = threading.Event()
    done = {"uploads": 0, "decisions": 0, "errors": []}

    def guarded(work):
        def run():
            try:
                work()
            except Exception as exc:  # reported below, not lost in the thread
                done["errors"].append(repr(exc))
        return run

    def drafting():
        client = web.test_client()
        client.post("/login", data={"username": drafter, "password": PASSWORD})
        i = 0
        while not stop.is_set():
            data = corpus_bytes(FILES[i % len(FILES)]) + b"\n" * (i + 1) if FILES[i % len(FILES)].endswith(".pdf") \
                else corpus_bytes(FILES[i % len(FILES)])
            r = client.post("/documents/new", data={"file": (io.BytesIO(data), f"f{i}.pdf")},
                            content_type="multipart/form-data")
            (done.__setitem__("uploads", done["uploads"] + 1) if r.status_code == 302
             else done["errors"].append((r.status_code, r.get_data(as_text=True).split("<main>")[-1][:400])))
            i += 1

    def deciding():
        client = web.test_client()
        client.post("/login", data={"username": reviewer, "password": PASSWORD})
        for doc_id, lock in docs:
            r = client.post(f"/documents/{doc_id}/decide/return", data={"lock": lock, "comment": "请修改后重新提交"})
            (done.__setitem__("decisions", done["decisions"] + 1) if r.status_code == 302
             else done["errors"].append((r.status_code, r.get_data(as_text=True).split("<main>")[-1][:400])))

    workers = [threading.Thread(target=guarded(drafting)), threading.Thread(target=guarded(deciding))]
    for w in workers:
        w.start()
    deadline = time.monotonic() + 90
    while done["uploads"] < 1 and not done["errors"] and time.monotonic() < deadline:
        time.sleep(0.1)  # the backup starts while uploads are under way
    dest = tmp_path / "backup"
    during = done["uploads"]
    result = app.test_cli_runner().invoke(args=["backup", str(dest)])
    while done["uploads"] <= during and not done["errors"] and time.monotonic() < deadline:
        time.sleep(0.1)  # at least one more upload lands after the backup
    stop.set()
    for w in workers:
        w.join(120)
    assert result.exit_code == 0, result.output
    assert done["errors"] == [] and done["decisions"] == 3 and done["uploads"] > during >= 1, done

    url = databases.empty(tmp_path)
    restored = make_app(url, tmp_path / "restored")
    with restored.app_context():
        runner = restored.test_cli_runner()
        again = runner.invoke(args=["restore", str(dest)])
        assert again.exit_code == 0, again.output
        check = runner.invoke(args=["verify"])
        assert check.exit_code == 0, check.output
        assert db.session.scalar(sa.select(sa.func.count(Document.id))) >= 3
        refused = runner.invoke(args=["restore", str(dest)])
        assert refused.exit_code != 0 and "空实例" in refused.output
        db.session.remove()
        db.engine.dispose()
    databases.drop(url)


def test_backup_refuses_a_non_empty_destination(app, tmp_path):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    result = app.test_cli_runner().invoke(args=["backup", str(tmp_path / "full")])
    assert result.exit_code != 0 and "不是空目录" in result.output


def test_restore_of_something_that_is_not_a_backup_fails(app, tmp_path):
    (tmp_path / "nothing").mkdir()
    result = app.test_cli_runner().invoke(args=["restore", str(tmp_path / "nothing")])
    assert result.exit_code != 0 and "不是完整的备份" in result.output


def test_users_password_and_deactivate_commands(app, make_user):
    user = make_user(Role.REVIEWER)
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["users", "password", user.username, "--password", "password1234"])
    assert weak.exit_code != 0 and "过于常见" in weak.output
    ok = runner.invoke(args=["users", "password", user.username, "--password", "long-and-new-77"])
    assert ok.exit_code == 0, ok.output
    assert runner.invoke(args=["users", "deactivate", user.username]).exit_code == 0
