"""The audit page, its charts, the .xlsx export (read back cell by cell), the printout, the CLI and the
操作日志 page, over a generated archive."""
from __future__ import annotations

import base64
import datetime as dt
import io
import re
from html.parser import HTMLParser

import openpyxl
import pytest
import sqlalchemy as sa

from review import audit, reports
from review.enums import Attribute, Role
from review.models import AuditEvent, NumberPrefix
from tests import audit_data

YEAR = 2025
TODAY = dt.date(2026, 11, 20)


class Tables(HTMLParser):
    """table id → rows of cell texts (th and td), and each row's data-k/data-section/data-id key."""

    def __init__(self, html: str):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.keys: dict[str, list[str | None]] = {}
        self._table = self._row = self._cell = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and a.get("id"):
            self._table = a["id"]
            self.tables[self._table], self.keys[self._table] = [], []
        elif tag == "tr" and self._table:
            self._row = []
            self.keys[self._table].append(a.get("data-k") or a.get("data-section") or a.get("data-id"))
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def row(self, table: str, key: str) -> list[str]:
        return self.tables[table][self.keys[table].index(key)]


@pytest.fixture
def archive(app, session):
    app.config["FIXED_NOW"] = "2026-11-20T10:00:00+08:00"
    made = audit_data.build(session, documents=500, requests=300)
    session.add(NumberPrefix(code="青卫发", organ="青山县卫生健康局", doc_type="发文"))
    session.commit()
    return made


@pytest.fixture
def auditor(make_user, login, archive):
    user = make_user(Role.AUDITOR)
    login(user)
    return user


def page(client, **args) -> tuple[str, Tables]:
    response = client.get("/audit/", query_string={"year": YEAR, **args})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    html = response.get_data(as_text=True)
    return html, Tables(html)


def pct(value):
    return "—" if value is None else f"{value * 100:.1f}%"


def test_auditor_sees_the_figures_of_the_year(client, session, auditor, archive):
    html, t = page(client)
    f = reports.figures(session, YEAR, TODAY)
    issued = [d for d in archive.documents if d["signed_on"] and d["signed_on"].year == YEAR]
    assert t.row("by-attribute", "issued")[1:] == [str(len(issued)), str(f.previous.issued)]
    for a in Attribute:
        assert t.row("by-attribute", a.value)[1] == str(sum(d["attribute"] is a for d in issued))
    assert t.row("by-attribute", "active_rate")[1] == pct(f.this.active_rate)
    for r in f.sections:
        row = t.row("by-section", r.name)
        assert row[1] == str(r.this.issued) and row[8] == str(r.previous.restricted)
        assert ("限制公开上升" in row[10]) is r.flagged
    assert reports.NOT_BUILT not in html and 'id="rereview"' in html  # re-review is built: its figures show
    assert 'id="chart-share-by-year"' in html and 'id="chart-conversions"' in html
    assert t.row("table3", "received")[1:] == [str(v) for v in reports.table3_rows(f.table3)[0].values]
    assert "各列均相符" in html
    assert len(t.tables["ledger"]) == 1 + min(50, f.ledger_count)
    assert f"共 {f.ledger_count} 件" in html


def test_ledger_pages_and_one_section(client, session, auditor, archive):
    sid = next(iter(archive.sections))
    _, first = page(client, section=sid)
    _, second = page(client, section=sid, page=2)
    rows = reports.ledger(session, YEAR, sid)
    assert [int(k) for k in first.keys["ledger"][1:]] == [r.id for r in rows[:50]]
    assert [int(k) for k in second.keys["ledger"][1:]] == [r.id for r in rows[50:100]]
    assert [r[0] for r in first.tables["by-section"][1:]] == [archive.sections[sid]]


@pytest.mark.parametrize("args, message", [
    ({"year": "20x5"}, "年度应为"), ({"year": "1999"}, "年度应为"), ({"year": "2031"}, "年度应为"),
    ({"year": YEAR, "section": "999"}, "所选科室不存在"), ({"year": YEAR, "section": "甲"}, "所选科室不存在"),
])
def test_bad_scope_is_refused_with_a_message(client, auditor, args, message):
    response = client.get("/audit/", query_string=args)
    assert response.status_code == 400 and message in response.get_data(as_text=True)


