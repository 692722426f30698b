"""Administration in the browser: each change is one operation with its audit event; forms keep what
was typed after a refusal; deactivated users are locked out; the admin never reads restricted files."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from review.enums import Attribute, Role
from review.models import AuditEvent, NumberPrefix, ReasonCode, Section, User
from review.office_settings import office_marking, setting
from tests.conftest import PASSWORD
from tests.domain.flow import Office

#: A complete 办公室设置 form as the browser posts it.
SETTINGS_FORM = {"organ_name": "青山县卫生健康局", "org_code": "11140400MB0000000X", "marking_active": "此件公开发布",
                 "marking_on_request": "此件依申请公开", "marking_non_disclosable": "此件不予公开",
                 "request_threshold": "4", "request_window_months": "12", "index_scheme": "{org_code}/{year}-{id:05d}"}


def events(session, action: str) -> list[AuditEvent]:
    return session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


@pytest.fixture
def admin_user(make_user):
    return make_user(Role.ADMIN)


@pytest.fixture
def as_admin(login, admin_user):
    return login(admin_user)


def test_non_admins_are_refused_the_admin_pages(login, make_user, client):
    assert client.get("/admin/users").status_code == 302  # anonymous → login
    login(make_user(Role.REVIEWER))
    for url in ("/admin/users", "/admin/sections", "/admin/settings", "/admin/ledger"):
        assert client.get(url).status_code == 403, url


def test_create_user_must_change_password_at_first_login(as_admin, session, make_section, admin_user, client):
    section = make_section("医政医管科")
    response = as_admin.post("/admin/users", data={"username": "liu", "display_name": "刘拟稿", "role": "drafter",
                                                   "section_id": str(section.id), "password": "first-pass-1"})
    assert response.status_code == 302
    user = session.scalar(sa.select(User).where(User.username == "liu"))
    assert user.section_id == section.id and user.must_change_password
    [event] = events(session, "user.create")
    assert event.actor_id == admin_user.id and event.detail["after"]["username"] == "liu"

    client.post("/logout")
    assert client.post("/login", data={"username": "liu", "password": "first-pass-1"}).status_code == 302
    response = client.get("/documents/")
    assert response.status_code == 302 and response.headers["Location"].endswith("/password")
    wrong = client.post("/password", data={"current": "first-pass-1", "new": "second-pass-26", "repeat": "other-pass"})
    assert wrong.status_code == 400 and "两次输入的新密码不一致" in wrong.get_data(as_text=True)
    ok = client.post("/password", data={"current": "first-pass-1", "new": "second-pass-26", "repeat": "second-pass-26"})
    assert ok.status_code == 302
    session.expire_all()
    assert not user.must_change_password and user.check_password("second-pass-26")
    assert client.get("/documents/").status_code == 200
    assert len(events(session, "user.change_password")) == 1


def test_refused_user_form_keeps_what_was_typed(as_admin, session):
    response = as_admin.post("/admin/users", data={"username": "wang", "display_name": "王五", "role": "drafter",
                                                   "section_id": "", "password": "long-enough-pw"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "拟稿人必须指定所属科室" in page and 'value="wang"' in page and 'value="王五"' in page
    assert session.scalar(sa.select(User).where(User.username == "wang")) is None
    assert events(session, "user.create") == []


def test_change_role_and_section(as_admin, session, make_user, make_section):
    user = make_user(Role.DRAFTER)
    other = make_section("疾病预防控制科")
    response = as_admin.post(f"/admin/users/{user.id}", data={"role": "section_head", "section_id": str(other.id)})
    assert response.status_code == 302
    session.expire_all()
    assert user.role is Role.SECTION_HEAD and user.section_id == other.id
    [event] = events(session, "user.update")
    assert event.detail["before"]["role"] == "drafter" and event.detail["after"]["role"] == "section_head"
    # an office role belongs to no section
    as_admin.post(f"/admin/users/{user.id}", data={"role": "reviewer", "section_id": str(other.id)})
    session.expire_all()
    assert user.role is Role.REVIEWER and user.section_id is None


def apart(app, call):
    """A request of another browser: its own app context, so Flask-Login loads its user afresh."""
    with app.app_context():
        return call()


def test_deactivated_user_cannot_log_in_and_their_session_ends(app, as_admin, session, make_user):
    user = make_user(Role.REVIEWER)
    theirs = app.test_client()
    login = {"username": user.username, "password": PASSWORD}
    assert apart(app, lambda: theirs.post("/login", data=login)).status_code == 302
    assert apart(app, lambda: theirs.get("/office/queue")).status_code == 200
    session.rollback()  # the test's own read transaction predates their login's write (SQLite snapshot)
    assert as_admin.post(f"/admin/users/{user.id}/active/off").status_code == 302
    assert len(events(session, "user.deactivate")) == 1
    response = apart(app, lambda: theirs.get("/office/queue"))
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    again = apart(app, lambda: theirs.post("/login", data=login))
    assert again.status_code == 200 and "用户名或密码错误" in again.get_data(as_text=True)


def test_admin_cannot_deactivate_themself(as_admin, session, admin_user):
    response = as_admin.post(f"/admin/users/{admin_user.id}/active/off")
    assert response.status_code == 422 and "不能停用自己的账号" in response.get_data(as_text=True)
    session.expire_all()
    assert admin_user.active


def test_reset_password_forces_a_change(app, as_admin, session, make_user):
    user = make_user(Role.AUDITOR)
    short = as_admin.post(f"/admin/users/{user.id}/password", data={"password": "short"})
    assert short.status_code == 422 and "密码至少12位" in short.get_data(as_text=True)
    assert as_admin.post(f"/admin/users/{user.id}/password", data={"password": "temporary-pass-1"}).status_code == 302
    session.expire_all()
    assert user.must_change_password and user.check_password("temporary-pass-1")
    [event] = events(session, "user.reset_password")
    assert "temporary-pass-1" not in str(event.detail)
    theirs = app.test_client()
    apart(app, lambda: theirs.post("/login", data={"username": user.username, "password": "temporary-pass-1"}))
    assert apart(app, lambda: theirs.get("/inbox")).headers["Location"].endswith("/password")


def test_sections_create_and_switch_head_review(as_admin, session):
    assert as_admin.post("/admin/sections", data={"name": "规划发展科"}).status_code == 302
    section = session.scalar(sa.select(Section).where(Section.name == "规划发展科"))
    assert not section.requires_head_review
    dup = as_admin.post("/admin/sections", data={"name": "规划发展科"})
    assert dup.status_code == 422 and "已存在" in dup.get_data(as_text=True)
    as_admin.post(f"/admin/sections/{section.id}", data={"name": "规划发展科", "requires_head_review": "y"})
    session.expire_all()
    assert section.requires_head_review
    [event] = events(session, "section.update")
    assert event.detail["after"]["requires_head_review"] is True
    assert len(events(session, "section.create")) == 1


def test_prefixes_create_and_deactivate(as_admin, session):
    as_admin.post("/admin/prefixes", data={"code": "青卫办发", "organ": "青山县卫生健康局办公室", "doc_type": "发文",
                                           "active": "y"})
    prefix = session.scalar(sa.select(NumberPrefix).where(NumberPrefix.code == "青卫办发"))
    assert prefix.active and len(events(session, "prefix.create")) == 1
    as_admin.post(f"/admin/prefixes/{prefix.id}", data={"code": "青卫办发", "organ": "青山县卫生健康局办公室",
                                                        "doc_type": "发文"})
    session.expire_all()
    assert not prefix.active
    assert events(session, "prefix.update")[0].detail["after"]["active"] is False


def test_reason_codes_are_retired_never_deleted(as_admin, session):
    response = as_admin.post("/admin/reasons", data={"code": "audit_pending", "label": "审计整改中",
                                                     "basis": "本局认定制度", "fits": ["on_request"],
                                                     "review_months": "6"})
    assert response.status_code == 302
    reason = session.get(ReasonCode, "audit_pending")
    assert reason.fits == ["on_request"] and reason.review_months == 6
    bad = as_admin.post("/admin/reasons", data={"code": "x2", "label": "无适用", "review_months": "6"})
    assert bad.status_code == 422 and "请至少选择一种适用的公开属性" in bad.get_data(as_text=True)
    as_admin.post("/admin/reasons/process_info", data={"code": "process_info", "label": "属于四类过程性信息",
                                                       "basis": "条例 第16条第2款",
                                                       "fits": ["non_disclosable", "on_request"],
                                                       "review_months": "6", "retired": "y"})
    session.expire_all()
    process = session.get(ReasonCode, "process_info")
    assert not process.active and process.review_months == 6
    [event] = events(session, "reason.update")
    assert event.detail["after"]["retired"] is True
    assert "audit_pending" in as_admin.get("/admin/reasons").get_data(as_text=True)


def test_office_settings_and_marking_wording(as_admin, session):
    assert office_marking(session, Attribute.ACTIVE) == "此件主动公开"
    response = as_admin.post("/admin/settings", data={
        "organ_name": "青山县卫生健康局", "org_code": "11140400MB0000000X", "marking_active": "（此件公开发布）",
        "marking_on_request": "此件依申请公开", "marking_non_disclosable": "此件不予公开",
        "request_threshold": "4", "request_window_months": "12", "index_scheme": "{org_code}/{year}-{id:05d}"})
    assert response.status_code == 302
    assert office_marking(session, Attribute.ACTIVE) == "此件公开发布"
    assert setting(session, "request_threshold") == 4
    [event] = events(session, "settings.update")
    assert event.detail["after"] == {"organ_name": "青山县卫生健康局", "org_code": "11140400MB0000000X",
                                     "marking_active": "此件公开发布", "request_threshold": 4}
    bad = as_admin.post("/admin/settings", data={**SETTINGS_FORM, "organ_name": "改名", "request_threshold": "三"})
    page = bad.get_data(as_text=True)
    assert bad.status_code == 422 and "应为整数" in page and 'value="改名"' in page
    assert setting(session, "organ_name") == "青山县卫生健康局"
    scheme = as_admin.post("/admin/settings", data={**SETTINGS_FORM, "index_scheme": "{org}/{year}"})
    assert scheme.status_code == 422 and "{id}" in scheme.get_data(as_text=True)


@pytest.mark.parametrize("attribute", [Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE])
def test_admin_is_refused_restricted_files(session, store, make_user, make_section, login, attribute):
    office = Office(session, store, make_user, make_section)
    doc = office.issued(attribute)
    client = login(make_user(Role.ADMIN))
    assert client.get(f"/documents/{doc.id}/versions/1/file").status_code == 404
    body = max(doc.current_version.text.splitlines(), key=len)[:20]  # a line of the file's content
    response = client.get(f"/documents/{doc.id}")  # not even the record: the document is not the admin's
    assert response.status_code == 404 and body not in response.get_data(as_text=True)
    # the reviewer still reads it
    login(office.reviewer)
    assert client.get(f"/documents/{doc.id}/versions/1/file").status_code == 200
    assert body in client.get(f"/documents/{doc.id}").get_data(as_text=True)


def test_admin_may_read_what_is_public_anyway(session, store, make_user, make_section, login):
    office = Office(session, store, make_user, make_section)
    doc = office.issued(Attribute.ACTIVE)
    client = login(make_user(Role.ADMIN))
    assert client.get(f"/documents/{doc.id}/versions/1/file").status_code == 200


def test_every_admin_page_renders(as_admin, session, make_user, make_section):
    user, section = make_user(Role.DRAFTER), make_section()
    prefix = NumberPrefix(code="青卫函", organ="青山县卫生健康局", doc_type="函")
    session.add(prefix)
    session.commit()
    for url, text in [("/admin/users", user.username), (f"/admin/users/{user.id}", "重置密码"),
                      ("/admin/sections", section.name), (f"/admin/sections/{section.id}", section.name),
                      ("/admin/prefixes", "青卫函"), (f"/admin/prefixes/{prefix.id}", "青卫函"),
                      ("/admin/reasons", "third_party"), ("/admin/reasons/third_party", "第十五条"),
                      ("/admin/settings", "索引号规则")]:
        response = as_admin.get(url)
        assert response.status_code == 200 and text in response.get_data(as_text=True), url


def test_ledger_page_reports_problems_then_imports(as_admin, session, make_section):
    import io

    from review.models import Document
    from tests.conftest import corpus_bytes
    from tests.domain.test_ledger import GOOD, workbook_bytes

    make_section("医政医管科")
    make_section("疾病预防控制科")
    bad = [GOOD[0], ["某通报", "青卫发〔2019〕5号", "2019-03-02", "半公开", "", "", "医政医管科", "", "", ""]]
    response = as_admin.post("/admin/ledger", content_type="multipart/form-data", data={
        "file": (io.BytesIO(workbook_bytes(bad)), "台账.xlsx"),
        "files": [(io.BytesIO(corpus_bytes("seed-000.docx")), "seed-000.docx")]})
    page = response.get_data(as_text=True)
    assert "未导入任何文件" in page and "“半公开”无法识别" in page and 'id="ledger-problems"' in page
    assert session.scalar(sa.select(sa.func.count(Document.id))) == 0
    response = as_admin.post("/admin/ledger", content_type="multipart/form-data", data={
        "file": (io.BytesIO(workbook_bytes(GOOD)), "台账.xlsx"),
        "files": [(io.BytesIO(corpus_bytes(n)), n) for n in ("seed-000.docx", "fixture-02-table.docx")]})
    assert "导入 4 件" in response.get_data(as_text=True)
    assert session.scalar(sa.select(sa.func.count(Document.id))) == 4
    doc = session.scalar(sa.select(Document).where(Document.doc_number == "长卫办发〔2020〕12号"))
    assert doc.current_version.original_filename == "seed-000.docx"
    # a document imported without its file is listed; the admin opens only public ones
    no_file = session.scalar(sa.select(Document).where(Document.version_count == 0))
    public = no_file.attribute is Attribute.ACTIVE
    assert as_admin.get(f"/documents/{no_file.id}").status_code == (200 if public else 404)
