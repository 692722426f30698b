"""Every admin form refuses a missing or blank required field: the page again (422) with a Chinese
message beside the form and what was typed kept, and nothing stored — no row, no audit event.

An edit form is judged on what was posted alone: a field left out is refused, never filled in from
the stored row (which used to answer 302 as if saved)."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from review.enums import Role
from review.models import AuditEvent, NumberPrefix, OfficeSetting, ReasonCode, Section, User
from tests.web.test_admin import SETTINGS_FORM


def snapshot(session) -> dict:
    """Everything the admin pages can change, and the audit log beyond logins."""
    session.expire_all()

    def rows(*columns):
        return sorted(tuple(str(v) for v in r) for r in session.execute(sa.select(*columns)))

    return {
        "users": rows(User.username, User.display_name, User.role, User.section_id, User.active, User.password_hash,
                      User.must_change_password),
        "sections": rows(Section.name, Section.requires_head_review),
        "prefixes": rows(NumberPrefix.code, NumberPrefix.organ, NumberPrefix.doc_type, NumberPrefix.active),
        "reasons": rows(ReasonCode.code, ReasonCode.label, ReasonCode.basis, ReasonCode.fits, ReasonCode.review_months,
                        ReasonCode.active),
        "settings": rows(OfficeSetting.key, OfficeSetting.value),
        "events": rows(AuditEvent.id, AuditEvent.action),
    }


@pytest.fixture
def world(session, login, make_user, make_section):
    section = make_section("医政医管科")
    target = make_user(Role.DRAFTER, section)
    prefix = NumberPrefix(code="青卫发", organ="青山县卫生健康局", doc_type="发文", active=True)
    session.add(prefix)
    session.commit()
    client = login(make_user(Role.ADMIN))
    return client, {"section": section.id, "user": target.id, "prefix": prefix.id}


CASES = [
    # (url, posted form, the message, a value that must be kept in the page)
    ("/admin/users", {}, "请填写用户名。", None),
    ("/admin/users", {"username": "wang", "display_name": " ", "role": "drafter", "password": "long-enough-pw"},
     "请填写姓名。", 'value="wang"'),
    ("/admin/users", {"username": "wang", "display_name": "王五", "password": "long-enough-pw"}, "请选择角色。",
     'value="王五"'),
    ("/admin/users", {"username": "wang", "display_name": "王五", "role": "drafter"}, "请填写初始密码。",
     'value="王五"'),
    ("/admin/users", {"username": "wang", "display_name": "王五", "role": "boss", "password": "long-enough-pw"},
     "角色无效。", 'value="wang"'),
    ("/admin/users/{user}", {}, "请选择角色。", None),
    ("/admin/users/{user}", {"section_id": "{section}"}, "请选择角色。", None),
    ("/admin/users/{user}/password", {}, "请填写新密码。", None),
    ("/admin/sections", {}, "请填写科室名称。", None),
    ("/admin/sections", {"name": "   ", "requires_head_review": "y"}, "请填写科室名称。", None),
    ("/admin/sections/{section}", {}, "请填写科室名称。", None),
    ("/admin/sections/{section}", {"requires_head_review": "y"}, "请填写科室名称。", None),
    ("/admin/prefixes", {}, "请填写代字。", None),
    ("/admin/prefixes", {"code": "青卫办发", "organ": "", "doc_type": "发文"}, "请填写发文机关。", 'value="青卫办发"'),
    ("/admin/prefixes", {"code": "青卫办发", "organ": "青山县卫生健康局办公室"}, "请填写文种",
     'value="青山县卫生健康局办公室"'),
    ("/admin/prefixes/{prefix}", {}, "请填写发文机关。", None),
    ("/admin/prefixes/{prefix}", {"code": "青卫发", "organ": "改名机关"}, "请填写文种", 'value="改名机关"'),
    ("/admin/reasons", {}, "请填写代码。", None),
    ("/admin/reasons", {"code": "audit_pending", "label": "审计整改中", "fits": ["on_request"]},
     "请填写默认复审间隔（月）。", 'value="审计整改中"'),
    ("/admin/reasons", {"code": "audit_pending", "label": "审计整改中", "review_months": "6"},
     "请至少选择一种适用的公开属性", 'value="审计整改中"'),
    ("/admin/reasons", {"code": "audit_pending", "label": "审计整改中", "fits": ["on_request"],
                        "review_months": "半年"},
     "默认复审间隔（月）应为整数。", 'value="半年"'),
    ("/admin/reasons/process_info", {}, "请填写理由名称。", None),
    ("/admin/reasons/process_info", {"label": "过程性信息", "fits": ["on_request"]}, "请填写默认复审间隔（月）。",
     'value="过程性信息"'),
    ("/admin/settings", {}, "请填写机关名称。", None),
    ("/admin/settings", {**SETTINGS_FORM, "organ_name": ""}, "请填写机关名称。", 'value="此件公开发布"'),
    ("/admin/settings", {k: v for k, v in SETTINGS_FORM.items() if k != "marking_active"}, "请填写主动公开标注用语。",
     'value="青山县卫生健康局"'),
    ("/admin/settings", {**SETTINGS_FORM, "request_threshold": " "}, "请填写多人申请触发复审的申请人数。", None),
]


@pytest.mark.parametrize(("url", "data", "message", "kept"), CASES)
def test_admin_form_refuses_a_missing_field_and_changes_nothing(session, world, url, data, message, kept):
    client, ids = world
    before = snapshot(session)
    form = {k: (v.replace("{section}", str(ids["section"])) if isinstance(v, str) else v) for k, v in data.items()}
    response = client.post(url.format(**ids), data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422, page[:500]
    assert 'id="form-error"' in page and message in page
    assert 'class="field-error"' in page  # beside the field it concerns
    if kept:
        assert kept in page
    assert snapshot(session) == before


def test_a_complete_edit_still_saves(session, world):
    """The refusal above is not a form that can never pass: the same pages save a complete form."""
    client, ids = world
    response = client.post(f"/admin/prefixes/{ids['prefix']}", data={"code": "青卫发", "organ": "青山县卫生健康局",
                                                                     "doc_type": "函"})
    assert response.status_code == 302
    assert client.post(f"/admin/sections/{ids['section']}", data={"name": "医政科"}).status_code == 302
    assert client.post("/admin/settings", data=SETTINGS_FORM).status_code == 302
    session.expire_all()
    assert session.get(NumberPrefix, ids["prefix"]).doc_type == "函"
    assert session.get(NumberPrefix, ids["prefix"]).active is False  # an unticked box is a "no"
    assert session.get(Section, ids["section"]).name == "医政科"
    actions = session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions[-3:] == ["prefix.update", "section.update", "settings.update"]