@pytest.mark.parametrize("role, allowed", [(Role.AUDITOR, True), (Role.REVIEWER, True), (Role.ADMIN, True),
                                           (Role.DRAFTER, False), (Role.SIGNATORY, False),
                                           (Role.REQUEST_OFFICER, False)])
def test_who_may_open_the_audit(client, make_user, login, archive, role, allowed):
    login(make_user(role))
    home = client.get("/inbox").get_data(as_text=True)
    assert ('id="nav-audit"' in home) is allowed
    for url in ("/audit/", "/audit/export.xlsx", "/audit/print", "/audit/log", "/audit/chart/reasons.svg"):
        assert client.get(url).status_code == (200 if allowed else 403), url


def test_charts_are_svg_images_with_chinese_text_and_no_script(client, auditor):
    cases = [("share_by_year", "限制公开"), ("share_by_section", "医政科"), ("reasons", "属于四类过程性信息")]
    for kind, text in cases:
        response = client.get(f"/audit/chart/{kind}.svg", query_string={"year": YEAR})
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        svg = response.get_data(as_text=True)
        assert svg.lstrip().startswith("<?xml") and "<svg" in svg and text in svg
        assert "<script" not in svg
    conversions = client.get("/audit/chart/conversions.svg", query_string={"year": YEAR})
    assert conversions.status_code == 200 and reports.NOT_BUILT not in conversions.get_data(as_text=True)


def test_the_page_embeds_the_same_charts_the_chart_urls_draw(client, auditor):
    """The page draws its charts from the figures it computed (data: images, no second computation);
    each is the SVG its own URL serves, up to pygal's random chart id."""
    html = client.get("/audit/", query_string={"year": YEAR}).get_data(as_text=True)
    uuid = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
    for kind in ("share_by_year", "share_by_section", "reasons", "conversions"):
        found = re.search(rf'id="chart-{kind.replace("_", "-")}" src="data:image/svg\+xml;base64,([^"]+)"', html)
        assert found, kind
        embedded = base64.b64decode(found.group(1)).decode()
        served = client.get(f"/audit/chart/{kind}.svg", query_string={"year": YEAR}).get_data(as_text=True)
        assert "<svg" in embedded and "<script" not in embedded
        assert uuid.sub("ID", embedded) == uuid.sub("ID", served), kind


def sheet_rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(min_row=3, values_only=True)]


