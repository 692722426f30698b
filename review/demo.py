"""Demo data: sections, one user per role, reason codes and a few documents built as real .docx."""
from __future__ import annotations

import datetime as dt
import io

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import operations, rules
from .enums import Attribute, DocState, Role, Severity
from .models import Document, NumberPrefix, User
from .operations import admin
from .storage import Store

DEMO_PASSWORD = "demo12345"
DEMO_REASON = "通报仅对被检查的医疗机构有整改作用，不需社会公众广泛知晓。"

SECTIONS = [("医政医管科", False), ("疾病预防控制科", True), ("办公室", False)]
USERS = [
    ("drafter", "张拟稿", Role.DRAFTER, "医政医管科"),
    ("drafter2", "陈拟稿", Role.DRAFTER, "疾病预防控制科"),
    ("head", "王科长", Role.SECTION_HEAD, "疾病预防控制科"),
    ("reviewer", "李审核", Role.REVIEWER, None),
    ("reviewer2", "周审核", Role.REVIEWER, None),
    ("signatory", "赵签发", Role.SIGNATORY, None),
    ("officer", "钱办理", Role.REQUEST_OFFICER, None),
    ("auditor", "孙审计", Role.AUDITOR, None),
    ("admin", "管理员", Role.ADMIN, None),
]


def official_docx(*, organ: str, number: str | None, title: str, recipients: str, body: list[str],
                  signed: str, marking: str | None, secrecy: str | None = None) -> bytes:
    """A .docx laid out after GB/T 9704: banner, number, title, 主送, body, signature, date, 附注."""
    d = DocxDocument()

    def line(text: str, align=None, bold=False) -> None:
        p = d.add_paragraph()
        run = p.add_run(text)
        run.bold = bold
        if align is not None:
            p.alignment = align

    if secrecy:
        line(secrecy)
    line(f"{organ}文件", WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    if number:
        line(number, WD_ALIGN_PARAGRAPH.CENTER)
    line(title, WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    line(f"{recipients}：")
    for para in body:
        line(para)
    line(organ, WD_ALIGN_PARAGRAPH.RIGHT)
    line(signed, WD_ALIGN_PARAGRAPH.RIGHT)
    if marking:
        line(f"（{marking}）")
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


PREFIXES = [("青卫发", "青山县卫生健康局", "发文"), ("青卫函", "青山县卫生健康局", "函"),
            ("青卫办发", "青山县卫生健康局办公室", "发文")]

DOCUMENTS = [
    dict(organ="青山县卫生健康局", number="青卫发〔2026〕8号",
         title="青山县卫生健康局关于做好2026年冬季传染病防控工作的通知",
         recipients="各乡镇卫生院，县直各医疗卫生单位",
         body=["为做好今冬明春传染病防控工作，现将有关事项通知如下。", "一、加强监测预警。", "二、落实防控措施。"],
         signed="2026年11月2日", marking="此件主动公开"),
    dict(organ="青山县卫生健康局", number="青卫函〔2026〕21号",
         title="青山县卫生健康局关于2026年第三季度医疗机构依法执业检查情况的通报",
         recipients="各医疗机构",
         body=["现将第三季度检查情况通报如下。", "检查中发现个别机构存在问题，已责令整改。"],
         signed="2026年10月15日", marking="此件依申请公开"),
]


#: Issued documents of every attribute across two years, for the re-review queue (DESIGN §6):
#: (成文日期, attribute, reason code, title after the organ's name). Several restricted ones are already due for review.
ISSUED = [
    (dt.date(2025, 3, 10), Attribute.ACTIVE, None, "关于印发2025年卫生健康工作要点的通知"),
    (dt.date(2025, 5, 20), Attribute.NON_DISCLOSABLE, "process_info", "关于县医院改扩建项目资金的请示"),
    (dt.date(2025, 9, 1), Attribute.ON_REQUEST, "specific_use", "关于2025年上半年医疗废物处置检查情况的通报"),
    (dt.date(2025, 11, 15), Attribute.NON_DISCLOSABLE, "internal_affairs", "关于机关内部考勤管理的通知"),
    (dt.date(2026, 2, 10), Attribute.ACTIVE, None, "关于做好2026年春季爱国卫生运动的通知"),
    (dt.date(2026, 4, 1), Attribute.ON_REQUEST, "third_party", "关于某民营医院医疗纠纷调解情况的函"),
    (dt.date(2026, 8, 20), Attribute.NON_DISCLOSABLE, "process_info", "关于调整乡镇卫生院绩效方案的请示"),
    (dt.date(2026, 10, 9), Attribute.ON_REQUEST, "enforcement_file", "关于2026年第三季度行政处罚案卷评查情况的通报"),
]
ISSUED_REASON = "本件涉及的事项按《政府信息公开条例》规定暂不主动公开，待相关情形消失后依法调整。"


def _issue_demo(session: Session, store: Store, drafter: User, reviewer: User, prefix: NumberPrefix) -> None:
    """Each ISSUED entry through the real flow: upload, declare, submit, approve, issue."""
    for signed, attribute, reason, subject in ISSUED:
        title = "青山县卫生健康局" + subject
        day = f"{signed.year}年{signed.month}月{signed.day}日"
        data = official_docx(organ="青山县卫生健康局", number=None, title=title, recipients="各乡镇卫生院",
                             body=["现将有关事项通知如下。"], signed=day, marking=attribute.marking)
        doc = operations.create_document(session, store, drafter, data, title + ".docx")
        decl = operations.Declaration.of(doc, title=title, attribute=attribute, reason_code=reason,
                                         reason_text=ISSUED_REASON if reason else "")
        operations.declare(session, drafter, doc, decl, doc.lock_version)
        operations.submit(session, drafter, doc, doc.lock_version)
        found = rules.findings(operations.facts_for(session, doc), rules.APPROVE)
        operations.approve(session, reviewer, doc, doc.lock_version,
                           {f.code for f in found if f.severity is Severity.WARN})
        operations.issue(session, reviewer, doc, doc.lock_version, prefix.id, signed)


def load(session: Session, store: Store) -> None:
    """Idempotent: running it twice adds nothing the second time. Everything goes through operations."""
    for name, head in SECTIONS:
        if admin.section_named(session, name) is None:
            admin.create_section(session, name, head)
    users = {}
    for username, display, role, section in USERS:
        users[username] = session.scalar(select(User).where(User.username == username)) or admin.create_user(
            session, username, display, role, DEMO_PASSWORD, section)
    for code, organ, doc_type in PREFIXES:
        if session.scalar(select(NumberPrefix).where(NumberPrefix.code == code)) is None:
            admin.create_prefix(session, code, organ, doc_type)
    drafter = users["drafter"]
    if not drafter_has_documents(session, drafter):
        for spec in DOCUMENTS:
            doc = operations.create_document(session, store, drafter, official_docx(**spec), spec["title"] + ".docx")
            if doc.attribute is Attribute.ON_REQUEST:
                reasoned = operations.Declaration.of(doc, reason_code="specific_use", reason_text=DEMO_REASON)
                operations.declare(session, drafter, doc, reasoned, doc.lock_version)
    if session.scalar(select(Document.id).where(Document.state == DocState.ISSUED).limit(1)) is None:
        prefix = session.scalar(select(NumberPrefix).where(NumberPrefix.code == "青卫发"))
        _issue_demo(session, store, drafter, users["reviewer"], prefix)
    session.flush()


def drafter_has_documents(session: Session, drafter: User) -> bool:
    return session.scalar(select(Document.id).where(Document.drafter_id == drafter.id).limit(1)) is not None
