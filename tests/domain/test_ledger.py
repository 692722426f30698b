"""Import of past documents from the office's Excel 台账: every problem reported with its row, column
and a Chinese message; nothing imported while a row is wrong; a second import changes nothing; the
staff catalogue's export imports back."""
from __future__ import annotations

import datetime as dt
import io
import shutil

import pytest
import sqlalchemy as sa
from openpyxl import Workbook, load_workbook

from review import exports
from review.enums import Attribute, DocState, Role, Validity
from review.models import AuditEvent, Document, DocumentVersion
from review.operations import ledger
from review.operations.ledger import Problem
from tests.conftest import CORPUS, corpus_bytes

NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
HEAD = ["标题", "文号", "日期", "公开属性", "不公开理由", "说明", "起草科室", "下次审查日期", "有效性", "文件名"]
EXPLAINED = "通报仅对被检查的医疗机构有整改作用。"

GOOD = [
    ["长治市卫生健康委员会关于做好卫生健康领域基层政务公开标准目录编制等工作的通知", "长卫办发〔2020〕12号",
     dt.date(2020, 7, 8), "主动公开", "", "", "医政医管科", "", "有效", "seed-000.docx"],
    ["青禾市卫生健康委员会办公室关于2023年第一季度医疗机构依法执业检查情况的通报", "禾卫办发[2023]09号",
     "2023年4月12日", "依申请公开", "仅对特定对象有特殊作用，不需社会广泛知晓", EXPLAINED, "医政医管科",
     "2024-04-12", "有效", "fixture-02-table.docx"],
    ["南岭县卫生健康局关于申请拨付2023年度基本公共卫生服务补助资金的请示", "南卫健〔2023〕35号",
     "2023/6/5", "不予公开", "process_info", "请示属于过程性信息。", "疾病预防控制科", "", "", ""],
    ["青山县卫生健康局关于印发2019年工作要点的通知", "青卫发〔2019〕3号", dt.date(2019, 3, 1), "主动公开", "", "",
     "疾病预防控制科", "", "已废止", ""],
]


def workbook_bytes(rows, head=HEAD) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(head)
    for row in rows:
        sheet.append(row)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def from_corpus(name: str) -> bytes | None:
    path = CORPUS / name
    return path.read_bytes() if path.is_file() else None


@pytest.fixture
def office(session, make_section, make_user):
    make_section("医政医管科")
    make_section("疾病预防控制科")
    return make_user(Role.ADMIN)


def counts(session) -> tuple[int, int, int]:
    return (session.scalar(sa.select(sa.func.count(Document.id))),
            session.scalar(sa.select(sa.func.count(DocumentVersion.id))),
            session.scalar(sa.select(sa.func.count(AuditEvent.id))))


def test_a_ledger_with_errors_reports_each_and_imports_nothing(session, store, office):
    rows = [list(r) for r in GOOD]
    rows += [
        ["某通知", "青卫发〔2019〕4号", "2019-02-30", "主动公开", "", "", "医政医管科", "", "", ""],         # row 6
        ["某通报", "青卫发〔2019〕5号", "2019-03-02", "半公开", "", "", "医政医管科", "", "", ""],           # row 7
        ["某批复", "青卫函〔2019〕6号", "2019-03-03", "依申请公开", "", "", "医政医管科", "", "", ""],        # row 8
        ["重复的通知", "长卫办发〔2020〕012号", "2020-07-08", "主动公开", "", "", "医政医管科", "", "", ""],  # row 9
    ]
    rows[1][3], rows[1][4], rows[1][5] = "主动公开", "", ""  # row 3: the file prints 此件依申请公开
    before = counts(session)
    plan = ledger.check(session, workbook_bytes(rows), from_corpus)
    assert plan.problems == [
        Problem(3, "公开属性", "与文件所印标注“（此件依申请公开）”不一致（台账为“主动公开”）。"),
        Problem(6, "成文日期", "“2019-02-30”不是有效日期，应写作 2026-11-02 或 2026年11月2日。"),
        Problem(7, "公开属性", "“半公开”无法识别，应为 主动公开、依申请公开 或 不予公开。"),
        Problem(8, "不公开理由", "依申请公开的文件必须填写不公开理由（条例 第14–16条）。"),
        Problem(9, "发文字号", "“长卫办发〔2020〕12号”与第2行重复。"),
    ]
    with pytest.raises(ledger.Refusal, match="台账有 5 处问题，未导入任何文件"):
        ledger.apply(session, store, office, plan, NOW)
    session.rollback()
    assert counts(session) == before