def test_xlsx_mirrors_the_page_cell_by_cell(client, session, auditor, archive):
    html, t = page(client)
    response = client.get("/audit/export.xlsx", query_string={"year": YEAR})
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.content_length == len(response.data) > 0  # sent whole from its temporary file
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["发文统计", "各科室", "理由分布", "逾期公开", "规范性文件", "定期审查",
                               "表三 依申请公开", "台账"]
    for ws in book.worksheets:
        assert ws.freeze_panes == "A3", ws.title
        assert ws["A1"].value == f"青山县卫生健康局 {YEAR}年度公文公开属性审计（全部科室）"
        assert ws.column_dimensions["A"].width > 5
    stats = {r[0]: r[1:] for r in sheet_rows(book["发文统计"])}
    assert [str(v) for v in stats["发文总数"]] == t.row("by-attribute", "issued")[1:]
    for a in Attribute:
        assert [str(v) for v in stats[a.label]] == t.row("by-attribute", a.value)[1:]
    assert [pct(v) for v in stats["公文主动公开率"]] == t.row("by-attribute", "active_rate")[1:]
    assert (book["发文统计"]["A8"].value, book["发文统计"]["B8"].number_format) == ("公文主动公开率", "0.0%")
    sections = sheet_rows(book["各科室"])
    for row in sections:
        page_row = t.row("by-section", row[0])
        assert [str(v) for v in row[1:5]] == page_row[1:5]
        assert [pct(row[5]), pct(row[6])] == page_row[5:7]
        assert (row[10] == "上升") is ("限制公开上升" in page_row[10])
    assert {r[0]: r[1] for r in sheet_rows(book["理由分布"])} == {
        row[0]: int(row[1]) for row in t.tables["reasons"][1:]}
    assert [r[1] for r in sheet_rows(book["规范性文件"])] == [int(v) for v in t.tables["normative"][1][1:]]
    rr = reports.rereview_figures(session, YEAR, None, None)
    assert sheet_rows(book["定期审查"])[:3] == [["本年应复审", rr.due], ["本年已复审", rr.done],
                                            ["逾期未复审", rr.overdue]]
    t3 = sheet_rows(book["表三 依申请公开"])
    assert t3[0][0] == "一、本年新收政府信息公开申请数量"
    for key, page_row in zip(t.keys["table3"][2:], t.tables["table3"][2:], strict=True):
        xlsx_row = next(r for r in t3 if r[0].strip("　") == page_row[0].strip("　"))
        if len(page_row) > 2:
            assert [str(v) for v in xlsx_row[1:]] == page_row[1:], key
    assert t3[-1] == ["一＋二＝三＋四", "相符", None, None, None, None, None, None]
    ledger = sheet_rows(book["台账"])
    expected = reports.ledger(session, YEAR)
    assert len(ledger) == len(expected) == reports.ledger_count(session, YEAR)
    for n, (row, r) in enumerate(zip(ledger, expected, strict=True), 1):
        assert row[:8] == [n, r.title, r.doc_number, r.section, dt.datetime.combine(r.signed_on, dt.time()),
                           r.attribute.label, r.reason_label, r.explanation]
    first_page_ids = [int(k) for k in t.keys["ledger"][1:]]
    assert [r.id for r in expected[:50]] == first_page_ids
    late = sheet_rows(book["逾期公开"])
    count, _ = reports.late_publications(session, YEAR, TODAY, reports.load_calendar(session), None, None)
    assert len(late) == count


