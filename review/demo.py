"""Demo data: sections, one user per role, reason codes and a few documents built as real .docx."""
from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from docx import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import office_settings, operations, rules
from .enums import Attribute, Role, Severity
from .models import Document, NumberPrefix, User
from .operations import admin, ledger
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


DEMO_SETTINGS = {
    "organ_name": "青山县卫生健康局", "org_code": "11140400MB0000000X", "marking_active": "此件公开发布",
    "request_threshold": 3, "request_window_months": 12, "index_scheme": "{org_code}/{year}-{id:05d}",
}
#: The office's clock for the demo's imported documents (they are past documents; only the import time).
DEMO_NOW = dt.datetime(2026, 11, 20, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))

#: Past documents brought in from the office's 台账, so the catalogues and the public site are not empty.
#: (title, 发文字号, 成文日期, 公开属性, 不公开理由, 说明, 起草科室, 下次审查日期, printed marking or None: no file)
PAST = [
    ("青山县卫生健康局关于印发《青山县基层医疗卫生机构绩效考核办法》的通知", "青卫发〔2025〕15号", "2025年6月3日",
     "主动公开", "", "", "医政医管科", "", "此件公开发布"),
    ("青山县卫生健康局关于2025年上半年医疗机构依法执业检查情况的通报", "青卫函〔2025〕40号", "2025年7月10日",
     "依申请公开", "specific_use", DEMO_REASON, "医政医管科", "2026-07-10", "此件依申请公开"),
    ("青山县卫生健康局关于申请追加2025年度疾病防控经费的请示", "青卫发〔2025〕22号", "2025年8月18日",
     "不予公开", "process_info", "请示属于过程性信息，所涉资金尚未批复。", "疾病预防控制科", "", None),
]


def _past_ledger() -> tuple[bytes, dict[str, bytes]]:
    """The demo office's 台账 as an .xlsx, and the files it names (built as real .docx)."""
    from .xlsx import workbook

    rows, files = [], {}
    for title, number, signed, attribute, reason, text, section, next_review, marking in PAST:
        name = f"{number}.docx" if marking else ""
        if marking:
            files[name] = official_docx(organ="青山县卫生健康局", number=number, title=title,
                                        recipients="各乡镇卫生院，县直各医疗卫生单位",
                                        body=["现将有关事项通知如下。"], signed=signed, marking=marking)
        rows.append([title, number, signed, attribute, reason, text, section, next_review, "有效", name])
    return workbook("台账", ledger.HEADERS, rows), files


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


def _issue_demo(session: Session, store: Store, drafter: User, reviewer: User, signatory: User,
                prefix: NumberPrefix) -> None:
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
        # Past documents: the office's clock of the day after they were signed.
        then = dt.datetime(signed.year, signed.month, signed.day, 10, tzinfo=DEMO_NOW.tzinfo) + dt.timedelta(days=1)
        operations.submit(session, drafter, doc, doc.lock_version, now=then)
        found = rules.findings(operations.facts_for(session, doc), rules.APPROVE)
        operations.approve(session, reviewer, doc, doc.lock_version,
                           {f.code for f in found if f.severity is Severity.WARN}, now=then)
        operations.sign(session, signatory, doc, doc.lock_version, signed, "同意", now=then)
        operations.issue(session, reviewer, doc, doc.lock_version, prefix.id, signed, now=then)


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
    if office_settings.setting(session, "organ_name") == "":
        admin.update_settings(session, DEMO_SETTINGS, actor_id=users["admin"].id)
    data, files = _past_ledger()
    plan = ledger.check(session, data, files.get)
    if plan.rows and not plan.problems:
        ledger.apply(session, store, users["admin"], plan, DEMO_NOW)
    drafter = users["drafter"]
    if not drafter_has_documents(session, drafter):
        for spec in DOCUMENTS:
            doc = operations.create_document(session, store, drafter, official_docx(**spec), spec["title"] + ".docx")
            if doc.attribute is Attribute.ON_REQUEST:
                reasoned = operations.Declaration.of(doc, reason_code="specific_use", reason_text=DEMO_REASON)
                operations.declare(session, drafter, doc, reasoned, doc.lock_version)
    first_issued = "青山县卫生健康局" + ISSUED[0][3]
    if session.scalar(select(Document.id).where(Document.title == first_issued).limit(1)) is None:
        prefix = session.scalar(select(NumberPrefix).where(NumberPrefix.code == "青卫发"))
        _issue_demo(session, store, drafter, users["reviewer"], users["signatory"], prefix)
    session.flush()


def drafter_has_documents(session: Session, drafter: User) -> bool:
    return session.scalar(select(Document.id).where(Document.drafter_id == drafter.id).limit(1)) is not None


# --- disclosure requests (依申请公开) in several states --------------------------------------------

