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
        form.get_by_label("初始密码（至少12位，用户首次登录须修改）").fill(password)
        self._send(form, "创建用户")

    def change_password(self, current: str, new: str) -> None:
        form = self.page.locator("#password-form")
        form.get_by_label("当前密码").fill(current)
        form.get_by_label("新密码（至少12位）").fill(new)
        form.get_by_label("再次输入新密码").fill(new)
        self._send(form, "修改密码")

    def import_ledger(self, ledger, files=(), skip_bad: bool = False) -> None:
        """导入台账: choose the .xlsx and its files, send, and wait for the summary (the page shows a
        progress bar while the upload runs and the server checks)."""
        self.open_admin("导入台账")
        form = self.page.locator("#ledger-form")
        form.get_by_label("台账文件（.xlsx）").set_input_files(str(ledger))
        if files:
            form.get_by_label("文件（可多选，文件名须与台账“文件名”列一致）").set_input_files([str(f) for f in files])
        if skip_bad:
            form.get_by_label("跳过有问题的行，只导入正确的行").check()
        form.get_by_role("button", name="检查并导入").click()
        self.page.locator("#ledger-summary").wait_for()

    def ledger_summary(self) -> str:
        return self.page.locator("#ledger-summary").inner_text()

    def enter_holidays(self, year: int, days_off: str, workdays: str, source: str, correct: bool = False) -> None:
        """节假日安排: type a year's schedule from the State Council's notice, one date or range per line."""
        self.open_admin("节假日安排")
        self.fill_holidays(year, days_off, workdays, source, correct)

    def fill_holidays(self, year: int, days_off: str, workdays: str, source: str, correct: bool = False) -> None:
        form = self.page.locator("#holiday-form")
        form.get_by_label("年份", exact=True).fill(str(year))
        form.get_by_label("放假日期", exact=False).fill(days_off)
        form.get_by_label("调休上班日期", exact=False).fill(workdays)
        form.get_by_label("依据（国务院办公厅通知的文号）").fill(source)
        if correct:
            form.get_by_label("更正已录入的年份（替换原有安排）").check()
        self._send(form, "保存节假日安排")

    def holiday_year(self, year: int) -> str:
        return self.page.locator(f"#holiday-year-{year}").inner_text()
