"""The request officer's steps in the browser (a navigator beside tests/e2e/navigator.py)."""
from __future__ import annotations

from tests.e2e.navigator import Staff


class RequestOfficer(Staff):
    def open_registry(self) -> None:
        self.page.locator("#nav-requests").click()
        self.page.wait_for_load_state()

    def register(self, *, name: str, kind: str, channel: str, received_on: str, text: str, cited: str) -> None:
        self.page.locator("#register-link").click()
        self.page.wait_for_load_state()
        form = self.page.locator("#register-form")
        form.get_by_label("申请人姓名或名称").fill(name)
        form.get_by_label("申请人类型").select_option(label=kind)
        form.get_by_label("申请方式").select_option(label=channel)
        form.get_by_label("收到申请日期").fill(received_on)
        form.get_by_label("申请内容").fill(text)
        form.get_by_label("所申请的文件（每行一件：发文字号或标题）").fill(cited)
        form.get_by_role("button", name="登记").click()
        self.page.wait_for_load_state()

    def number(self) -> str:
        return self.page.locator("#request-number").inner_text()

    def matched_documents(self) -> list[str]:
        return self.page.locator("#requested-documents td.matched").all_inner_texts()

    def answer(self, outcome: str, text: str) -> None:
        form = self.page.locator("#answer-form")
        form.get_by_label("答复类别").select_option(label=outcome)
        form.get_by_label("答复内容（写入告知书）").fill(text)
        form.get_by_role("button", name="答复并生成告知书").click()
        self.page.wait_for_load_state()

    def download_letter(self):
        with self.page.expect_download() as info:
            self.page.locator("#letter-link").click()
        return info.value

    def record(self, kind: str, button: str, **fields: str) -> None:
        """Fill the event form ``kind`` (field name → value; selects by option label) and send it."""
        form = self.page.locator(f"#form-{kind}")
        for name, value in fields.items():
            field = form.locator(f"#{kind}-{name}")
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(label=value)
            else:
                field.fill(value)
        form.get_by_role("button", name=button).click()
        self.page.wait_for_load_state()
