"""Fixtures are factories; every test gets a fresh, migrated database (SQLite or PostgreSQL)."""
from __future__ import annotations

import functools
import itertools
import os
from pathlib import Path

import pytest
import sqlalchemy as sa

from review import create_app
from review.enums import Role
from review.extensions import db as _db
from review.models import Section, User
from tests import dbs

REPO = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("CORPUS_DIR") or REPO.parent / "shared" / "corpus")
PASSWORD = "secret-pass-1"


@pytest.fixture(scope="session")
def databases(tmp_path_factory):
    pool = dbs.databases(tmp_path_factory.mktemp("db"))
    yield pool
    pool.close()


@pytest.fixture
def database_url(databases, tmp_path):
    url = databases.fresh(tmp_path)
    yield url
    databases.drop(url)


def make_app(database_url: str, tmp_path: Path, **extra):
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "INSTANCE_PATH": str(tmp_path / "instance"),
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
    }
    config.update(extra)
    return create_app(config)


@pytest.fixture
def app(database_url, tmp_path):
    app = make_app(database_url, tmp_path)
    with app.app_context():
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def other_app(database_url, tmp_path):
    """Another app on the test's database with other settings; its engine is disposed at teardown
    (an undisposed pool leaves connections to be closed by the garbage collector)."""
    made = []

    def make(**extra):
        made.append(make_app(database_url, tmp_path / f"app{len(made)}", **extra))
        return made[-1]

    yield make
    for other in made:
        with other.app_context():
            _db.engine.dispose()


@pytest.fixture
def session(app):
    return _db.session


@pytest.fixture
def store(app):
    return app.extensions["store"]


@pytest.fixture
def client(app):
    return app.test_client()


_seq = itertools.count(1)


@pytest.fixture
def make_section(session):
    def make(name: str | None = None, requires_head_review: bool = False) -> Section:
        section = Section(name=name or f"科室{next(_seq)}", requires_head_review=requires_head_review)
        session.add(section)
        session.commit()
        return section

    return make


@functools.cache
def _password_hash() -> str:
    """One real salted scrypt hash of PASSWORD for every test user: hashing costs ~0.1 s of CPU, and the
    suite makes thousands of users. Logging in still checks it with scrypt."""
    probe = User()
    probe.set_password(PASSWORD)
    return probe.password_hash


@pytest.fixture
def make_user(session, make_section):
    def make(role: Role = Role.DRAFTER, section: Section | None = None, username: str | None = None) -> User:
        if role.belongs_to_section and section is None:
            section = make_section()
        user = User(username=username or f"{role.value}{next(_seq)}", display_name=f"{role.label}{next(_seq)}",
                    role=role, section_id=section.id if section else None)
        user.password_hash = _password_hash()
        session.add(user)
        session.commit()
        return user

    return make


@pytest.fixture
def login(client):
    def do(user: User):
        client.post("/logout")
        response = client.post("/login", data={"username": user.username, "password": PASSWORD})
        assert response.status_code == 302, response.get_data(as_text=True)
        return client

    return do


def corpus_bytes(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


@pytest.fixture
def count_queries(app):
    """Count SQL statements run inside the ``with`` block."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements: list[str] = []

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        sa.event.listen(_db.engine, "before_cursor_execute", before)
        try:
            yield statements
        finally:
            sa.event.remove(_db.engine, "before_cursor_execute", before)

    return counting


@pytest.fixture
def tesseract_installed():
    """Tests that read scans fail (not skip) where Tesseract is missing: ``dev.py test`` installs it, so
    a skip would only hide a broken install."""
    from review.extract import ocr

    if not ocr.ocr_available():
        pytest.fail("缺少 tesseract-ocr 与 tesseract-ocr-chi-sim（python3 dev.py test 会自动安装）")


@pytest.fixture
def traditional_model(tesseract_installed):
    from review.extract import tesseract

    if not tesseract.has_model(tesseract.TRADITIONAL):
        pytest.fail("缺少 tesseract-ocr-chi-tra（python3 dev.py test 会自动安装）")
