"""Disclosure requests (依申请公开, DESIGN §7): register, 补正, extension, consultation, answer.

Like every operation: check, change, audit, flush — never commit. Only the request officer registers
and answers; attribute decisions stay with the reviewers; nobody answers about a document they drafted.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .. import audit, deadlines, letters
from ..enums import Attribute, DocState, Role, Severity
from ..errors import Forbidden, Refusal, RuleViolation, SelfReview
from ..extract import DOC_NUMBER_RE, find_doc_numbers, normalise_doc_number
from ..holidays import load_calendar
from ..models import DisclosureRequest, Document, NumberPrefix, RequestedDocument, RequestEvent, RequestLetter, User
from ..request_enums import Channel, Consulted, EventKind, Outcome, OutcomeGroup, RequesterType, RequestState
from ..rules import Finding
from ..storage import Store
from ..workdays import Calendar, local_date

audit.ACTION_LABELS.update({
    "request.register": "登记政府信息公开申请",
    "request.correction_sent": "发出补正通知",
    "request.correction_received": "收到申请人补正",
    "request.extension": "延长答复期限",
    "request.consultation_start": "征求第三方或其他机关意见",
    "request.consultation_end": "征求意见结束",
    "request.answer": "答复政府信息公开申请",
    "holidays.enter": "录入年度法定节假日安排",
})

NOT_IN_REGISTER = "本机关文件登记中未找到"
MAX_ITEMS = 50


@dataclass
class Registration:
    requester_name: str
    requester_type: RequesterType
    channel: Channel
    received_on: dt.date
    text: str
    contact: str = ""
    #: What the requester asks for, one per entry: a 发文字号 or a title as they wrote it.
    cited: list[str] = field(default_factory=list)


def _officer(actor: User, what: str) -> None:
    if actor.role is not Role.REQUEST_OFFICER:
        raise Forbidden(f"只有依申请公开办理人可以{what}。")


def requester_key(name: str) -> str:
    return "".join(name.split()).casefold()


# --- matching ------------------------------------------------------------------------------------

def match_document(session: Session, cited: str) -> tuple[Document | None, str]:
    """An issued document of ours by 发文字号 (brackets normalised) or by title; (None, "") if none."""
    cited = cited.strip()
    issued = Document.state == DocState.ISSUED
    number = normalise_doc_number(cited)
    found = DOC_NUMBER_RE.fullmatch(number)
    if found:
        # Words before the organ code ("申请公开青卫发〔2026〕8号") are dropped one at a time: the longest
        # code that is one of our numbers wins.
        code, rest = found["code"], number[len(found["code"]):]
        candidates = [code[i:] + rest for i in range(max(len(code) - 1, 1))]
        docs = session.scalars(sa.select(Document).where(issued, Document.doc_number.in_(candidates))
                               .order_by(Document.id)).all()
        if not docs:
            return None, ""
        return min(docs, key=lambda d: candidates.index(d.doc_number)), "doc_number"
    title = "".join(cited.strip("《》「」\"“”").split())
    if len(title) < 4:
        return None, ""
    exact = session.scalar(sa.select(Document).where(issued, Document.title == title).order_by(Document.id).limit(1))
    if exact:
        return exact, "title"
    found = session.scalars(sa.select(Document).where(issued, Document.title.icontains(title, autoescape=True))
                            .order_by(Document.id).limit(2)).all()
    return (found[0], "title") if len(found) == 1 else (None, "")


def _matched(session: Session, reg: Registration) -> list[tuple[str, Document | None, str]]:
    """(cited, document, how) for each line the officer entered, then for each 发文字号 written in the
    request's text (recorded as our number when it is ours); each document once."""
    out: list[tuple[str, Document | None, str]] = []
    seen: set[str] = set()
    lines = [(line, False) for line in reg.cited] + [(n, True) for n in find_doc_numbers(reg.text)]
    for cited, from_text in lines:
        cited = cited.strip()[:300]
        if not cited:
            continue
        doc, how = match_document(session, cited)
        if from_text and doc is not None:
            cited = doc.doc_number
        key = f"doc:{doc.id}" if doc else normalise_doc_number(cited)
        if key not in seen:
            seen.add(key)
            out.append((cited, doc, how))
    return out


