"""Sessions and logins: the attempt (throttled per account and per client address, state in the
database), logout, password change and deactivation. Every outcome is an audit (security) event
the auditor reads; like every operation: check, change, audit, flush."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .. import audit, passwords
from ..errors import Refusal
from ..models import LoginThrottle, User

#: An account is locked after this many failures within WINDOW …
ACCOUNT_FAILURES = 5
#: … a client address (which may try many accounts) after this many.
ADDRESS_FAILURES = 20
WINDOW = dt.timedelta(minutes=15)
LOCK = dt.timedelta(minutes=15)
LOCKED_MESSAGE = "登录失败次数过多，已暂时锁定，请 {minutes} 分钟后再试。如忘记密码请联系管理员。"
FAILED_MESSAGE = "用户名或密码错误。"


@functools.cache
def _dummy_hash() -> str:
    """A hash to check unknown users against, so they cost what known ones do (no enumeration by timing)."""
    return generate_password_hash("no such user: the answer takes as long as for a real one")


def _naive(now: dt.datetime) -> dt.datetime:
    return now.astimezone(dt.UTC).replace(tzinfo=None)


@dataclass
class LoginResult:
    user: User | None
    #: Chinese message for the login page when ``user`` is None.
    message: str = ""
    locked: bool = False


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    return [(f"user:{username.lower()[:150]}", ACCOUNT_FAILURES), (f"addr:{address[:150]}", ADDRESS_FAILURES)]


def _throttle(session: Session, key: str, now: dt.datetime) -> LoginThrottle:
    """The row for ``key``, locked for this transaction (PostgreSQL) or under BEGIN IMMEDIATE (SQLite)."""
    row = session.get(LoginThrottle, key, with_for_update=True, populate_existing=True)
    if row is None:
        try:
            with session.begin_nested():
                row = LoginThrottle(key=key, failures=0, window_start=now)
                session.add(row)
        except sa.exc.IntegrityError:  # a concurrent first failure inserted it
            row = session.get(LoginThrottle, key, with_for_update=True, populate_existing=True)
    return row


@dataclass(frozen=True)
class Credentials:
    """What the password check found, computed before any write transaction opens (the hash is slow)."""

    username: str
    user_id: int | None
    password_ok: bool


def check_credentials(session: Session, username: str, password: str) -> Credentials:
    """The password hash is computed once, whoever asks: unknown users cost what known ones do.
    Only reads; the caller runs it outside any write transaction (scrypt takes ~100 ms of CPU)."""
    username = username.strip()
    row = session.execute(sa.select(User.id, User.password_hash).where(User.username == username)).first()
    password_ok = check_password_hash(row.password_hash if row else _dummy_hash(), password)
    return Credentials(username, row.id if row else None, password_ok)


def attempt_login(session: Session, username: str, password: str, address: str, now: dt.datetime) -> LoginResult:
    """Check a login and record its outcome (both in the caller's transaction; tests and scripts)."""
    return record_login(session, check_credentials(session, username, password), address, now)


def record_login(session: Session, creds: Credentials, address: str, now: dt.datetime) -> LoginResult:
    """Apply the throttle and record the outcome of checked credentials: a short writing transaction."""
    now = _naive(now)
    username, password_ok = creds.username, creds.password_ok
    user = session.get(User, creds.user_id) if creds.user_id is not None else None
    keys = _keys(username, address)
    rows = [(_throttle(session, key, now), limit) for key, limit in keys]
    locked_until = max((r.locked_until for r, _ in rows if r.locked_until and r.locked_until > now), default=None)
    detail = {"username": username[:64], "address": address[:64]}
    if locked_until is not None:
        audit.append(session, actor_id=user.id if user else None, action="security.login_locked", **detail)
        minutes = max(1, int((locked_until - now).total_seconds() // 60) + 1)
        return LoginResult(None, LOCKED_MESSAGE.format(minutes=minutes), locked=True)
    if user is not None and user.active and password_ok:
        for row, _ in rows[:1]:  # the account's counter; the address keeps its count (it may be spraying)
            row.failures, row.window_start, row.locked_until = 0, now, None
        session.flush()
        audit.append(session, actor_id=user.id, action="security.login", **detail)
        return LoginResult(user)
    newly_locked = False
    for row, limit in rows:
        if now - row.window_start > WINDOW:
            row.failures, row.window_start = 0, now
        row.failures += 1
        if row.failures >= limit:
            row.locked_until, row.failures, row.window_start = now + LOCK, 0, now
            newly_locked = True
    session.flush()
    reason = "inactive" if user is not None and password_ok else "wrong_password" if user else "unknown_user"
    audit.append(session, actor_id=user.id if user else None, action="security.login_failed", reason=reason,
                 locked=newly_locked, **detail)
    return LoginResult(None, FAILED_MESSAGE)


def _end_sessions(user: User) -> None:
    user.session_version = (user.session_version or 0) + 1


def logout(session: Session, user: User) -> None:
    """End every session of ``user`` signed so far (a saved cookie no longer opens anything)."""
    _end_sessions(user)
    session.flush()
    audit.append(session, actor_id=user.id, action="security.logout")


def change_password(session: Session, user: User, password: str, actor_id: int | None = None) -> None:
    """A new password that meets the policy; every earlier session of the user ends."""
    if problem := passwords.problem(password, user.username):
        raise Refusal(problem)
    user.set_password(password)
    _end_sessions(user)
    session.flush()
    audit.append(session, actor_id=actor_id, action="user.password", after={"username": user.username})


def deactivate(session: Session, user: User, actor_id: int | None = None) -> None:
    """The user can no longer log in, and every open session ends now."""
    user.active = False
    _end_sessions(user)
    session.flush()
    audit.append(session, actor_id=actor_id, action="user.deactivate", after={"username": user.username})
