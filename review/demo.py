"""Demo data: sections, one user per role, reason codes and a few documents built as real .docx."""
from __future__ import annotations

import io

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import operations
from .enums import Attribute, Role
from .models import Document, NumberPrefix, User
from .operations import admin
from .storage import Store

DEMO_PASSWORD = "demo-pass-2026"
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
    session.flush()


def drafter_has_documents(session: Session, drafter: User) -> bool:
    return session.scalar(select(Document.id).where(Document.drafter_id == drafter.id).limit(1)) is not None
