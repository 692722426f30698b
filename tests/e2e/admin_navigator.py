"""The admin's and the visitor's steps in the browser (follows tests/e2e/navigator.py)."""
from __future__ import annotations

from tests.e2e.navigator import Staff


class Admin(Staff):
    def open_admin(self, section: str) -> None:
        self.page.locator("#nav-admin").click()
        self.page.get_by_role("navigation", name="系统管理").get_by_role("link", name=section).click()
        self.page.wait_for_load_state()

    def add_section(self, name: str, head_review: bool) -> None:
        self.open_admin("科室")
        form = self.page.locator("#section-form")
        form.get_by_label("科室名称").fill(name)
        if head_review:
            form.get_by_label("提交后须经科室负责人确认").check()
        self._send(form, "添加科室")

    def create_user(self, username: str, name: str, role: str, section: str, password: str) -> None:
        self.open_admin("用户")
        form = self.page.locator("#user-form")
        form.get_by_label("用户名").fill(username)
        form.get_by_label("姓名").fill(name)
        form.get_by_label("角色").select_option(label=role)
        form.get_by_label("所属科室（拟稿人、科室负责人必填）").select_option(label=section)
        form.get_by_label("初始密码（至少8位，用户首次登录须修改）").fill(password)
        self._send(form, "创建用户")

    def change_password(self, current: str, new: str) -> None:
        form = self.page.locator("#password-form")
        form.get_by_label("当前密码").fill(current)
        form.get_by_label("新密码（至少8位）").fill(new)
        form.get_by_label("再次输入新密码").fill(new)
        self._send(form, "修改密码")
