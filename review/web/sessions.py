"""Server-side checks on every signed session cookie: the user's session version (bumped by logout,
a password change and deactivation), an idle timeout and an absolute lifetime; and the cookie's
Secure flag whenever the request came over HTTPS."""
from __future__ import annotations

import datetime as dt

from flask import Flask, current_app, has_request_context, request, session
from flask.sessions import SecureCookieSessionInterface
from werkzeug.middleware.proxy_fix import ProxyFix

from ..extensions import db
from ..models import User

#: Refresh the "last seen" time at most this often (each refresh rewrites the cookie).
_TOUCH_EVERY = 30


def _now() -> float:
    return dt.datetime.now(dt.UTC).timestamp()


def start(user: User) -> None:
    """A fresh session for ``user`` (any pre-login content is dropped: no session fixation)."""
    session.clear()
    now = _now()
    session["sv"], session["iat"], session["seen"] = user.session_version, now, now


def load(user_id: str) -> User | None:
    """Flask-Login's user loader: the user, only while this session is still valid."""
    try:
        user = db.session.get(User, int(user_id))
    except (TypeError, ValueError):
        user = None
    now, config = _now(), current_app.config
    idle = config["SESSION_IDLE_MINUTES"] * 60
    lifetime = config["SESSION_MAX_HOURS"] * 3600
    valid = (
        user is not None and user.active
        and session.get("sv") == user.session_version
        and now - float(session.get("seen", 0)) <= idle
        and now - float(session.get("iat", 0)) <= lifetime
    )
    if not valid:
        session.clear()
        return None
    if now - float(session["seen"]) > _TOUCH_EVERY:
        session["seen"] = now
    return user


class SessionInterface(SecureCookieSessionInterface):
    """Signed cookie sessions whose cookie is marked Secure under HTTPS (or always, if configured)."""

    def get_cookie_secure(self, app: Flask) -> bool:
        if app.config.get("SESSION_COOKIE_SECURE"):
            return True
        return has_request_context() and request.is_secure


def install(app: Flask) -> None:
    app.session_interface = SessionInterface()
    if hops := app.config.get("PROXY_COUNT"):
        # Behind a reverse proxy: the client's address (login throttling) and scheme (Secure cookie).
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)


def end() -> None:
    """Drop everything the cookie held (the server side already refuses it: see accounts.logout)."""
    session.clear()
