"""The auditor in real headless Chromium: opens the yearly audit for 2025, sees the charts drawn and
table 3 with its cross-check, and downloads the .xlsx whose figures match the page."""
from __future__ import annotations

import openpyxl
import pytest

from review import reports
from review.enums import Role
from tests import audit_data
from tests.e2e.audit_navigator import Auditor

pytestmark = pytest.mark.e2e


def test_auditor_opens_the_year_sees_charts_and_table3_and_downloads_the_workbook(new_page, session, make_user,
                                                                                   tmp_path):
    audit_data.build(session, documents=300, requests=200)
    auditor = make_user(Role.AUDITOR)
    staff = Auditor(new_page()).log_in(auditor.username)
    staff.open_audit(2025)

    assert staff.page.locator("h1").inner_text() == "2025年度公文公开属性审计"
    for chart in ("chart-share-by-year", "chart-share-by-section", "chart-reasons"):
        assert staff.chart_drawn(chart), chart
    assert "本年应复审" in staff.page.locator("#rereview").inner_text()  # re-review figures, not a gap

    table3 = staff.table("table3")
    assert table3[1] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    expected = reports.table3_rows(reports.table3(session, 2025))
    received = next(r for r in table3 if r[0] == "一、本年新收政府信息公开申请数量")
    assert received[1:] == [str(v) for v in expected[0].values]
    assert "各列均相符" in staff.page.locator("#table3-check").inner_text()
    issued = staff.table("by-attribute")[1]

    download = staff.download_xlsx()
    assert download.suggested_filename == "2025年度公文公开属性审计.xlsx"
    path = tmp_path / "audit.xlsx"
    download.save_as(path)
    book = openpyxl.load_workbook(path)
    assert [str(book["发文统计"]["B3"].value), str(book["发文统计"]["C3"].value)] == issued[1:]
    sheet = book["表三 依申请公开"]
    assert [str(c.value) for c in sheet[3][1:]] == received[1:]