# --- the clock -----------------------------------------------------------------------------------

def clock_of(req: DisclosureRequest) -> deadlines.Clock:
    """The request's events as the pure deadline calculation reads them."""
    by_kind: dict[EventKind, list[RequestEvent]] = {}
    for e in req.events:
        by_kind.setdefault(e.kind, []).append(e)
    sent = by_kind.get(EventKind.CORRECTION_SENT, [])
    received = by_kind.get(EventKind.CORRECTION_RECEIVED, [])
    extension = (by_kind.get(EventKind.EXTENSION) or [None])[0]
    ends = by_kind.get(EventKind.CONSULTATION_END, [])
    consultations = []
    for i, start in enumerate(by_kind.get(EventKind.CONSULTATION_START, [])):
        end = ends[i].day if i < len(ends) else None
        consultations.append(deadlines.Consultation(start.day, end, start.consulted.label if start.consulted else "",
                                                    start.party))
    return deadlines.Clock(
        received_on=req.received_on,
        correction_sent=sent[0].day if sent else None,
        correction_received=received[0].day if received else None,
        extension_days=extension.days if extension else 0,
        extension_approver=extension.approver if extension else "",
        extension_notified=extension.notified_on if extension else None,
        consultations=tuple(consultations),
    )


def deadline_of(req: DisclosureRequest, calendar: Calendar) -> deadlines.Deadline:
    return deadlines.compute(clock_of(req), calendar)


def _recompute(req: DisclosureRequest, calendar: Calendar) -> deadlines.Deadline:
    deadline = deadline_of(req, calendar)
    req.due_on = deadline.due
    if req.state is not RequestState.ANSWERED:
        clock = clock_of(req)
        if clock.correction_sent and not clock.correction_received:
            req.state = RequestState.AWAITING_CORRECTION
        elif any(c.end is None for c in clock.consultations):
            req.state = RequestState.CONSULTING
        else:
            req.state = RequestState.OPEN
    return deadline


def recompute_open(session: Session, calendar: Calendar | None = None) -> int:
    """Recompute the due date of every request not yet answered (after a holiday schedule changed)."""
    calendar = calendar or load_calendar(session)
    count = 0
    for req in session.scalars(sa.select(DisclosureRequest).where(DisclosureRequest.state != RequestState.ANSWERED)):
        _recompute(req, calendar)
        count += 1
    session.flush()
    return count


# --- register ------------------------------------------------------------------------------------

def _next_serial(session: Session, year: int) -> int:
    current = session.scalar(sa.select(sa.func.max(DisclosureRequest.serial)).where(DisclosureRequest.year == year))
    return (current or 0) + 1


def register(session: Session, actor: User, reg: Registration, now: dt.datetime,
             attempts: int = 20) -> DisclosureRequest:
    """Register a request with the next 依申〔YYYY〕N号 of the year it was received in."""
    _officer(actor, "登记申请")
    name = reg.requester_name.strip()
    if not name:
        raise Refusal("请填写申请人姓名或名称。")
    if not reg.text.strip():
        raise Refusal("请填写申请内容。")
    if reg.received_on > local_date(now):
        raise Refusal("收到申请日期不能晚于今天。")
    citations = _matched(session, reg)
    if len(citations) > MAX_ITEMS:
        raise Refusal(f"一件申请最多登记 {MAX_ITEMS} 份所申请的文件。")
    fields = dict(requester_name=name[:200], requester_key=requester_key(name)[:200],
                  requester_type=reg.requester_type, contact=reg.contact.strip(), channel=reg.channel,
                  received_on=reg.received_on, text=reg.text.strip(), registered_by_id=actor.id)
    year = reg.received_on.year
    for _ in range(attempts):
        req = DisclosureRequest(year=year, serial=_next_serial(session, year), **fields)
        try:
            with session.begin_nested():
                session.add(req)
        except sa.exc.IntegrityError:
            continue  # a concurrent registration took this serial: take the next one, never share
        break
    else:
        raise Refusal("申请编号分配冲突，请稍后重试。")
    for cited, doc, how in citations:
        session.add(RequestedDocument(request_id=req.id, document_id=doc.id if doc else None, cited=cited,
                                      matched_by=how))
    session.flush()
    session.refresh(req)
    deadline = _recompute(req, load_calendar(session))
    session.flush()
    audit.append(session, actor_id=actor.id, action="request.register",
                 after={"request": req.number, "request_id": req.id, "requester_type": req.requester_type,
                        "channel": req.channel, "received_on": req.received_on, "due_on": deadline.due,
                        "documents": [i.document_id for i in req.items if i.document_id],
                        "not_found": [i.cited for i in req.items if not i.document_id]})
    return req


