"""Login, logout, CSRF and role checks on the server."""
from __future__ import annotations

import re

from review.enums import Role
from tests.conftest import PASSWORD


def test_login_with_wrong_password_is_refused_in_chinese(client, make_user):
    user = make_user(Role.REVIEWER)
    response = client.post("/login", data={"username": user.username, "password": "wrong"})
    assert response.status_code == 200 and "用户名或密码错误" in response.get_data(as_text=True)
    assert client.get("/inbox").status_code == 302


def test_login_then_logout(client, make_user):
    user = make_user(Role.REVIEWER)
    assert client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 302
    assert client.get("/inbox").status_code == 200
    client.post("/logout")
    assert client.get("/inbox").headers["Location"].startswith("/login")


def test_inactive_user_cannot_log_in(client, session, make_user):
    user = make_user(Role.REVIEWER)
    user.active = False
    session.commit()
    response = client.post("/login", data={"username": user.username, "password": PASSWORD})
    assert "用户名或密码错误" in response.get_data(as_text=True)


def test_login_does_not_redirect_off_site(client, make_user):
    user = make_user(Role.REVIEWER)
    response = client.post("/login?next=//evil.example/x", data={"username": user.username, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_password_is_stored_salted(make_user):
    a, b = make_user(Role.REVIEWER), make_user(Role.REVIEWER)
    a.set_password(PASSWORD)  # the factory gives every test user one shared hash; set them afresh
    b.set_password(PASSWORD)
    assert PASSWORD not in a.password_hash and a.password_hash != b.password_hash
    assert a.check_password(PASSWORD) and b.check_password(PASSWORD) and not a.check_password(PASSWORD + "x")


def test_forms_without_csrf_token_are_refused(other_app, make_user):
    username = make_user(Role.REVIEWER).username
    app = other_app(WTF_CSRF_ENABLED=True)
    client = app.test_client()
    response = client.post("/login", data={"username": username, "password": PASSWORD})
    assert response.status_code == 400 and "表单已过期" in response.get_data(as_text=True)
    page = client.get("/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    ok = client.post("/login", data={"username": username, "password": PASSWORD, "csrf_token": token})
    assert ok.status_code == 302


def test_wrong_role_gets_403(login, make_user):
    client = login(make_user(Role.REVIEWER))
    response = client.get("/documents/new")
    assert response.status_code == 403 and "没有权限" in response.get_data(as_text=True)
