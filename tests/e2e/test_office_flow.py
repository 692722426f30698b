"""The office's side in a real browser: a dispute ruled by the signatory and published (DESIGN §3, §9),
a restricted outcome that never reaches the public, and the 待办 badge.

Each ``new_page()`` is a separate browser context, i.e. a separate person (or an anonymous visitor).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from review.enums import Attribute
from tests.conftest import CORPUS
from tests.domain.flow import Office
from tests.e2e.navigator import Staff

pytestmark = pytest.mark.e2e

PREFIX = "青卫发（青山县卫生健康局·发文）"
SPECIFIC_USE = "仅对特定对象有特殊作用，不需社会广泛知晓"
#: fixture-02-table: printed （此件依申请公开）; its title is what the drafter's declaration is pre-filled with.
ON_REQUEST_FILE = CORPUS / "fixture-02-table.docx"
ON_REQUEST_TITLE = "青禾市卫生健康委员会办公室关于2023年第一季度医疗机构依法执业检查情况的通报"
#: fixture-05: printed （此件公开发布）, i.e. active — the office's corrected version.
ACTIVE_FILE = CORPUS / "fixture-05-cn-date-square.docx"

STATE_OFFICE_REVIEW = "待办公室审核"
STATE_CHANGED = "办公室已调整属性，待拟稿人确认"
STATE_DISPUTED = "有争议，待签发人裁定"
STATE_APPROVED = "审核通过，待签发"
STATE_SIGNED = "已签发，待发文"
STATE_ISSUED = "已发文"
#: The corpus files print their own 发文字号 and 成文日期; issuing them under 青卫发 needs a written reason.
PRINTED_STANDS = "样本文件所印文号为原发文机关文号，以本次登记为准。"


@pytest.fixture
def office(session, store, make_user, make_section):
    """Drafter (section without head review), two reviewers, a signatory and the 代字 青卫发."""
    return Office(session, store, make_user, make_section)


def assert_state(staff: Staff, expected: str) -> None:
    """The document page shows ``expected``; an error page fails with its own (Chinese) message."""
    error = staff.page.locator("#error-message")
    assert not error.count(), f"expected state {expected!r}, got error page: {error.inner_text()}"
    assert staff.state() == expected


def search_public(page, query: str):
    page.goto("/public/")
    page.locator("#q").fill(query)
    page.get_by_role("button", name="检索").click()
    page.wait_for_load_state()
    return page.locator("#catalogue tbody")


def test_dispute_ruled_active_then_corrected_issued_and_published(new_page, office):
    # The drafter declares 依申请公开, as the printed 附注 says.
    drafter = Staff(new_page()).log_in(office.drafter.username)
    drafter.upload(ON_REQUEST_FILE)
    assert drafter.field("公开属性").input_value() == Attribute.ON_REQUEST.value  # pre-filled from the marking
    assert drafter.page.locator('#parsed [data-k="marking"]').inner_text() == "（此件依申请公开）"
    title = drafter.field("标题").input_value()
    assert title == ON_REQUEST_TITLE
    drafter.choose("不公开理由", SPECIFIC_USE)
    explanation = "本通报仅对被检查的医疗机构有整改作用，不需社会公众广泛知晓。"
    drafter.field("理由说明").fill(explanation)
    drafter.submit_declaration()
    assert_state(drafter, STATE_OFFICE_REVIEW)
    doc_id = drafter.doc_id()

    # A reviewer finds it in 待办 and proposes 主动公开. The proposal raises a warning of its own (the printed
    # 附注 says 依申请公开): the page asks to acknowledge it and send again, then shows the document.
    reviewer = Staff(new_page()).log_in(office.reviewer.username)
    reviewer.open_from_inbox(title)
    assert reviewer.doc_id() == doc_id
    proposal = "通报为执法检查结果，不涉及个人隐私，依法应当主动公开。"
    reviewer.propose_attribute("主动公开", proposal)
    assert_state(reviewer, STATE_CHANGED)

    dispute_ruled_active_issued_and_published(new_page, office, drafter, reviewer, doc_id, title, explanation, proposal)


def dispute_ruled_active_issued_and_published(new_page, office, drafter, reviewer, doc_id, title, explanation,
                                              proposal):
    """From the office's proposal on: objection, ruling, refused issue, corrected file, issue, publication."""
    # The drafter sees both positions and objects; the signatory sees them with the objection and rules.
    drafter.open_document(doc_id)
    positions = drafter.page.locator("#positions").inner_text()
    assert explanation in positions and proposal in positions
    objection = "通报载有被检查机构的整改细节，仅对其有整改作用。"
    drafter.object_to_change(objection)
    assert_state(drafter, STATE_DISPUTED)

    signatory = Staff(new_page()).log_in(office.signatory.username)
    signatory.open_document(doc_id)
    positions = signatory.page.locator("#positions").inner_text()
    assert explanation in positions and proposal in positions and objection in positions
    signatory.rule("主动公开", "执法检查结果属于应当主动公开的信息。")
    assert_state(signatory, STATE_APPROVED)
    signatory.sign("同意印发")
    assert_state(signatory, STATE_SIGNED)

    # Issuing is refused while the printed 附注 still says 依申请公开; the office uploads a corrected file.
    reviewer.open_document(doc_id)
    reviewer.issue(PREFIX, "2026-11-02", PRINTED_STANDS)
    assert "附注" in reviewer.page.locator("#issue-form").inner_text()
    assert reviewer.page.locator("#issue-date").input_value() == "2026-11-02"  # what was typed is kept
    reviewer.open_document(doc_id)
    assert_state(reviewer, STATE_SIGNED)
    reviewer.upload_corrected(ACTIVE_FILE)
    reviewer.issue(PREFIX, "2026-11-02", PRINTED_STANDS)
    assert_state(reviewer, STATE_ISSUED)
    assert reviewer.issued_number() == "青卫发〔2026〕1号"

    # An anonymous visitor finds it, and the downloaded file matches the published checksum.
    visitor = new_page()
    rows = search_public(visitor, "依法执业检查")
    row = rows.locator(f"#doc-{doc_id}")
    assert rows.locator("tr").count() == 1 and row.count() == 1
    assert title in row.inner_text() and "青卫发〔2026〕1号" in row.inner_text() and "2026-11-02" in row.inner_text()
    shown = row.locator("code.sha256").inner_text().strip()
    with visitor.expect_download() as download:
        row.get_by_role("link", name="下载").click()
    data = Path(download.value.path()).read_bytes()
    assert hashlib.sha256(data).hexdigest() == shown == hashlib.sha256(ACTIVE_FILE.read_bytes()).hexdigest()
    assert search_public(visitor, "绩效考核").locator(f"#doc-{doc_id}").count() == 1  # the corrected file's text