# --- events --------------------------------------------------------------------------------------

def _open(req: DisclosureRequest) -> None:
    if req.state is RequestState.ANSWERED:
        raise Refusal(f"申请 {req.number} 已答复，不能再登记办理事项。")


def _day(day: dt.date | None, req: DisclosureRequest, now: dt.datetime, what: str) -> dt.date:
    if day is None:
        raise Refusal(f"请填写{what}。")
    if day < req.received_on:
        raise Refusal(f"{what}不能早于收到申请日期（{req.received_on}）。")
    if day > local_date(now):
        raise Refusal(f"{what}不能晚于今天。")
    return day


def _record(session: Session, actor: User, req: DisclosureRequest, kind: EventKind, day: dt.date, **columns):
    event = RequestEvent(request_id=req.id, kind=kind, day=day, recorded_by_id=actor.id, **columns)
    session.add(event)
    session.flush()
    session.refresh(req)
    before = req.due_on
    deadline = _recompute(req, load_calendar(session))
    session.flush()
    audit.append(session, actor_id=actor.id, action=f"request.{kind.value}",
                 before={"due_on": before},
                 after={"request": req.number, "request_id": req.id, "day": day, "due_on": deadline.due,
                        **{k: v for k, v in columns.items() if v not in (None, "")}})
    return event


def _events(req: DisclosureRequest, kind: EventKind) -> list[RequestEvent]:
    return [e for e in req.events if e.kind is kind]


def send_correction(session: Session, actor: User, req: DisclosureRequest, day: dt.date | None, note: str,
                    now: dt.datetime) -> RequestEvent:
    """补正通知 (第三十条): once, telling the requester at once everything to supply."""
    _officer(actor, "办理申请")
    _open(req)
    day = _day(day, req, now, "补正通知发出日期")
    if _events(req, EventKind.CORRECTION_SENT):
        raise Refusal("补正通知只能发出一次（第三十条：一次性告知需要补正的事项）。")
    if not note.strip():
        raise Refusal("请写明需要补正的事项和合理的补正期限。")
    return _record(session, actor, req, EventKind.CORRECTION_SENT, day, note=note.strip())


def receive_correction(session: Session, actor: User, req: DisclosureRequest, day: dt.date | None, note: str,
                       now: dt.datetime) -> RequestEvent:
    _officer(actor, "办理申请")
    _open(req)
    sent = _events(req, EventKind.CORRECTION_SENT)
    if not sent:
        raise Refusal("尚未发出补正通知。")
    if _events(req, EventKind.CORRECTION_RECEIVED):
        raise Refusal("已登记收到补正。")
    day = _day(day, req, now, "收到补正日期")
    if day < sent[0].day:
        raise Refusal("收到补正日期不能早于补正通知发出日期。")
    return _record(session, actor, req, EventKind.CORRECTION_RECEIVED, day, note=note.strip())


