"""The re-review job as real processes on the test's database (SQLite file, or PostgreSQL when
TEST_DATABASE_URL is set): two runs at once open each task once; a run killed half-way is finished
by the next run."""
from __future__ import annotations

import datetime as dt
import os
import re
import signal
import subprocess
import sys

import pytest
import sqlalchemy as sa

from review import audit
from review.enums import Attribute, Role
from review.models import ReReview
from tests.conftest import REPO
from tests.domain.rereview_flow import issued_rows

SUMMARY = re.compile(r"^opened (\d+) \(due (\d+), upstream (\d+), requests (\d+), sweep (\d+)\); already open (\d+)$")


@pytest.fixture
def job(app, database_url, tmp_path):
    # The same audit key and anchor as the test's app, so its `audit verify` checks what the processes wrote.
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": app.config["SECRET_KEY"],
           "UPLOAD_DIR": str(tmp_path / "u"), "PYTHONUNBUFFERED": "1"}
    if app.config.get("AUDIT_ANCHOR"):
        env["AUDIT_ANCHOR"] = str(app.config["AUDIT_ANCHOR"])

    def start(*args: str) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "flask", "--app", "wsgi", "rereview", "run",
                                 "--today", "2026-12-01", *args], cwd=REPO, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    return start


def summary(out: str) -> tuple[int, ...]:
    match = SUMMARY.match(out.strip().splitlines()[-1])
    assert match, out
    return tuple(int(g) for g in match.groups())


def tasks_per_document(session) -> dict[int, int]:
    session.rollback()
    return dict(session.execute(sa.select(ReReview.document_id, sa.func.count()).group_by(ReReview.document_id)).all())


@pytest.fixture
def due_documents(session, make_user):
    drafter = make_user(Role.DRAFTER)
    return issued_rows(session, drafter.section, drafter, 300, Attribute.NON_DISCLOSABLE,
                       next_review_on=dt.date(2026, 11, 1))


def test_two_runs_at_once_open_each_task_once(session, job, due_documents):
    runs = [job("--chunk-size", "15"), job("--chunk-size", "15")]
    outputs = [r.communicate(timeout=120) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    results = [summary(out) for out, _ in outputs]
    assert sum(r[0] for r in results) == 300  # between them, every due document once
    assert all(r[0] == r[1] for r in results)
    assert tasks_per_document(session) == dict.fromkeys(due_documents, 1)
    assert audit.verify(session).ok


def test_a_killed_run_is_finished_by_the_next(session, job, due_documents):
    first = job("--chunk-size", "30", "--pause", "0.5")
    for line in first.stderr:
        if line.startswith("chunk 3/"):
            break
    first.send_signal(signal.SIGKILL)
    first.communicate(timeout=30)
    done = sum(tasks_per_document(session).values())
    assert 90 <= done < 300  # three chunks or so were committed, the rest was not
    rerun = job("--chunk-size", "30")
    out, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err
    assert summary(out)[:2] == (300 - done, 300 - done) and summary(out)[5] == done
    assert tasks_per_document(session) == dict.fromkeys(due_documents, 1)
    assert audit.verify(session).ok
