"""签发 in the browser, then the 发文稿纸 printed from it, and the 审核单 of a re-review decision: their
content, and that each fits on one or two A4 pages as Chromium prints it (issue 11, parts 2 and 3)."""
from __future__ import annotations

import datetime as dt

import pypdfium2
import pytest
import sqlalchemy as sa

from review.enums import Attribute
from review.models import ReReview
from review.operations import rereview as ops
from tests.domain.flow import Office
from tests.domain.rereview_flow import office_now, run_job
from tests.e2e.navigator import Staff

pytestmark = pytest.mark.e2e

PREFIX = "青卫发（青山县卫生健康局·发文）"


def printed_pages(page) -> int:
    """How many A4 pages Chromium's print of ``page`` takes."""
    page.emulate_media(media="print")
    pdf = pypdfium2.PdfDocument(page.pdf(format="A4", print_background=False))
    try:
        return len(pdf)
    finally:
        pdf.close()


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def test_signed_issued_document_prints_its_paper_form(new_page, office):
    doc = office.approved(Attribute.ON_REQUEST)
    signatory = Staff(new_page()).log_in(office.signatory.username)
    signatory.open_from_inbox(doc.title)
    signatory.sign("同意印发，依申请公开")
    assert signatory.state() == "已签发，待发文"

    reviewer = Staff(new_page()).log_in(office.reviewer.username)
    reviewer.open_document(doc.id)
    reviewer.issue(PREFIX, "2026-11-20", "样本文件所印文号为原发文机关文号，以本次登记为准。")
    assert reviewer.state() == "已发文"
    number = reviewer.issued_number()

    page = reviewer.page
    with page.context.expect_page() as opened:
        page.locator("#print-link").click()
    paper = opened.value
    paper.wait_for_load_state()
    form = paper.locator("#paper-form")
    assert paper.locator("#paper-organ").inner_text() == "青山县卫生健康局"
    assert form.locator('[data-k="doc_number"]').inner_text() == number
    assert form.locator('[data-k="title"]').inner_text() == doc.title
    assert form.locator('[data-k="drafter"]').inner_text() == office.drafter.display_name
    assert office.reviewer.display_name in form.locator('[data-k="checked"]').inner_text()
    signed = form.locator('[data-k="signed"]').inner_text()
    assert office.signatory.display_name in signed and "同意印发，依申请公开" in signed
    boxes = form.locator('[data-k="attribute"]').inner_text()
    assert "☑ 依申请公开" in boxes and "☐ 主动公开" in boxes and "☐ 不予公开" in boxes
    assert "仅对特定对象有特殊作用" in form.locator('[data-k="reason"]').inner_text()
    assert form.locator('[data-k="issued_on"]').inner_text() == "2026-11-20"
    assert "签发" in paper.locator("#paper-decisions").inner_text()

    assert 1 <= printed_pages(paper) <= 2, "the 发文稿纸 must print on one or two A4 pages"


def test_a_rereview_decision_prints_its_review_sheet(new_page, office, session):
    """The 审核单 beside the 发文稿纸: opened from the task page, filled from the decision, one or two A4 pages."""
    doc = office.issued(Attribute.NON_DISCLOSABLE, signed_on=dt.date(2025, 1, 6))
    run_job(session, office_now().date())
    task = session.scalar(sa.select(ReReview).where(ReReview.open_document_id == doc.id))
    ops.decide(session, office.reviewer, task, task.lock_version, ops.Outcome.ON_REQUEST, "internal_affairs",
               "决策已作出，内部事务信息可依申请提供。", dt.date(2027, 12, 1), office_now())
    session.commit()

    reviewer = Staff(new_page()).log_in(office.reviewer.username)
    page = reviewer.page
    page.goto(f"/rereview/{task.id}")
    with page.context.expect_page() as opened:
        page.locator("#sheet-link").click()
    sheet = opened.value
    sheet.wait_for_load_state()
    table = sheet.locator("#review-sheet")
    assert table.locator('[data-k="title"]').inner_text() == doc.title
    assert table.locator('[data-k="attribute_before"]').inner_text() == "不予公开"
    assert "☑ 不予公开调整为依申请公开" in table.locator('[data-k="outcome"]').inner_text()
    assert table.locator('[data-k="attribute_after"]').inner_text() == "依申请公开"
    assert office.reviewer.display_name in table.locator('[data-k="decision"]').inner_text()
    assert table.locator('[data-k="next_review_on"]').inner_text() == "2027-12-01"

    assert 1 <= printed_pages(sheet) <= 2, "the 审核单 must print on one or two A4 pages"
