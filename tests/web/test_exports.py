"""The .xlsx downloads: the page's filters applied, Chinese headers, frozen header row, fitted widths."""
from __future__ import annotations

import io
from urllib.parse import unquote

from openpyxl import load_workbook

from review.enums import Attribute, Role
from tests.domain.flow import Office


def sheet_of(response):
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).active
    assert sheet.freeze_panes == "A2"
    return sheet


def values(sheet):
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def test_queue_export_applies_the_filters(session, store, make_user, make_section, login):
    office = Office(session, store, make_user, make_section)
    active = office.submitted(Attribute.ACTIVE)
    restricted = office.submitted(Attribute.ON_REQUEST)
    client = login(office.reviewer)
    sheet = sheet_of(client.get("/exports/queue.xlsx"))
    rows = values(sheet)
    assert rows[0][:5] == ["标题", "发文字号", "科室", "拟稿人", "声明属性"]
    assert {r[0] for r in rows[1:]} == {active.title, restricted.title}
    assert sheet.column_dimensions["A"].width > 20  # the titles are long
    only = values(sheet_of(client.get("/exports/queue.xlsx?attribute=on_request")))
    assert [r[0] for r in only[1:]] == [restricted.title] and only[1][4] == "依申请公开"
    response = client.get("/exports/queue.xlsx")
    assert "filename*=UTF-8''" in response.headers["Content-Disposition"]
    assert "审核队列" in unquote(response.headers["Content-Disposition"])
    assert 'href="/exports/queue.xlsx?attribute=on_request"' in \
        client.get("/office/queue?attribute=on_request").get_data(as_text=True)


def test_drafters_export_their_own_sections_catalogue_only(session, store, make_user, make_section, login):
    office = Office(session, store, make_user, make_section)
    mine = office.issued(Attribute.ON_REQUEST)
    outsider = make_user(Role.DRAFTER)
    rows = values(sheet_of(login(office.drafter).get("/exports/catalogue/on_request.xlsx")))
    assert rows[0] == ["标题", "发文字号", "成文日期", "公开属性", "不公开理由", "说明", "起草科室", "下次审查日期",
                       "有效性", "文件名"]
    assert [r[1] for r in rows[1:]] == [mine.doc_number]
    assert values(sheet_of(login(outsider).get("/exports/catalogue/on_request.xlsx")))[1:] == []
    # the search box filters the export as it filters the page
    reviewer = login(office.reviewer)
    assert values(sheet_of(reviewer.get("/exports/catalogue/on_request.xlsx?q=没有这样的标题")))[1:] == []


def test_inbox_export_lists_what_waits(session, store, make_user, make_section, login):
    office = Office(session, store, make_user, make_section)
    doc = office.submitted(Attribute.ACTIVE)
    rows = values(sheet_of(login(office.reviewer).get("/exports/inbox.xlsx")))
    assert rows[0][0] == "待办事项" and rows[1][:2] == ["待办公室审核", doc.title]