REQUESTED_DOCUMENT = dict(
    organ="青山县卫生健康局", number=None,
    title="青山县卫生健康局关于2026年度医疗机构校验结果的通报",
    recipients="各医疗机构",
    body=["现将2026年度医疗机构校验结果通报如下。", "个别机构校验暂缓，已责令限期整改。"],
    signed="2026年9月10日", marking="此件依申请公开")


def load_requests(session: Session, store: Store, now: dt.datetime) -> None:
    """Requests new, awaiting 补正, in consultation, extended, answered and overdue, dated back from
    ``now`` so that their flags are live. Idempotent: nothing is added once any request exists."""
    from .models import DisclosureRequest
    from .operations import requests as req_ops
    from .request_enums import Channel, Consulted, Outcome, RequesterType
    from .workdays import local_date

    if session.scalar(select(DisclosureRequest.id).limit(1)) is not None:
        return
    users = {u.username: u for u in session.scalars(select(User))}
    drafter, reviewer, officer = users["drafter"], users["reviewer"], users["officer"]
    doc = operations.create_document(session, store, drafter, official_docx(**REQUESTED_DOCUMENT),
                                     REQUESTED_DOCUMENT["title"] + ".docx")
    operations.declare(session, drafter, doc, operations.Declaration.of(
        doc, attribute=Attribute.ON_REQUEST, reason_code="specific_use", reason_text=DEMO_REASON), doc.lock_version)
    office_now = now.astimezone(ZoneInfo("Asia/Shanghai"))
    operations.submit(session, drafter, doc, doc.lock_version, now=office_now)
    found = rules.findings(operations.facts_for(session, doc), rules.APPROVE)
    operations.approve(session, reviewer, doc, doc.lock_version, {f.code for f in found if f.severity is Severity.WARN},
                       now=office_now)
    prefix = session.scalar(select(NumberPrefix).where(NumberPrefix.code == "青卫函"))
    operations.sign(session, users["signatory"], doc, doc.lock_version, dt.date(2026, 9, 10), "同意", now=office_now)
    number = operations.issue(session, reviewer, doc, doc.lock_version, prefix.id, dt.date(2026, 9, 10),
                              now=office_now, explanation="演示文件，以登记的文号为准。")

    today = local_date(now)

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    def register(days: int, name: str, kind: RequesterType, channel: Channel, text: str, cited: list[str]):
        return req_ops.register(session, officer, req_ops.Registration(
            requester_name=name, requester_type=kind, channel=channel, received_on=ago(days), text=text,
            contact="联系电话 0355-0000000", cited=cited), now)

    register(2, "刘某某", RequesterType.NATURAL_PERSON, Channel.ONLINE,
             f"申请公开贵局{number}《关于2026年度医疗机构校验结果的通报》全文。", [])
    waiting = register(10, "青山县某诊所", RequesterType.BUSINESS, Channel.MAIL, "申请公开本诊所校验相关材料。", [])
    correction = "请写明所需信息的名称、文号或者便于查询的其他特征性描述。"
    req_ops.send_correction(session, officer, waiting, ago(8), correction, now)
    consulting = register(9, "某律师事务所", RequesterType.LEGAL_SERVICE, Channel.IN_PERSON,
                          "申请公开某医院2026年第三季度执业检查记录。", [number])
    req_ops.start_consultation(session, officer, consulting, ago(3), Consulted.THIRD_PARTY, "青山县某医院",
                               "涉及该医院的商业秘密，书面征求其意见。", now)
    extended = register(26, "某大学公共卫生学院", RequesterType.RESEARCH, Channel.ONLINE,
                        "申请获取全县2025年医疗机构校验统计数据。", [])
    req_ops.extend(session, officer, extended, ago(12), 15, "需汇总各乡镇卫生院数据", "王主任", ago(11), now)
    answered = register(20, "张某", RequesterType.NATURAL_PERSON, Channel.ONLINE, f"请提供{number}。", [])
    req_ops.answer(session, store, officer, answered, Outcome.GRANTED, ago(6),
                   "现将该通报全文随本告知书提供给您。", "", now)
    register(25, "某公益环保协会", RequesterType.PUBLIC_INTEREST, Channel.FAX,
             "申请公开2026年医疗废物处置检查结果。", [])  # due within a few working days
    register(45, "李某", RequesterType.NATURAL_PERSON, Channel.MAIL, "申请公开2025年县医院院感检查通报。",
             ["青卫发〔2025〕17号"])
    session.flush()


# --- work in flight: something waiting on every role's 待办, and re-review tasks open ---------------

