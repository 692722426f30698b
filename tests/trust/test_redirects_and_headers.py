"""Items 5 and 8: the login redirect stays on this site; security headers and cookie flags."""
from __future__ import annotations

import pytest

from review.enums import Role
from tests.conftest import PASSWORD

BYPASSES = [
    "//evil.example", "/%09/evil.example", "/\t/evil.example", "/%0d%0a/evil.example", "/\r\n/evil.example",
    "/\\evil.example", "\\\\evil.example", "/%5cevil.example", "%2f%2fevil.example", "/%2fevil.example",
    "https://evil.example", "http:/evil.example", "javascript:alert(1)", "/%252f/evil.example",
    "///evil.example", " /evil", "/%20/evil.example", "/\x00/evil.example",
]


@pytest.mark.parametrize("target", BYPASSES)
def test_login_never_redirects_off_site(client, make_user, target):
    user = make_user(Role.REVIEWER)
    response = client.post("/login", query_string={"next": target},
                           data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert response.headers["Location"] == "/", target


def test_a_path_of_this_site_is_kept(client, make_user):
    user = make_user(Role.REVIEWER)
    response = client.post("/login?next=/office/%3Fq%3Dx", data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"] == "/office/?q=x"


def test_pages_carry_security_headers_without_inline_script(login, make_user):
    client = login(make_user(Role.REVIEWER))
    for url in ("/inbox", "/login", "/public/"):
        response = client.get(url)
        csp = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'self'" in csp
        assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "Werkzeug" not in response.headers.get("Server", "")
    assert client.get("/inbox").headers["Cache-Control"] == "no-store"


def test_templates_hold_no_inline_script_or_style():
    import re
    from pathlib import Path

    inline = re.compile(r"<script(?![^>]*\bsrc=)|\bstyle=|\son[a-z]+=|javascript:", re.I)
    for path in (Path(__file__).resolve().parents[2] / "templates").rglob("*.html"):
        assert not inline.search(path.read_text(encoding="utf-8")), path


def test_session_cookie_is_secure_under_https(app, make_user):
    user = make_user(Role.REVIEWER)
    client = app.test_client()
    response = client.post("/login", base_url="https://review.example",
                           data={"username": user.username, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    plain = app.test_client().post("/login", data={"username": user.username, "password": PASSWORD})
    assert "Secure" not in plain.headers["Set-Cookie"]
