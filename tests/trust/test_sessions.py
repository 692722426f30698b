"""Item 3: a session ends on the server at logout, password change, deactivation, idle and lifetime."""
from __future__ import annotations

import datetime as dt

import pytest

from review import db_events
from review.enums import Role
from review.extensions import db
from review.operations import accounts
from tests.conftest import PASSWORD


@pytest.fixture
def web(app, other_app):
    """An app whose requests each get their own app context, as in production (the `app` fixture's
    pushed context would keep Flask-Login's per-request user in `g` from one request to the next)."""
    return other_app(UPLOAD_DIR=app.config["UPLOAD_DIR"])


def _logged_in(app, user):
    client = app.test_client()
    assert client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def _replay(app, cookie: str):
    """A new browser presenting a session cookie saved earlier."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief


def test_a_cookie_saved_before_logout_opens_nothing_afterwards(web, secret_doc):
    app = web
    drafter, doc = secret_doc
    client = _logged_in(app, drafter)
    saved = client.get_cookie("session").value
    assert _replay(app, saved).get(f"/documents/{doc.id}").status_code == 200
    client.post("/logout")
    for url in (f"/documents/{doc.id}", f"/documents/{doc.id}/versions/1/file"):
        response = _replay(app, saved).get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_password_change_and_deactivation_end_earlier_sessions(web, session, make_user):
    app = web
    for change in (lambda u: accounts.change_password(session, u, "a-much-longer-pass-7"),
                   lambda u: accounts.deactivate(session, u)):
        user = make_user(Role.REVIEWER)
        client = _logged_in(app, user)
        assert client.get("/inbox").status_code == 200
        session.rollback()  # a fresh transaction that writes (SQLite: BEGIN IMMEDIATE)
        with db_events.writing():
            change(db.session.merge(user))
            session.commit()
        assert client.get("/inbox").status_code == 302


@pytest.mark.parametrize("setting, age", [("SESSION_IDLE_MINUTES", "seen"), ("SESSION_MAX_HOURS", "iat")])
def test_idle_and_absolute_lifetime(web, make_user, setting, age):
    app = web
    client = _logged_in(app, make_user(Role.REVIEWER))
    limit = app.config[setting] * (60 if setting == "SESSION_IDLE_MINUTES" else 3600)
    now = dt.datetime.now(dt.UTC).timestamp()
    with client.session_transaction() as s:
        s[age] = now - limit + 60  # still inside the limit
    assert client.get("/inbox").status_code == 200
    with client.session_transaction() as s:
        s[age] = now - limit - 60  # now past it
        if age == "iat":
            s["seen"] = dt.datetime.now(dt.UTC).timestamp()  # active all along: the lifetime still ends it
    assert client.get("/inbox").status_code == 302


def test_idle_timeout_defaults_to_30_minutes(app):
    assert app.config["SESSION_IDLE_MINUTES"] == 30


def test_login_drops_what_the_session_held_before(web, make_user):
    app = web
    """No session fixation: data planted before login does not survive it."""
    client = app.test_client()
    with client.session_transaction() as s:
        s["planted"] = "x"
    user = make_user(Role.REVIEWER)
    client.post("/login", data={"username": user.username, "password": PASSWORD})
    with client.session_transaction() as s:
        assert "planted" not in s
