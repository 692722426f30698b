"""User steps in the browser, so tests read like what a person does (SecureDrop's navigators)."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import PASSWORD


class Staff:
    def __init__(self, page):
        self.page = page

    def log_in(self, username: str, password: str = PASSWORD) -> Staff:
        self.page.goto("/login")
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(password)
        self.page.get_by_role("button", name="登录").click()
        self.page.wait_for_load_state()
        return self

    def upload(self, path: Path) -> None:
        self.page.goto("/documents/new")
        self.page.get_by_label("公文文件（.docx 或 .pdf）").set_input_files(str(path))
        self.page.get_by_role("button", name="上传").click()
        self.page.wait_for_load_state()

    def field(self, label: str):
        return self.page.locator("#declaration").get_by_label(label, exact=True)

    def choose(self, label: str, option_text: str) -> None:
        self.field(label).select_option(label=option_text)

    def submit_declaration(self) -> None:
        self.page.get_by_role("button", name="提交审核").click()
        self.page.wait_for_load_state()

    def state(self) -> str:
        return self.page.locator("#doc-state").inner_text()