def extend(session: Session, actor: User, req: DisclosureRequest, day: dt.date | None, days: int | None,
           reason: str, approver: str, notified_on: dt.date | None, now: dt.datetime) -> RequestEvent:
    """延期 (第三十三条第二款): at most 20 working days, approved by the 工作机构负责人, requester told,
    decided within the original period."""
    _officer(actor, "办理申请")
    _open(req)
    day = _day(day, req, now, "批准延期日期")
    if _events(req, EventKind.EXTENSION):
        raise Refusal("答复期限只能延长一次。")
    if days is None or not 1 <= days <= deadlines.MAX_EXTENSION:
        raise Refusal(f"延长的期限应为 1 至 {deadlines.MAX_EXTENSION} 个工作日（第三十三条第二款）。")
    if not reason.strip():
        raise Refusal("请填写延期理由。")
    if not approver.strip():
        raise Refusal("请填写批准延期的工作机构负责人。")
    notified_on = _day(notified_on, req, now, "告知申请人日期")
    if notified_on < day:
        raise Refusal("告知申请人日期不能早于批准延期日期。")
    current = req.due_on
    if current is None:
        raise Refusal("期限中止期间（待补正或征求意见中）无需延期。")
    if day > current:
        raise Refusal(f"答复期限已于 {current} 届满，不能再延长。")
    return _record(session, actor, req, EventKind.EXTENSION, day, days=days, note=reason.strip(),
                   approver=approver.strip()[:64], notified_on=notified_on)


def start_consultation(session: Session, actor: User, req: DisclosureRequest, day: dt.date | None,
                       consulted: Consulted, party: str, note: str, now: dt.datetime) -> RequestEvent:
    """征求意见 (第三十二条 third party, 15 working days; 第三十四条 another organ): the clock stops."""
    _officer(actor, "办理申请")
    _open(req)
    day = _day(day, req, now, "征求意见日期")
    if len(_events(req, EventKind.CONSULTATION_START)) > len(_events(req, EventKind.CONSULTATION_END)):
        raise Refusal("已有征求意见尚未结束。")
    if req.state is RequestState.AWAITING_CORRECTION:
        raise Refusal("申请人补正前期限已中止，请在收到补正后再征求意见。")
    if not party.strip():
        raise Refusal("请填写征求意见的第三方或机关名称。")
    return _record(session, actor, req, EventKind.CONSULTATION_START, day, consulted=consulted,
                   party=party.strip()[:200], note=note.strip())


def end_consultation(session: Session, actor: User, req: DisclosureRequest, day: dt.date | None, note: str,
                     now: dt.datetime) -> RequestEvent:
    _officer(actor, "办理申请")
    _open(req)
    starts = _events(req, EventKind.CONSULTATION_START)
    if len(starts) <= len(_events(req, EventKind.CONSULTATION_END)):
        raise Refusal("没有正在进行的征求意见。")
    day = _day(day, req, now, "征求意见结束日期")
    if day < starts[-1].day:
        raise Refusal("结束日期不能早于征求意见开始日期。")
    return _record(session, actor, req, EventKind.CONSULTATION_END, day, note=note.strip())


# --- answer --------------------------------------------------------------------------------------

def withheld_conflicts(outcome: Outcome, docs: list[Document]) -> list[Finding]:
    """A 不予公开 answer about our documents must agree with each one's current attribute and reason."""
    if outcome.group is not OutcomeGroup.WITHHELD:
        return []
    out = []
    for doc in docs:
        label = doc.doc_number or doc.title
        if doc.attribute is not Attribute.NON_DISCLOSABLE:
            current = doc.attribute.label if doc.attribute else "未认定"
            out.append(Finding("answer_attribute", Severity.BLOCK,
                               f"{label} 的公开属性为“{current}”，答复却为不予公开。", "文件认定的公开属性"))
        elif outcome.reason_code and doc.reason_code != outcome.reason_code:
            reason = doc.reason.label if doc.reason else "未填写"
            out.append(Finding("answer_reason", Severity.BLOCK,
                               f"{label} 认定的不公开理由为“{reason}”，答复理由为“{outcome.label}”。",
                               "条例 第十四至十六条"))
    return out


def answer_refusal(actor: User, req: DisclosureRequest) -> Refusal | None:
    """Why ``actor`` may not answer ``req`` (None if they may): the same check guards view and button."""
    if actor.role is not Role.REQUEST_OFFICER:
        return Forbidden("只有依申请公开办理人可以答复申请。")
    if req.state is RequestState.ANSWERED:
        return Refusal("该申请已答复。")
    drafted = [i.document for i in req.items if i.document is not None and i.document.drafter_id == actor.id]
    if drafted:
        return SelfReview(f"您是所申请文件（{drafted[0].doc_number or drafted[0].title}）的拟稿人，不能答复该申请。")
    return None


