"""Re-review in a real browser (DESIGN §6): a restricted document comes due, the job opens the task,
a reviewer converts it to 主动公开, and an anonymous visitor finds it in the public catalogue with
the date from which it is public and the very file that was issued (same SHA-256)."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from review.enums import Attribute
from review.operations.rereview import public_note
from tests.domain.flow import Office
from tests.domain.rereview_flow import office_now
from tests.e2e.navigator import Staff

pytestmark = pytest.mark.e2e


class Reviewer(Staff):
    """The re-review steps of an office reviewer."""

    def open_rereview_queue(self) -> None:
        self.page.locator("#nav-rereview").click()
        self.page.wait_for_load_state()

    def open_task(self, title: str) -> None:
        self.page.locator("#tasks").get_by_role("link", name=title).click()
        self.page.wait_for_load_state()

    def decide(self, outcome: str, reason: str) -> None:
        form = self.page.locator("#decide-form")
        form.locator("#decide-outcome").select_option(label=outcome)
        form.locator("#decide-text").fill(reason)
        self._send(form, "作出决定")


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def test_due_document_converted_to_active_appears_in_the_public_catalogue(new_page, live_app, office):
    doc = office.issued(Attribute.NON_DISCLOSABLE, signed_on=dt.date(2025, 1, 6))  # process_info: due after 6 months
    title, sha = doc.title, doc.current_version.sha256

    # The nightly job opens the task.
    result = live_app.test_cli_runner().invoke(args=["rereview", "run"])
    assert result.output.strip().splitlines()[-1] == "opened 1 (due 1, upstream 0, requests 0, sweep 0); already open 0"

    # The reviewer sees it in 待办 and in the re-review queue, opens the task and converts it.
    reviewer = Reviewer(new_page()).log_in(office.reviewer.username)
    assert reviewer.inbox_badge() == "1"
    reviewer.open_inbox()
    assert title in reviewer.page.locator(".inbox-list", has_text="定期审查待决定").inner_text()
    reviewer.open_rereview_queue()
    reviewer.open_task(title)
    assert reviewer.page.locator("#task-trigger").inner_text() == "到期复审"
    assert "属于四类过程性信息" in reviewer.page.locator("#original-reason").inner_text()
    reviewer.decide("调整为主动公开", "所涉决策已作出，过程性信息不公开的理由已消失。")
    today = office_now().date()
    assert public_note(today) in reviewer.flash()
    assert reviewer.page.locator("#task-state").inner_text() == "已审查"
    assert reviewer.inbox_badge() == ""

    # An anonymous visitor finds it, public from today, and the file is the one issued.
    visitor = new_page()
    visitor.goto("/public/")
    row = visitor.locator("#catalogue tbody tr", has_text=title)
    assert row.count() == 1
    assert today.isoformat() in row.inner_text() and public_note(today) in row.inner_text()
    shown = row.locator("code.sha256").inner_text().strip()
    with visitor.expect_download() as download:
        row.get_by_role("link", name="下载").click()
    data = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == shown == sha

    # The document page shows the history to the drafter.
    drafter = Staff(new_page()).log_in(office.drafter.username)
    drafter.open_document(doc.id)
    history = drafter.page.locator("#attribute-history").inner_text()
    assert "发文时认定" in history and public_note(today) in history