def test_cli_writes_the_same_workbook(app, session, archive, tmp_path):
    target = tmp_path / "audit.xlsx"
    section = next(iter(archive.sections.values()))
    result = app.test_cli_runner().invoke(args=["report", "year", str(YEAR), "--section", section,
                                                "--xlsx", str(target)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    f = reports.figures(session, YEAR, TODAY, next(iter(archive.sections)))
    assert lines[0] == str(target.resolve())
    assert len(lines) == 2 and lines[1].startswith(f"{YEAR}年（{section}）：发文 {f.this.issued} 件")
    book = openpyxl.load_workbook(target)
    assert book["台账"].max_row - 2 == f.ledger_count
    assert book["发文统计"]["A1"].value.endswith(f"（{section}）")
    bad = app.test_cli_runner().invoke(args=["report", "year", str(YEAR), "--section", "无此科", "--xlsx",
                                             str(tmp_path / "x.xlsx")])
    assert bad.exit_code != 0 and "不存在" in bad.output and not (tmp_path / "x.xlsx").exists()
    nowhere = tmp_path / "无此目录" / "x.xlsx"
    unwritable = app.test_cli_runner().invoke(args=["report", "year", str(YEAR), "--xlsx", str(nowhere)])
    assert unwritable.exit_code != 0 and "无法写入" in unwritable.output and not nowhere.exists()


def test_printable_page(client, session, auditor):
    response = client.get("/audit/print", query_string={"year": YEAR})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<h1 id="paper-organ">青山县卫生健康局</h1>' in html and f"{YEAR}年度公文公开属性审计" in html
    assert 'class="paper audit-paper"' in html and "audit_print.css" in html
    assert html.count('<section class="sheet">') == 6 and html.index('一、发文') < html.index('八、限制公开文件台账')
    assert len(Tables(html).tables["ledger"]) - 1 == reports.ledger_count(session, YEAR)
    with client.get("/static/audit_print.css") as static:
        css = static.get_data(as_text=True)
    assert "break-before: page" in css and "size: A4" in css
    # The organ's name the admin set (办公室设置) heads the printout once it is set.
    from review.operations import admin

    admin.update_settings(session, {"organ_name": "青山县卫生健康局（测试）"})
    session.commit()
    renamed = client.get("/audit/print", query_string={"year": YEAR}).get_data(as_text=True)
    assert '<h1 id="paper-organ">青山县卫生健康局（测试）</h1>' in renamed


def events(session, n: int, actor_id: int | None, action: str, document_id: int | None = None):
    for _ in range(n):
        audit.append(session, actor_id=actor_id, action=action, document_id=document_id, note="x")
    session.commit()


def test_audit_log_filters_pages_and_checks_the_chain(client, session, auditor, archive, make_user):
    other = make_user(Role.REVIEWER)
    issued = next(d for d in archive.documents if d["doc_number"])
    doc_id = issued["id"]
    events(session, 3, other.id, "document.set_validity", doc_id)
    events(session, 60, auditor.id, "user.create")
    response = client.get("/audit/log")
    html = response.get_data(as_text=True)
    session.rollback()
    total = session.scalar(sa.select(sa.func.count(AuditEvent.id)))  # 63 and the security events of logins
    assert total >= 63
    assert f"哈希链校验通过：共 {total} 条记录" in html and f"共 {total} 条，第 1 / 2 页" in html
    assert len(Tables(html).tables["log"]) == 51
    # The detail column reads in Chinese (the stored JSON is not shown raw).
    assert "说明：</span>x" in html and '{"note"' not in html
    by_actor = Tables(client.get("/audit/log", query_string={"actor": other.id}).get_data(as_text=True))
    assert len(by_actor.tables["log"]) == 4
    by_doc = client.get("/audit/log", query_string={"document": str(doc_id), "action": "document.set_validity"})
    assert "共 3 条" in by_doc.get_data(as_text=True)
    by_number = client.get("/audit/log", query_string={"document": issued["doc_number"]})
    assert "共 3 条" in by_number.get_data(as_text=True)
    long_ago = client.get("/audit/log", query_string={"start": "2000-01-01", "end": "2000-01-02"})
    assert "共 0 条" in long_ago.get_data(as_text=True)
    stamped = session.scalar(sa.select(sa.func.max(AuditEvent.created_at)))  # naive UTC
    local = (stamped + dt.timedelta(hours=8)).date()
    around = client.get("/audit/log", query_string={"start": local.isoformat(), "end": local.isoformat()})
    assert f"共 {total} 条" in around.get_data(as_text=True)
    bad_action = client.get("/audit/log", query_string={"action": "<script>"})
    assert bad_action.status_code == 400 and "请从列表中选择操作类型" in bad_action.get_data(as_text=True)
    bad = client.get("/audit/log", query_string={"start": "2026-02-30"})
    assert bad.status_code == 400 and "起始日期格式" in bad.get_data(as_text=True)
    backwards = client.get("/audit/log", query_string={"start": "2026-02-03", "end": "2026-02-01"})
    assert backwards.status_code == 400 and "截止日期不能早于起始日期" in backwards.get_data(as_text=True)
    # An event another branch adds (e.g. opening a restricted file) is listed and filterable before it has a label.
    events(session, 2, other.id, "file.open_restricted", doc_id)
    opened = client.get("/audit/log", query_string={"action": "file.open_restricted"}).get_data(as_text=True)
    assert "共 2 条" in opened and "file.open_restricted" in opened
    # Tamper with one stored event: the page says where the chain breaks.
    target = session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id).offset(10).limit(1)).one()
    session.execute(sa.update(AuditEvent).where(AuditEvent.id == target.id).values(action="user.delete"))
    session.commit()
    broken = client.get("/audit/log").get_data(as_text=True)
    assert f"哈希链在第 {target.id} 号记录处断裂" in broken and "被修改" in broken