def organ_name(session: Session) -> str:
    """The organ that answers: the organ of the first configured 发文 代字."""
    organ = session.scalar(sa.select(NumberPrefix.organ).where(NumberPrefix.active)
                           .order_by(NumberPrefix.id).limit(1))
    return organ or "（机关名称）"


def answer(session: Session, store: Store, actor: User, req: DisclosureRequest, outcome: Outcome,
           answered_on: dt.date | None, text: str, deviation_note: str, now: dt.datetime) -> RequestLetter:
    """Record the answer in the yearly-report category and generate the 告知书 (.docx)."""
    refusal = answer_refusal(actor, req)
    if refusal is not None:
        raise refusal
    answered_on = _day(answered_on, req, now, "答复日期")
    if not text.strip():
        raise Refusal("请填写答复内容。")
    clock = clock_of(req)
    if req.state is RequestState.CONSULTING:
        raise Refusal("征求意见尚未结束：请先登记征求意见结束。")
    awaiting = req.state is RequestState.AWAITING_CORRECTION
    if outcome is Outcome.OTHER_NO_CORRECTION and not awaiting:
        raise Refusal("只有发出补正通知后申请人逾期未补正的，才能按“申请人无正当理由逾期不补正”处理。")
    if awaiting and outcome is not Outcome.OTHER_NO_CORRECTION:
        raise Refusal("申请人尚未补正：请先登记收到补正，或按“申请人无正当理由逾期不补正”处理。")
    if outcome is Outcome.UNABLE_STILL_UNCLEAR and clock.correction_received is None:
        raise Refusal("只有申请人补正后内容仍不明确的，才能按“补正后申请内容仍不明确”答复。")
    conflicts = withheld_conflicts(outcome, [i.document for i in req.items if i.document is not None])
    if conflicts and not deviation_note.strip():
        raise RuleViolation("不予公开的答复与文件认定的公开属性或理由不一致：请说明理由，或改为与认定一致的答复。",
                            conflicts)
    data = letters.answer_letter(number=req.number, organ=organ_name(session), requester=req.requester_name,
                                 received_on=req.received_on, request_text=req.text, outcome=outcome,
                                 answer_text=text.strip(), answered_on=answered_on,
                                 documents=[(i.cited, i.document.title if i.document else None) for i in req.items])
    sha, created = store.put(data)
    if created:
        store.track(session, sha, _letter_referenced(session))
    letter = RequestLetter(request_id=req.id, sha256=sha, size=len(data), media_type=letters.DOCX,
                           original_filename=f"告知书-{req.number}.docx")
    session.add(letter)
    req.outcome, req.answered_on, req.answer_text = outcome, answered_on, text.strip()
    req.deviation_note = deviation_note.strip() if conflicts else ""
    req.answered_by_id = actor.id
    req.state = RequestState.ANSWERED
    session.flush()
    audit.append(session, actor_id=actor.id, action="request.answer",
                 after={"request": req.number, "request_id": req.id, "outcome": outcome, "answered_on": answered_on,
                        "due_on": req.due_on, "on_time": req.due_on is None or answered_on <= req.due_on,
                        "letter": sha, "deviation": [c.message for c in conflicts],
                        "deviation_note": req.deviation_note})
    return letter


def _letter_referenced(session: Session):
    engine = session.get_bind()

    def check(sha: str) -> bool:
        with engine.connect() as conn:
            return bool(conn.scalar(sa.select(sa.func.count()).where(RequestLetter.sha256 == sha)))

    return check


def events_allowed(req: DisclosureRequest) -> set[EventKind]:
    """Which clock events the request's state admits (the detail page shows forms for these only)."""
    if req.state is RequestState.ANSWERED:
        return set()
    if req.state is RequestState.AWAITING_CORRECTION:
        return {EventKind.CORRECTION_RECEIVED}
    if req.state is RequestState.CONSULTING:
        return {EventKind.CONSULTATION_END}
    allowed = {EventKind.CONSULTATION_START}
    if not _events(req, EventKind.CORRECTION_SENT):
        allowed.add(EventKind.CORRECTION_SENT)
    if not _events(req, EventKind.EXTENSION):
        allowed.add(EventKind.EXTENSION)
    return allowed
