"""In a real browser: the signatory lifts the upstream-active block in writing and the reviewer can then
approve (issue 6 item 1); the public catalogue, the inbox and the document page fit a 390 px phone
without horizontal scrolling (item 17)."""
from __future__ import annotations

import pytest

from review.enums import Attribute
from tests.domain.flow import Office
from tests.e2e.navigator import Staff

pytestmark = pytest.mark.e2e


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def test_signatory_lifts_the_upstream_block_and_the_reviewer_approves(new_page, office):
    doc = office.submitted(Attribute.NON_DISCLOSABLE, upstream_number="国卫办发〔2020〕1号",
                           upstream_attribute=Attribute.ACTIVE)
    reviewer = Staff(new_page()).log_in(office.reviewer.username)
    reviewer.open_document(doc.id)
    assert reviewer.page.locator("#approve-form").count() == 1
    assert "上级文件为主动公开" in reviewer.page.locator("#approve-form").inner_text()  # the block stands

    signatory = Staff(new_page()).log_in(office.signatory.username)
    signatory.open_from_inbox(doc.title)
    assert signatory.page.locator("#override-form").is_visible()
    signatory.override_upstream("本件载有尚未公开的工作部署细节，同意不予公开。")
    assert "已完成" in signatory.flash()
    assert signatory.page.locator("#override-form").count() == 0

    reviewer.open_document(doc.id)
    reviewer.approve()
    assert reviewer.state() == "审核通过，待签发"


def no_horizontal_scroll(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_pages_fit_a_phone(browser, live_app, office):
    issued = office.issued(Attribute.ACTIVE)
    waiting = office.submitted(Attribute.ACTIVE)
    context = browser.new_context(base_url=live_app.config["LIVE_URL"], locale="zh-CN",
                                  viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto("/public/")
        assert page.locator(f"#doc-{issued.id}").count() == 1
        assert no_horizontal_scroll(page), "public catalogue scrolls sideways at 390 px"
        reviewer = Staff(page).log_in(office.reviewer.username)
        reviewer.open_inbox()
        assert no_horizontal_scroll(page), "inbox scrolls sideways at 390 px"
        # the menu wraps by item, not one character per line
        link = page.locator("#nav-inbox")
        box = link.bounding_box()
        assert box["width"] > box["height"], box
        reviewer.open_document(waiting.id)
        assert no_horizontal_scroll(page), "document page scrolls sideways at 390 px"
        reviewer.open_document(issued.id)  # approved, signed and issued: its 审核意见 table has rows
        assert no_horizontal_scroll(page), "document page scrolls sideways at 390 px"
        name = page.locator("#decisions td.nowrap").nth(1)  # the decider's name
        # one line box: the name is not broken one character per line (the row may be taller for its comment)
        lines = name.evaluate("el => { const r = document.createRange(); r.selectNodeContents(el);"
                              " return r.getClientRects().length; }")
        assert lines == 1, lines
    finally:
        context.close()
