"""The request officer in real headless Chromium: registers a request citing a 发文字号 (written with
other brackets), sees our document matched and the statutory due date, answers 予以公开 and
downloads the generated 告知书."""
from __future__ import annotations

import datetime as dt
import io

import pytest
from docx import Document as DocxDocument

from review.enums import Attribute, Role
from review.workdays import local_date
from tests.domain.flow import Office
from tests.e2e.request_navigator import RequestOfficer

pytestmark = pytest.mark.e2e


def test_officer_registers_matches_answers_and_downloads_the_letter(new_page, session, store, make_user,
                                                                    make_section, tmp_path):
    office = Office(session, store, make_user, make_section)
    doc = office.issued(Attribute.ACTIVE)
    officer = make_user(Role.REQUEST_OFFICER)
    cited = doc.doc_number.replace("〔", "[").replace("〕", "]")  # as a requester types it

    staff = RequestOfficer(new_page()).log_in(officer.username)
    staff.open_registry()
    received = local_date(dt.datetime.now(dt.UTC)) - dt.timedelta(days=1)
    staff.register(name="刘某某", kind="自然人", channel="网络", received_on=received.isoformat(),
                   text="申请公开贵局发布的传染病防控工作通知全文。", cited=cited)

    number = staff.number()
    assert number.startswith(f"依申〔{received.year}〕") and number.endswith("号")
    assert "已登记申请" in staff.flash()
    matched = staff.matched_documents()
    assert len(matched) == 1 and doc.title in matched[0] and "按发文字号匹配" in matched[0]
    assert staff.page.locator("#due-on").inner_text() != "期限中止"
    assert "20 个工作日" in staff.page.locator("#deadline-steps").inner_text()

    staff.answer("予以公开", "现将该通知全文随本告知书提供给您。")
    assert staff.page.locator("#request-state").inner_text() == "已答复"
    assert staff.page.locator("#outcome").inner_text() == "予以公开"

    download = staff.download_letter()
    assert download.suggested_filename == f"告知书-{number}.docx"
    path = tmp_path / "letter.docx"
    download.save_as(path)
    text = "\n".join(p.text for p in DocxDocument(io.BytesIO(path.read_bytes())).paragraphs)
    assert "政府信息公开申请答复告知书" in text and "刘某某：" in text and cited in text
    assert "答复类别：予以公开。" in text and "现将该通知全文随本告知书提供给您。" in text

    staff.open_registry()  # shows open requests by default; the answered one is under 已答复
    assert number not in staff.page.locator("#registry").inner_text()
    staff.page.goto("/requests/?state=answered")
    assert number in staff.page.locator("#registry").inner_text()


def test_officer_records_correction_and_consultation_and_the_clock_follows(new_page, make_user):
    officer = make_user(Role.REQUEST_OFFICER)
    staff = RequestOfficer(new_page()).log_in(officer.username)
    staff.open_registry()
    today = local_date(dt.datetime.now(dt.UTC))
    received = today - dt.timedelta(days=3)
    staff.register(name="某律师事务所", kind="法律服务机构", channel="当面", received_on=received.isoformat(),
                   text="申请公开某医院的执业检查记录。", cited="")
    staff.record("correction_sent", "发出补正通知", day=received.isoformat(), note="请写明检查记录的年度和医院名称。")
    assert staff.page.locator("#request-state").inner_text() == "待申请人补正"
    assert staff.page.locator("#due-on").inner_text() == "期限中止"
    staff.record("correction_received", "登记收到补正", day=today.isoformat(), note="2026年第三季度")
    assert staff.page.locator("#request-state").inner_text() == "办理中"
    assert "重新计算" in staff.page.locator("#deadline-steps").inner_text()
    staff.record("consultation_start", "开始征求意见", day=today.isoformat(), consulted="第三方",
                 party="青山县某医院", note="涉及商业秘密")
    assert staff.page.locator("#request-state").inner_text() == "征求意见中"
    assert "第三十四条" in staff.page.locator("#deadline-steps").inner_text()
    events = staff.page.locator("#request-events").inner_text()
    assert "发出补正通知" in events and "收到补正" in events and "青山县某医院" in events
