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

    # --- The office, the signatory and the document page (added for test_office_flow) ---

    def doc_id(self) -> int:
        """The id of the document whose page is open (/documents/<id>)."""
        path = self.page.url.split("?")[0].rstrip("/")
        return int(path.rsplit("/", 1)[1])

    def open_document(self, doc_id: int) -> None:
        self.page.goto(f"/documents/{doc_id}")
        self.page.wait_for_load_state()

    def inbox_badge(self) -> str:
        """The number beside 待办 in the navigation ('' when nothing waits)."""
        badge = self.page.locator("#nav-inbox .badge")
        return badge.inner_text() if badge.count() else ""

    def open_inbox(self) -> None:
        self.page.locator("#nav-inbox").click()
        self.page.wait_for_load_state()

    def open_from_inbox(self, title: str) -> None:
        self.open_inbox()
        self.page.locator(".inbox-list").get_by_role("link", name=title).click()
        self.page.wait_for_load_state()

    def _send(self, form, button: str) -> None:
        form.get_by_role("button", name=button).click()
        self.page.wait_for_load_state()

    def _tick_all(self, form) -> int:
        boxes = form.locator('input[type=checkbox][name="acknowledged"]')
        for i in range(boxes.count()):
            boxes.nth(i).check()
        return boxes.count()

    def approve(self) -> int:
        """审核通过 as declared, acknowledging every warning shown; returns how many were ticked."""
        form = self.page.locator("#approve-form")
        ticked = self._tick_all(form)
        self._send(form, "审核通过")
        return ticked

    def propose_attribute(self, attribute: str, comment: str, reason: str | None = None) -> int:
        """调整属性: choose, explain, tick every acknowledgement shown, send; returns how many were ticked."""
        form = self.page.locator("#change-form")
        form.locator("#change-attribute").select_option(label=attribute)
        if reason:
            form.locator("#change-reason").select_option(label=reason)
        form.locator("#change-comment").fill(comment)
        ticked = self._tick_all(form)
        self._send(form, "调整属性")
        if self.page.locator("#pending-message").count():
            # the proposal raised warnings of its own: the page asks to acknowledge them and send again
            form = self.page.locator("#change-form")
            ticked += self._tick_all(form)
            self._send(form, "调整属性")
        return ticked

    def object_to_change(self, comment: str) -> None:
        form = self.page.locator("#object-form")
        form.locator("#object-comment").fill(comment)
        self._send(form, "提出异议")

    def rule(self, attribute: str, comment: str, reason: str | None = None) -> None:
        form = self.page.locator("#rule-form")
        form.locator("#rule-attribute").select_option(label=attribute)
        if reason:
            form.locator("#rule-reason").select_option(label=reason)
        form.locator("#rule-comment").fill(comment)
        self._send(form, "裁定")

    def upload_corrected(self, path: Path) -> None:
        self.page.locator("#corrected-file").set_input_files(str(path))
        self.page.get_by_role("button", name="上传更正版本").click()
        self.page.wait_for_load_state()

    def issue(self, prefix_label: str, signed_on: str, explanation: str = "") -> None:
        """发文 with a 代字 (its option text) and 成文日期 (YYYY-MM-DD), acknowledging the warnings shown;
        ``explanation`` says why the number and date printed on the sample file stand aside."""
        form = self.page.locator("#issue-form")
        form.locator("#issue-prefix").select_option(label=prefix_label)
        form.locator("#issue-date").fill(signed_on)
        if explanation:
            form.locator("#issue-explanation").fill(explanation)
        self._tick_all(form)
        self._send(form, "发文")

    def sign(self, comment: str = "") -> None:
        """签发 on today's date (pre-filled), with an optional comment."""
        form = self.page.locator("#sign-form")
        if comment:
            form.locator("#sign-comment").fill(comment)
        self._send(form, "签发")

    def pending_message(self) -> str:
        """The message shown beside a refused form (the page keeps what was typed)."""
        return self.page.locator("#pending-message").inner_text()

    def override_upstream(self, comment: str) -> None:
        form = self.page.locator("#override-form")
        form.locator("#override-comment").fill(comment)
        self._send(form, "同意不予公开")

    def issued_number(self) -> str:
        return self.page.locator("#issued-number").inner_text()

    def error_message(self) -> str:
        return self.page.locator("#error-message").inner_text()

    def flash(self) -> str:
        return "\n".join(self.page.locator(".flash").all_inner_texts())
