"""The CLI: extract as JSON lines, user creation, demo data, through Flask's CLI runner."""
from __future__ import annotations

import json

import sqlalchemy as sa

from review.models import Document, User
from tests.conftest import CORPUS


def test_extract_prints_one_json_object_per_file(app, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7 truncated")
    files = [str(CORPUS / "seed-000.docx"), str(bad), str(CORPUS / "fixture-06-paren-number.pdf")]
    result = app.test_cli_runner().invoke(args=["extract", *files])
    assert result.exit_code == 1  # the bad file fails the run, the others are still processed
    rows = [json.loads(line) for line in result.output.splitlines() if line.startswith("{")]
    assert [r["file"] for r in rows] == files
    assert rows[0]["doc_number"] == "长卫办发〔2020〕12号" and rows[0]["marking"] == "active"
    assert set(rows[0]) == {"file", "doc_number", "issuer", "title", "signed_date", "marking", "marking_text",
                            "secrecy", "upstream_numbers", "pages", "co_issuers", "marking_at", "ocr"}
    assert (rows[0]["co_issuers"], rows[0]["marking_at"], rows[0]["ocr"]) == ([], "after_date", False)
    assert set(rows[1]) == {"file", "error"} and rows[1]["error"]
    assert rows[2]["doc_number"] == "南卫健发〔2020〕14号" and rows[2]["signed_date"] == "2020-10-09"


def test_extract_names_the_co_issuers_of_a_joint_document(app):
    result = app.test_cli_runner().invoke(args=["extract", str(CORPUS / "fixture-11-joint.docx")])
    row = json.loads(result.output)
    assert row["issuer"] and row["co_issuers"] and row["issuer"] not in row["co_issuers"]


def test_extract_all_good_files_exits_zero(app):
    result = app.test_cli_runner().invoke(args=["extract", str(CORPUS / "seed-004.pdf")])
    assert result.exit_code == 0
    assert json.loads(result.output)["marking"] == "on_request"


def test_users_create(app, session):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["users", "create", "wang", "--name", "王五", "--role", "drafter",
                                 "--section", "医政科", "--password", "long-enough-pass1"])
    assert result.exit_code == 0, result.output
    user = session.scalar(sa.select(User).where(User.username == "wang"))
    assert user.section.name == "医政科" and user.check_password("long-enough-pass1")
    again = runner.invoke(args=["users", "create", "wang", "--name", "王五", "--role", "reviewer",
                                "--password", "long-enough-pass1"])
    assert again.exit_code != 0 and "已存在" in again.output
    no_section = runner.invoke(args=["users", "create", "li", "--name", "李", "--role", "drafter",
                                     "--password", "long-enough-pass1"])
    assert no_section.exit_code != 0 and "所属科室" in no_section.output


def test_demo_loads_once(app, session):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    counts = (session.scalar(sa.select(sa.func.count(User.id))), session.scalar(sa.select(sa.func.count(Document.id))))
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert (session.scalar(sa.select(sa.func.count(User.id))),
            session.scalar(sa.select(sa.func.count(Document.id)))) == counts
    roles = set(session.scalars(sa.select(User.role)))
    assert len(roles) == 7 and counts[1] >= 2


def test_sections_and_head_review_setting(app, session):
    from review.models import AuditEvent, NumberPrefix, Section

    runner = app.test_cli_runner()
    assert runner.invoke(args=["sections", "add", "疾控科"]).exit_code == 0
    assert runner.invoke(args=["sections", "add", "疾控科"]).exit_code != 0
    result = runner.invoke(args=["sections", "head-review", "疾控科", "on"])
    assert result.exit_code == 0 and "须经科室负责人确认" in result.output
    assert session.scalar(sa.select(Section.requires_head_review).where(Section.name == "疾控科")) is True
    assert runner.invoke(args=["sections", "head-review", "不存在的科", "on"]).exit_code != 0
    assert "疾控科" in runner.invoke(args=["sections", "list"]).output
    added = runner.invoke(args=["prefixes", "add", "长卫办函", "--organ", "长治市卫生健康委员会办公室", "--type", "函"])
    assert added.exit_code == 0
    assert session.scalar(sa.select(NumberPrefix.doc_type).where(NumberPrefix.code == "长卫办函")) == "函"
    actions = session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["section.create", "section.head_review", "prefix.create"]


def test_demo_has_requests_in_several_states(app, session):
    import datetime as dt

    from review.models import DisclosureRequest
    from review.request_enums import RequestState
    from review.workdays import local_date

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # idempotent
    states = list(session.scalars(sa.select(DisclosureRequest.state)))
    assert len(states) == 7
    assert {RequestState.OPEN, RequestState.AWAITING_CORRECTION, RequestState.CONSULTING,
            RequestState.ANSWERED} <= set(states)
    requests = session.scalars(sa.select(DisclosureRequest)).all()
    assert any(r.events and r.events[0].kind.value == "extension" for r in requests)
    assert any(r.letter is not None for r in requests)
    assert any(i.document_id for r in requests for i in r.items)
    today = local_date(dt.datetime.now(dt.UTC))
    assert any(r.state is not RequestState.ANSWERED and r.due_on and r.due_on < today for r in requests)  # overdue
