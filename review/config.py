"""Settings from the environment with safe defaults.

``create_app`` takes an optional mapping that overrides these (tests pass their own database
and upload directory).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path

MB = 1024 * 1024
REPO_ROOT = Path(__file__).resolve().parent.parent


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once and kept in the instance folder.

    There is deliberately no hard-coded fallback: a guessable key would let anyone forge sessions.
    """
    if key := os.environ.get("SECRET_KEY"):
        return key
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    private_folder(instance_path)
    key = secrets.token_hex(32)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(key)
    return key


def private_folder(path: Path) -> None:
    """The instance folder (secret key, SQLite database) readable by the service account only."""
    if not path.is_dir():
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(path, 0o700)


def database_url(url: str | None, instance_path: Path) -> str:
    """DATABASE_URL, defaulting to a SQLite file; plain postgres URLs use the psycopg 3 driver."""
    if not url:
        private_folder(instance_path)
        return f"sqlite:///{instance_path / 'review.sqlite'}"
    for scheme in ("postgres://", "postgresql://"):
        if url.startswith(scheme):
            return "postgresql+psycopg://" + url[len(scheme):]
    return url


def load(instance_path: Path, overrides: dict) -> dict:
    """Environment settings with safe defaults, then the caller's overrides on top."""
    env = os.environ
    settings = {
        "SQLALCHEMY_DATABASE_URI": database_url(env.get("DATABASE_URL"), instance_path),
        "UPLOAD_DIR": env.get("UPLOAD_DIR") or str(REPO_ROOT / "uploads"),
        "MAX_CONTENT_LENGTH": int(env.get("MAX_UPLOAD_MB", "50")) * MB,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": None,
        #: A session unused this long ends; every session ends this long after its login.
        "SESSION_IDLE_MINUTES": float(env.get("SESSION_IDLE_MINUTES", "30")),
        "SESSION_MAX_HOURS": float(env.get("SESSION_MAX_HOURS", "12")),
        #: Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted (0: none).
        "PROXY_COUNT": int(env.get("PROXY_COUNT", "0")),
        #: Times are stored in UTC and shown in this zone.
        "TIMEZONE": env.get("TIMEZONE", "Asia/Shanghai"),
        #: Re-review (DESIGN §6): a task open longer than this is overdue; the request trigger's threshold.
        "REREVIEW_OVERDUE_DAYS": int(env.get("REREVIEW_OVERDUE_DAYS", "30")),
    }
    settings.update(overrides)
    if not settings.get("SECRET_KEY"):
        settings["SECRET_KEY"] = _secret_key(instance_path)
    #: The audit chain's key (else derived from SECRET_KEY) and its anchor: both outside the database.
    settings.setdefault("AUDIT_KEY", env.get("AUDIT_KEY") or None)
    settings.setdefault("AUDIT_ANCHOR", env.get("AUDIT_ANCHOR") or str(instance_path / "audit_anchor.json"))
    return settings


def audit_key(settings) -> bytes:
    from .audit import derive_key

    return derive_key(settings.get("AUDIT_KEY") or settings["SECRET_KEY"])