def test_a_file_that_contradicts_number_and_date(session, office):
    row = list(GOOD[0])
    row[1], row[2] = "长卫办发〔2020〕13号", "2020-07-09"
    plan = ledger.check(session, workbook_bytes([row]), from_corpus)
    assert [str(p) for p in plan.problems] == [
        "第2行【发文字号】与文件所印“长卫办发〔2020〕12号”不一致（台账为“长卫办发〔2020〕13号”）。",
        "第2行【成文日期】与文件所印“2020-07-08”不一致（台账为“2020-07-09”）。",
    ]


def test_missing_columns_and_unknown_section_and_file(session, office):
    plan = ledger.check(session, workbook_bytes([["x"]], head=["题名"]), from_corpus)
    assert [p.column for p in plan.problems] == ["发文字号", "成文日期", "公开属性", "起草科室"]
    assert all(p.row == 1 for p in plan.problems)
    row = list(GOOD[0])
    row[6], row[9] = "财务科", "nowhere.docx"
    plan = ledger.check(session, workbook_bytes([row]), from_corpus)
    assert [str(p) for p in plan.problems] == ["第2行【起草科室】科室“财务科”不存在，请先在系统管理中添加。"]
    row[6] = "医政医管科"
    plan = ledger.check(session, workbook_bytes([row]), from_corpus)
    assert [str(p) for p in plan.problems] == ["第2行【文件名】找不到文件“nowhere.docx”。"]


def test_the_corrected_ledger_imports_and_a_second_import_changes_nothing(session, store, office):
    data = workbook_bytes(GOOD)
    plan = ledger.check(session, data, from_corpus)
    assert plan.problems == []
    result = ledger.apply(session, store, office, plan, NOW)
    session.commit()
    assert (result.imported, result.existing, result.skipped) == (4, 0, 0)
    docs = {d.doc_number: d for d in session.scalars(sa.select(Document))}
    assert set(docs) == {"长卫办发〔2020〕12号", "禾卫办发〔2023〕9号", "南卫健〔2023〕35号", "青卫发〔2019〕3号"}
    assert all(d.state is DocState.ISSUED for d in docs.values())
    on_request = docs["禾卫办发〔2023〕9号"]
    assert on_request.attribute is Attribute.ON_REQUEST and on_request.reason_code == "specific_use"
    assert on_request.next_review_on == dt.date(2024, 4, 12) and on_request.signed_on == dt.date(2023, 4, 12)
    assert on_request.current_version.sha256 and store.read(on_request.current_version.sha256) == \
        corpus_bytes("fixture-02-table.docx")
    # the next review date defaults from the reason code's interval (process_info)
    process = docs["南卫健〔2023〕35号"]
    assert process.next_review_on is not None and process.next_review_on > process.signed_on
    assert process.version_count == 0
    assert docs["青卫发〔2019〕3号"].validity is Validity.REPEALED
    imported = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "document.import")).all()
    assert sorted(e.document_id for e in imported) == sorted(d.id for d in docs.values())

    before = counts(session)
    again = ledger.check(session, data, from_corpus)
    assert again.problems == [] and again.rows == [] and [row for row, _ in again.existing] == [2, 3, 4, 5]
    result = ledger.apply(session, store, office, again, NOW)
    session.commit()
    assert (result.imported, result.existing) == (0, 4)
    assert counts(session) == before


def test_skip_bad_imports_only_the_good_rows(session, store, office):
    rows = [GOOD[0], ["某通报", "青卫发〔2019〕5号", "2019-03-02", "半公开", "", "", "医政医管科", "", "", ""]]
    plan = ledger.check(session, workbook_bytes(rows), from_corpus)
    assert [p.row for p in plan.problems] == [3]
    result = ledger.apply(session, store, office, plan, NOW, skip_bad=True)
    session.commit()
    assert (result.imported, result.skipped) == (1, 1)
    assert session.scalar(sa.select(Document.doc_number)) == "长卫办发〔2020〕12号"