#: (drafter, title after the organ's name, attribute, reason code, how far it goes)
IN_FLIGHT = [
    ("drafter", "关于开展2026年度基层医疗机构医疗质量安全检查的通知", Attribute.ACTIVE, None, "submitted"),
    ("drafter2", "关于做好2026年冬季流感疫苗接种工作的通知", Attribute.ACTIVE, None, "submitted"),
    ("drafter", "关于2026年度卫生健康统计调查制度执行情况的通报", Attribute.ON_REQUEST, "specific_use", "approved"),
    ("drafter", "关于印发《青山县家庭医生签约服务工作方案》的通知", Attribute.ACTIVE, None, "signed"),
    ("drafter", "关于2026年基本公共卫生服务项目绩效评价结果的通报", Attribute.ON_REQUEST, "specific_use", "changed"),
]


def load_work(session: Session, store: Store, now: dt.datetime) -> None:
    """Documents waiting on the office (审核队列), the section head, the signatory (待签发), the
    reviewer (待发文) and a drafter (the office's proposed change). Idempotent: nothing is added once
    the first one exists."""
    organ = "青山县卫生健康局"
    if session.scalar(select(Document.id).where(Document.title == organ + IN_FLIGHT[0][1]).limit(1)) is not None:
        return
    users = {u.username: u for u in session.scalars(select(User))}
    reviewer, signatory = users["reviewer"], users["signatory"]
    local = now.astimezone(ZoneInfo("Asia/Shanghai"))
    for username, subject, attribute, reason, stage in IN_FLIGHT:
        title, drafter = organ + subject, users[username]
        data = official_docx(organ=organ, number=None, title=title, recipients="各乡镇卫生院，县直各医疗卫生单位",
                             body=["现将有关事项通知如下。", "一、提高认识，加强领导。", "二、明确任务，落实责任。"],
                             signed=f"{local.year}年{local.month}月{local.day}日", marking=attribute.marking)
        doc = operations.create_document(session, store, drafter, data, title + ".docx")
        operations.declare(session, drafter, doc, operations.Declaration.of(
            doc, title=title, attribute=attribute, reason_code=reason, reason_text=DEMO_REASON if reason else ""),
            doc.lock_version)
        operations.submit(session, drafter, doc, doc.lock_version, now=local)
        if stage == "changed":
            operations.change_attribute(session, reviewer, doc, doc.lock_version, Attribute.ACTIVE, None,
                                        "绩效评价结果涉及公共服务，公众应当广泛知晓，建议主动公开。",
                                        _warnings(session, doc, Attribute.ACTIVE), now=local)
        elif stage in ("approved", "signed"):
            operations.approve(session, reviewer, doc, doc.lock_version, _warnings(session, doc), now=local)
            if stage == "signed":
                operations.sign(session, signatory, doc, doc.lock_version, local.date(), "同意", now=local)
    session.flush()


def open_due_reviews(session: Session, now: dt.datetime) -> None:
    """Run the re-review job for ``now``'s date (it commits chunk by chunk: call it after the rest is committed)."""
    from . import jobs

    local = now.astimezone(ZoneInfo("Asia/Shanghai"))
    jobs.run(session, jobs.office_job_settings(session, local.date()), local)
    _work_on_reviews(session, local)


def _work_on_reviews(session: Session, now: dt.datetime) -> None:
    """One task decided (→ 主动公开: the audit's conversions, the public note, a decided 审核单) and one
    waiting for the drafting section's written opinion. Once only."""
    from .models import AttributeDecision, ReReview, Section
    from .operations import rereview

    if session.scalar(select(AttributeDecision.id).limit(1)) is not None:
        return
    users = {u.username: u for u in session.scalars(select(User))}
    tasks = session.scalars(select(ReReview).where(ReReview.open_document_id.is_not(None)).order_by(ReReview.id)).all()
    heads = {s.id: s.name for s in session.scalars(select(Section))}
    convert = next((t for t in tasks if heads[t.section_id] == "医政医管科"
                    and not rereview.blockers(session, t.document)), None)
    ask = next((t for t in tasks if heads[t.section_id] == "疾病预防控制科"), None)
    if convert is not None:
        rereview.decide(session, users["reviewer2"], convert, convert.lock_version, rereview.Outcome.ACTIVE, None,
                        "所涉事项已办结，不公开的理由已经消失，调整为主动公开。", None, now)
    if ask is not None:
        rereview.ask_opinion(session, users["reviewer"], ask, ask.lock_version,
                             "所涉经费是否已经批复？请科室书面说明是否仍需不予公开。", now)
    session.flush()


def _warnings(session: Session, doc: Document, proposed: Attribute | None = None) -> set[str]:
    """The codes of the warnings the demo's reviewer acknowledges (as a reviewer ticks them on the
    page) for the declared attribute, or for the one the office proposes (then with no reason)."""
    facts = operations.facts_for(session, doc)
    if proposed is not None:
        facts.attribute, facts.reason_code, facts.reason_fits = proposed, None, ()
    found = rules.findings(facts, rules.APPROVE)
    return {f.code for f in found if f.severity is Severity.WARN}
