"""The admin creates a section and a user; the user logs in and must change the password first.
A visitor opens a public document's page and downloads its 政策解读."""
from __future__ import annotations

import pytest

from review.enums import Role
from review.operations import admin
from tests.conftest import corpus_bytes
from tests.domain.flow import Office
from tests.e2e.admin_navigator import Admin
from tests.web.test_public_document import INTERPRETATION, policy_with_interpretation

pytestmark = pytest.mark.e2e


def test_admin_creates_a_section_and_a_user_who_logs_in(new_page, make_user):
    boss = make_user(Role.ADMIN)
    office = Admin(new_page()).log_in(boss.username)
    office.add_section("规划发展科", head_review=True)
    assert "已添加科室 规划发展科" in office.flash()
    assert "须科室负责人确认" in office.page.locator("#sections").inner_text()

    office.create_user("liu", "刘拟稿", "拟稿人", "规划发展科", "first-pass-1")
    assert "首次登录须修改密码" in office.flash()
    row = office.page.locator("#user-liu").inner_text()
    assert "刘拟稿" in row and "规划发展科" in row and "待修改密码" in row

    # A refused form keeps what was typed.
    office.create_user("liu", "刘拟稿二", "拟稿人", "规划发展科", "first-pass-1")
    assert "用户名 liu 已存在" in office.page.locator("#form-error").inner_text()
    assert office.page.locator("#user-form").get_by_label("姓名").input_value() == "刘拟稿二"

    user = Admin(new_page()).log_in("liu", "first-pass-1")
    assert user.page.url.endswith("/password")
    assert "请先修改密码" in user.flash()
    user.change_password("first-pass-1", "second-pass-2")
    assert "密码已修改" in user.flash()
    assert "刘拟稿（拟稿人）" in user.page.locator("header").inner_text()
    user.page.goto("/documents/new")
    assert not user.page.url.endswith("/password")

    again = Admin(new_page()).log_in("liu", "second-pass-2")
    assert not again.page.url.endswith("/password") and "/login" not in again.page.url


def test_public_document_page_shows_its_interpretation(new_page, session, store, make_user, make_section):
    admin.update_settings(session, {"organ_name": "青山县卫生健康局"})
    session.commit()
    office = Office(session, store, make_user, make_section)
    doc = policy_with_interpretation(office, session, store)

    visitor = new_page()
    visitor.goto("/public/")
    assert "青山县卫生健康局" in visitor.locator("#organ-name").inner_text()
    visitor.locator("#catalogue").get_by_role("link", name=doc.title).click()
    visitor.wait_for_load_state()
    assert visitor.locator("h1").inner_text() == doc.title
    meta = visitor.locator("#doc-meta").inner_text()
    assert doc.doc_number in meta and "索引号" in meta and "发布机构" in meta
    assert visitor.locator("#sha256").inner_text() == doc.current_version.sha256
    links = visitor.locator("#interpretations a")
    assert links.count() == 1 and links.inner_text() == "解读.docx"
    with visitor.expect_download() as info:
        links.click()
    download = info.value
    assert download.suggested_filename == f"{doc.title}（政策解读）.docx"
    with open(download.path(), "rb") as f:
        assert f.read() == corpus_bytes(INTERPRETATION)


def test_admin_imports_a_ledger_after_fixing_it(new_page, make_user, make_section, tmp_path):
    from tests.conftest import CORPUS
    from tests.domain.test_ledger import GOOD, workbook_bytes

    make_section("医政医管科")
    make_section("疾病预防控制科")
    boss = make_user(Role.ADMIN)
    office = Admin(new_page()).log_in(boss.username)
    office.open_admin("导入台账")
    assert office.page.locator("#ledger-bar").count() == 1  # the progress indicator waits, hidden
    bad = tmp_path / "台账-有误.xlsx"
    bad.write_bytes(workbook_bytes([GOOD[0], ["某通报", "青卫发〔2019〕5号", "2019-03-02", "半公开", "", "",
                                              "医政医管科", "", "", ""]]))
    files = [CORPUS / "seed-000.docx", CORPUS / "fixture-02-table.docx"]
    office.import_ledger(bad, files)
    assert "未导入任何文件" in office.ledger_summary()
    problems = office.page.locator("#ledger-problems tbody").inner_text()
    assert "3\t公开属性\t“半公开”无法识别" in problems
    good = tmp_path / "台账.xlsx"
    good.write_bytes(workbook_bytes(GOOD))
    office.import_ledger(good, files)
    assert "导入 4 件" in office.ledger_summary()
    office.import_ledger(good, files)
    assert "导入 0 件，已在系统中（未改动）4 件" in office.ledger_summary()