def test_export_of_the_staff_catalogue_imports_back(session, store, office):
    ledger.apply(session, store, office, ledger.check(session, workbook_bytes(GOOD), from_corpus), NOW)
    session.commit()
    exported = {}
    for attribute in Attribute:
        data = exports.catalogue_ledger(session, attribute, None, None)
        sheet = load_workbook(io.BytesIO(data)).active
        assert sheet.freeze_panes == "A2"
        assert [c.value for c in sheet[1]] == list(ledger.HEADERS)
        for values in sheet.iter_rows(min_row=2, values_only=True):
            exported[values[1]] = values
        plan = ledger.check(session, data, from_corpus)
        assert plan.problems == [] and plan.rows == [] and len(plan.existing) == sheet.max_row - 1
    assert len(exported) == 4
    title, number, signed, attribute, reason, text, section, next_review, validity, filename = \
        exported["禾卫办发〔2023〕9号"]
    assert (title, attribute, reason, text, section, validity, filename) == (
        GOOD[1][0], "依申请公开", "仅对特定对象有特殊作用，不需社会广泛知晓", EXPLAINED, "医政医管科", "有效",
        "fixture-02-table.docx")
    assert signed.date() == dt.date(2023, 4, 12) and next_review.date() == dt.date(2024, 4, 12)


def test_export_imports_into_a_fresh_office(session, store, office, other_app, tmp_path):
    """The round trip proper: what one office exports, another (empty) one imports to the same rows."""
    ledger.apply(session, store, office, ledger.check(session, workbook_bytes(GOOD), from_corpus), NOW)
    session.commit()
    files = tmp_path / "files"
    files.mkdir()
    for name in ("seed-000.docx", "fixture-02-table.docx"):
        shutil.copy(CORPUS / name, files / name)
    sheets = [exports.catalogue_ledger(session, a, None, None) for a in Attribute]
    before = [(d.doc_number, d.title, d.signed_on, d.attribute, d.reason_code, d.reason_text, d.next_review_on,
               d.validity) for d in session.scalars(sa.select(Document).order_by(Document.doc_number))]
    # wipe and import again from the exports
    session.execute(sa.delete(AuditEvent))
    session.execute(sa.delete(DocumentVersion))
    session.execute(sa.delete(Document))
    session.commit()
    for data in sheets:
        plan = ledger.check(session, data, lambda n: (files / n).read_bytes() if (files / n).is_file() else None)
        assert plan.problems == []
        ledger.apply(session, store, office, plan, NOW)
    session.commit()
    after = [(d.doc_number, d.title, d.signed_on, d.attribute, d.reason_code, d.reason_text, d.next_review_on,
              d.validity) for d in session.scalars(sa.select(Document).order_by(Document.doc_number))]
    assert after == before


def test_cli_imports_with_files_and_a_progress_bar(app, session, office, tmp_path):
    ledger_file = tmp_path / "台账.xlsx"
    bad = [GOOD[0], ["某通报", "青卫发〔2019〕5号", "2019-03-02", "半公开", "", "", "医政医管科", "", "", ""]]
    ledger_file.write_bytes(workbook_bytes(bad))
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", "ledger", str(ledger_file), "--files", str(CORPUS)])
    assert result.exit_code == 1
    assert "第3行【公开属性】“半公开”无法识别" in result.output and "未导入任何文件" in result.output
    assert session.scalar(sa.select(sa.func.count(Document.id))) == 0
    dry = runner.invoke(args=["import", "ledger", str(ledger_file), "--files", str(CORPUS), "--dry-run"])
    assert dry.exit_code == 1 and session.scalar(sa.select(sa.func.count(Document.id))) == 0
    ledger_file.write_bytes(workbook_bytes(GOOD))
    result = runner.invoke(args=["import", "ledger", str(ledger_file), "--files", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert "检查文件" in result.output and "共 4 行：导入 4 件，已在系统中（未改动）0 件" in result.output
    again = runner.invoke(args=["import", "ledger", str(ledger_file), "--files", str(CORPUS)])
    assert "导入 0 件，已在系统中（未改动）4 件" in again.output
