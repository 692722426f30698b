"""The demo shows a populated admin area and public site: settings filled, past documents imported."""
from __future__ import annotations

import sqlalchemy as sa

from review import demo
from review.enums import Attribute
from review.models import AuditEvent, Document, User
from review.office_settings import office_marking, organ_name


def test_demo_fills_settings_and_imports_the_past_ledger(app, session, client):
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert organ_name(session) == "青山县卫生健康局"
    assert office_marking(session, Attribute.ACTIVE) == "此件公开发布"
    numbers = {row[1] for row in demo.PAST}
    imported = session.scalars(sa.select(Document).where(Document.doc_number.in_(numbers))).all()
    assert len(imported) == 3
    assert len(session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "document.import")).all()) == 3
    assert runner.invoke(args=["demo"]).exit_code == 0  # still once
    assert len(session.scalars(sa.select(Document).where(Document.doc_number.in_(numbers))).all()) == 3

    listing = client.get("/public/").get_data(as_text=True)
    active = next(d for d in imported if d.attribute is Attribute.ACTIVE)
    assert "青山县卫生健康局" in listing and f"/public/{active.id}" in listing
    assert "11140400MB0000000X/2025-" in client.get(f"/public/{active.id}").get_data(as_text=True)

    admin = session.scalar(sa.select(User).where(User.username == "admin"))
    client.post("/login", data={"username": admin.username, "password": demo.DEMO_PASSWORD})
    for url in ("/admin/users", "/admin/settings", "/admin/reasons", "/admin/prefixes", "/admin/sections"):
        assert client.get(url).status_code == 200, url


def test_demo_leaves_work_waiting_on_every_role(app, session, client):
    """A newcomer logging in as any role finds something to do: the queue, the section head's
    confirmation, the signatory's 待签发, the reviewer's 待发文, the drafter's proposed change, open
    re-review tasks and requests."""
    from review.enums import DocState
    from review.models import DisclosureRequest, ReReview

    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # idempotent
    states = dict(session.execute(sa.select(Document.state, sa.func.count()).group_by(Document.state)).all())
    for state in (DocState.OFFICE_REVIEW, DocState.SUBMITTED, DocState.APPROVED, DocState.SIGNED,
                  DocState.ATTRIBUTE_CHANGED):
        assert states.get(state) == 1, (state, states)
    open_tasks = sa.select(sa.func.count()).select_from(ReReview).where(ReReview.open_document_id.is_not(None))
    assert session.scalar(open_tasks) >= 3
    assert session.scalar(sa.select(sa.func.count()).select_from(DisclosureRequest)) >= 5

    def waiting(username: str, path: str, marker: str) -> None:
        client.post("/logout")
        client.post("/login", data={"username": username, "password": demo.DEMO_PASSWORD})
        html = client.get(path, follow_redirects=True).get_data(as_text=True)
        assert marker in html, (username, path)

    waiting("reviewer", "/office/queue", "关于开展2026年度基层医疗机构医疗质量安全检查的通知")
    waiting("head", "/", "关于做好2026年冬季流感疫苗接种工作的通知")
    waiting("signatory", "/", "关于2026年度卫生健康统计调查制度执行情况的通报")
    waiting("reviewer", "/", "关于印发《青山县家庭医生签约服务工作方案》的通知")
    waiting("drafter", "/", "关于2026年基本公共卫生服务项目绩效评价结果的通报")
    waiting("reviewer", "/rereview/", "到期复审")
    waiting("head", "/rereview/section", "待起草科室意见")  # the office asked for the section's opinion
    waiting("auditor", "/audit/log?action=rereview.decide", "调整为主动公开")  # one task decided


def test_every_event_the_demo_records_reads_in_chinese(app, session):
    """The 操作日志 of a working office (the demo's events: drafting, decisions, issuing, imports,
    re-reviews, requests, settings) shows no stored key and no stored enum value to the auditor."""
    import re

    from review.audit_detail import describe
    from review.models import AuditEvent, ReasonCode

    assert app.test_cli_runner().invoke(args=["demo"]).exit_code == 0
    events = session.scalars(sa.select(AuditEvent)).all()
    reasons = dict(session.execute(sa.select(ReasonCode.code, ReasonCode.label)).all())
    assert len({e.action for e in events}) >= 10
    raw = re.compile(r"^[a-z_]+$")
    for event in events:
        for line in describe(event.action, event.detail, reasons):
            assert not raw.match(line.label), (event.action, line)
            for part in re.split(r" → |、|，", line.value):
                assert not (raw.match(part) and "_" in part or part in ("active", "issued", "submitted")), (
                    event.action, line)