def test_restricted_document_is_never_public(new_page, office):
    published = office.issued(Attribute.ACTIVE)  # an active one, so the catalogue is not trivially empty
    restricted = office.submitted(Attribute.ON_REQUEST)
    doc_id = restricted.id

    reviewer = Staff(new_page()).log_in(office.reviewer.username)
    reviewer.open_document(doc_id)
    assert_state(reviewer, STATE_OFFICE_REVIEW)
    reviewer.approve()
    assert_state(reviewer, STATE_APPROVED)
    signatory = Staff(new_page()).log_in(office.signatory.username)
    signatory.open_document(doc_id)
    signatory.sign()
    assert_state(signatory, STATE_SIGNED)
    reviewer.open_document(doc_id)
    reviewer.issue(PREFIX, "2026-11-03", PRINTED_STANDS)
    assert_state(reviewer, STATE_ISSUED)
    assert reviewer.issued_number() == "青卫发〔2026〕2号"
    # Staff see it in the 依申请公开目录.
    reviewer.page.goto("/catalogue/on_request")
    assert reviewer.page.locator(f"#catalogue #doc-{doc_id}").count() == 1

    visitor = new_page()
    for query in ("依法执业检查", "青卫发〔2026〕2号"):
        rows = search_public(visitor, query)
        assert rows.locator(f"#doc-{doc_id}").count() == 0
        assert "没有找到符合条件的公开文件" in rows.inner_text()
    visitor.goto("/public/")
    listed = visitor.locator("#catalogue tbody")
    assert listed.locator(f"#doc-{published.id}").count() == 1
    assert listed.locator(f"#doc-{doc_id}").count() == 0

    # Its file is not served publicly (while the active one is).
    assert visitor.request.get(f"/public/{doc_id}/file").status == 404
    assert visitor.request.get(f"/public/{published.id}/file").status == 200
    response = visitor.goto(f"/public/{doc_id}/file")
    assert response.status == 404
    assert "未找到" in visitor.locator("h1").inner_text()

    # The staff file URL sends an anonymous visitor to the login page.
    staff_url = f"/documents/{doc_id}/versions/1/file"
    response = visitor.request.get(staff_url, max_redirects=0)
    assert response.status == 302 and "/login" in response.headers["location"]
    visitor.goto(staff_url)
    assert "/login" in visitor.url
    assert visitor.get_by_role("heading", name="工作人员登录").is_visible()


def test_inbox_badge_counts_what_waits_for_the_reviewer(new_page, office):
    reviewer = Staff(new_page()).log_in(office.reviewer.username)
    reviewer.open_inbox()
    assert reviewer.inbox_badge() == ""

    drafter = Staff(new_page()).log_in(office.drafter.username)
    drafter.upload(CORPUS / "seed-000.docx")
    assert drafter.field("公开属性").input_value() == Attribute.ACTIVE.value
    title = drafter.field("标题").input_value()
    drafter.submit_declaration()
    assert_state(drafter, STATE_OFFICE_REVIEW)
    doc_id = drafter.doc_id()
    assert drafter.inbox_badge() == ""  # nothing waits for the drafter

    reviewer.page.reload()
    assert reviewer.inbox_badge() == "1"
    reviewer.open_inbox()
    waiting = reviewer.page.locator(".inbox-list").filter(has_text=STATE_OFFICE_REVIEW)
    assert waiting.locator("h2 .tag").inner_text() == "1"
    assert waiting.get_by_role("link", name=title).count() == 1
    other = Staff(new_page()).log_in(office.reviewer2.username)
    assert other.inbox_badge() == "1"  # the office's queue, not one reviewer's
    signatory = Staff(new_page()).log_in(office.signatory.username)
    assert signatory.inbox_badge() == ""

    reviewer.open_from_inbox(title)
    assert reviewer.doc_id() == doc_id
    assert_state(reviewer, STATE_OFFICE_REVIEW)
    reviewer.approve()
    assert_state(reviewer, STATE_APPROVED)
    assert reviewer.inbox_badge() == ""  # now it waits for the 签发人
    signatory.page.reload()
    assert signatory.inbox_badge() == "1"
    signatory.open_from_inbox(title)
    signatory.sign()
    assert_state(signatory, STATE_SIGNED)
    reviewer.page.reload()
    assert reviewer.inbox_badge() == "1"  # 已签发待发文
    reviewer.issue(PREFIX, "2026-11-02", PRINTED_STANDS)
    assert_state(reviewer, STATE_ISSUED)
    assert reviewer.inbox_badge() == ""
