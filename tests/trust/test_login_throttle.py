"""Item 4: brute force is throttled per account and per address (state in the database), unknown users
cost what known ones do, every login outcome is a security event, passwords follow a policy."""
from __future__ import annotations

import datetime as dt
import time

import pytest
import sqlalchemy as sa

from review import passwords
from review.enums import Role
from review.errors import Refusal
from review.models import AuditEvent, LoginThrottle
from review.operations import accounts, admin
from tests.conftest import PASSWORD


def _post(client, username, password, address="10.0.0.1"):
    return client.post("/login", data={"username": username, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def test_wrong_passwords_lock_the_account_and_the_right_one_then_fails(client, make_user, session):
    user = make_user(Role.REVIEWER)
    answers = [_post(client, user.username, f"guess-{i}", address=f"10.0.1.{i}")
               for i in range(accounts.ACCOUNT_FAILURES + 3)]
    assert answers[-1].status_code == 429 and "已暂时锁定" in answers[-1].get_data(as_text=True)
    locked = _post(client, user.username, PASSWORD, address="10.0.9.9")
    assert locked.status_code == 429 and "已暂时锁定" in locked.get_data(as_text=True)
    assert client.get("/inbox").status_code == 302
    session.rollback()
    row = session.get(LoginThrottle, f"user:{user.username}")
    assert row.locked_until is not None  # kept in the database: every server process sees it


def test_one_address_trying_many_accounts_is_locked(client, make_user):
    victim = make_user(Role.REVIEWER)
    for i in range(accounts.ADDRESS_FAILURES):
        _post(client, f"nobody{i}", "guess-guess-guess", address="10.0.2.2")
    refused = _post(client, victim.username, PASSWORD, address="10.0.2.2")
    assert refused.status_code == 429
    assert _post(client, victim.username, PASSWORD, address="10.0.3.3").status_code == 302


def test_the_lock_ends_after_its_time(session, make_user):
    user = make_user(Role.REVIEWER)
    now = dt.datetime(2026, 12, 1, 8, 0, tzinfo=dt.UTC)
    for _ in range(accounts.ACCOUNT_FAILURES):
        accounts.attempt_login(session, user.username, "wrong-wrong-wrong", "10.0.4.4", now)
    assert accounts.attempt_login(session, user.username, PASSWORD, "10.0.4.5", now).locked
    later = now + accounts.LOCK + dt.timedelta(seconds=1)
    assert accounts.attempt_login(session, user.username, PASSWORD, "10.0.4.5", later).user is not None


def test_unknown_users_cost_the_same_as_known_ones(client, make_user):
    user = make_user(Role.REVIEWER)

    def timed(name):  # CPU time of this process (the hash is CPU work): wall time flaked under load
        start = time.process_time()
        _post(client, name, "not-the-password-1", address=f"10.1.{len(name)}.1")
        return time.process_time() - start

    timed(user.username)  # warm up
    known = min(timed(user.username) for _ in range(3))
    unknown = min(timed("no-such-user-x") for _ in range(3))
    assert unknown > known * 0.5, (known, unknown)


def test_every_login_outcome_is_a_security_event(client, make_user, session, login):
    user = make_user(Role.REVIEWER)
    _post(client, user.username, "wrong-password-9")
    _post(client, "ghost", "wrong-password-9")
    _post(client, user.username, PASSWORD, address="10.0.5.5")
    session.rollback()
    events = session.execute(sa.select(AuditEvent.action, AuditEvent.detail)
                             .where(AuditEvent.action.like("security.%")).order_by(AuditEvent.id)).all()
    assert [a for a, _ in events] == ["security.login_failed", "security.login_failed", "security.login"]
    assert events[0][1]["reason"] == "wrong_password" and events[1][1]["reason"] == "unknown_user"
    assert events[2][1]["address"] == "10.0.5.5"
    auditor = login(make_user(Role.AUDITOR))
    page = auditor.get("/audit/security").get_data(as_text=True)
    assert "登录失败" in page and "ghost" in page


@pytest.mark.parametrize("password, why", [
    ("short-1", "至少12位"), ("password1234", "过于常见"), ("Qwertyuiop123", "过于常见"),
    ("aaaaaaaaaaaaaa", "过于常见"), ("123456789012", "过于常见"), ("zhangwei-2026-x", "用户名"),
])
def test_password_policy(session, password, why):
    assert why in passwords.problem(password, "zhangwei")
    with pytest.raises(Refusal, match=why):
        admin.create_user(session, "zhangwei", "张伟", Role.REVIEWER, password)


def test_a_good_password_is_accepted():
    assert passwords.problem("秋天的长治-47-rivers", "zhangwei") is None
