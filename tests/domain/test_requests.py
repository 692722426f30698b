"""Disclosure requests through the real operations and database: numbering, matching, the clock,
every answer category, the 不予公开 consistency check and separation of duties."""
from __future__ import annotations

import datetime as dt
import io
import threading

import pytest
import sqlalchemy as sa
from docx import Document as DocxDocument

from review import db_events
from review.enums import Attribute, Role
from review.errors import Forbidden, Refusal, RuleViolation, SelfReview
from review.extensions import db
from review.models import AuditEvent, DisclosureRequest, RequestLetter
from review.operations import holidays
from review.operations import requests as ops
from review.request_enums import Channel, Consulted, Outcome, RequesterType, RequestState
from review.requests_stats import distinct_requesters, documents_requested_by_at_least
from tests.domain.flow import Office

D = dt.date
BEIJING = dt.timezone(dt.timedelta(hours=8))
NOW = dt.datetime(2026, 12, 15, 10, 0, tzinfo=BEIJING)


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


@pytest.fixture
def officer(make_user):
    return make_user(Role.REQUEST_OFFICER)


RECEIVED = D(2026, 11, 2)


def registration(received=RECEIVED, name="刘某某", cited=(), text="申请公开贵局2026年传染病防控工作通知。",
                 **kw) -> ops.Registration:
    return ops.Registration(requester_name=name, requester_type=kw.pop("type", RequesterType.NATURAL_PERSON),
                            channel=kw.pop("channel", Channel.ONLINE), received_on=received, text=text,
                            contact="13800000000", cited=list(cited), **kw)


def registered(session, officer, **kw) -> DisclosureRequest:
    req = ops.register(session, officer, registration(**kw), NOW)
    session.commit()
    return req


def letter_text(store, req: DisclosureRequest) -> str:
    data = store.read_verified(req.letter.sha256)
    return "\n".join(p.text for p in DocxDocument(io.BytesIO(data)).paragraphs)


# --- registering and matching ----------------------------------------------------------------------

def test_register_numbers_per_year_and_matches_by_number_and_title(session, office, officer):
    doc = office.issued(Attribute.ACTIVE)
    assert doc.doc_number == "青卫发〔2026〕1号"
    first = registered(session, officer, cited=["青卫发[2026] 1号"])  # other brackets, a space
    assert first.number == "依申〔2026〕1号"
    assert [(i.document_id, i.matched_by) for i in first.items] == [(doc.id, "doc_number")]
    by_title = registered(session, officer, cited=[f"《{doc.title}》", "青卫发〔2019〕99号"])
    assert by_title.number == "依申〔2026〕2号"
    assert [(i.document_id, i.matched_by) for i in by_title.items] == [(doc.id, "title"), (None, "")]
    # A number written only in the request's text is found too.
    in_text = registered(session, officer, text=f"请提供{doc.doc_number}文件全文。")
    assert [i.document_id for i in in_text.items] == [doc.id]
    # The serial restarts with the year the request was received in.
    assert registered(session, officer, received=D(2025, 12, 30)).number == "依申〔2025〕1号"
    actions = session.scalars(sa.select(AuditEvent.action).where(AuditEvent.action == "request.register")).all()
    assert len(actions) == 4


def test_only_the_request_officer_registers_and_bad_input_changes_nothing(session, office, officer):
    with pytest.raises(Forbidden):
        ops.register(session, office.reviewer, registration(), NOW)
    with pytest.raises(Refusal, match="不能晚于今天"):
        ops.register(session, officer, registration(received=D(2026, 12, 16)), NOW)
    with pytest.raises(Refusal, match="申请人"):
        ops.register(session, officer, registration(name="  "), NOW)
    session.rollback()
    assert session.scalar(sa.select(sa.func.count(DisclosureRequest.id))) == 0


def test_concurrent_registrations_get_distinct_numbers(app, session, officer):
    """Six registrations released together, each in its own app context, session and connection."""
    officer_id, count = officer.id, 6
    barrier, errors = threading.Barrier(count), []

    def run():
        with app.app_context(), db_events.writing():
            try:
                barrier.wait()
                ops.register(db.session, db.session.get(type(officer), officer_id), registration(), NOW)
                db.session.commit()
            except Exception as exc:  # noqa: BLE001 - reported below
                errors.append(exc)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    session.rollback()
    serials = sorted(session.scalars(sa.select(DisclosureRequest.serial).where(DisclosureRequest.year == 2026)))
    assert serials == list(range(1, count + 1))


# --- the clock -------------------------------------------------------------------------------------

def test_due_date_twenty_working_days(session, officer):
    req = registered(session, officer)
    assert req.due_on == D(2026, 11, 30)
    assert req.state is RequestState.OPEN


def test_only_the_officer_records_events(session, office, officer):
    req = registered(session, officer)
    with pytest.raises(Forbidden):
        ops.send_correction(session, office.reviewer, req, D(2026, 11, 4), "请明确。", NOW)
    with pytest.raises(Forbidden):
        ops.extend(session, office.signatory, req, D(2026, 11, 4), 5, "理由", "王主任", D(2026, 11, 4), NOW)
    with pytest.raises(Refusal, match="不能早于收到申请日期"):
        ops.start_consultation(session, officer, req, D(2026, 11, 1), Consulted.OTHER_ORGAN, "县医保局", "", NOW)
    session.rollback()
    assert session.get(DisclosureRequest, req.id).events == []


def test_correction_stops_then_restarts_the_clock(session, officer):
    req = registered(session, officer)
    ops.send_correction(session, officer, req, D(2026, 11, 4), "请明确所需文件的名称或文号。", NOW)
    session.commit()
    assert req.state is RequestState.AWAITING_CORRECTION and req.due_on is None
    with pytest.raises(Refusal, match="只能发出一次"):
        ops.send_correction(session, officer, req, D(2026, 11, 5), "再次补正", NOW)
    with pytest.raises(Refusal, match="不能早于补正通知"):
        ops.receive_correction(session, officer, req, D(2026, 11, 3), "", NOW)
    ops.receive_correction(session, officer, req, D(2026, 11, 16), "申请人已写明文号。", NOW)
    session.commit()
    assert req.state is RequestState.OPEN
    assert req.due_on == D(2026, 12, 14)  # 20 working days from Mon 11-16
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "request.correction_received")).one()
    assert event.detail["after"]["due_on"] == "2026-12-14"


def test_extension_of_at_most_twenty_days_with_approver_and_notice(session, officer):
    req = registered(session, officer)
    with pytest.raises(Refusal, match="1 至 20"):
        ops.extend(session, officer, req, D(2026, 11, 20), 21, "需调取档案", "王主任", D(2026, 11, 20), NOW)
    with pytest.raises(Refusal, match="工作机构负责人"):
        ops.extend(session, officer, req, D(2026, 11, 20), 20, "需调取档案", " ", D(2026, 11, 20), NOW)
    with pytest.raises(Refusal, match="已于 2026-11-30 届满"):
        ops.extend(session, officer, req, D(2026, 12, 1), 20, "需调取档案", "王主任", D(2026, 12, 1), NOW)
    ops.extend(session, officer, req, D(2026, 11, 25), 20, "需调取历年档案", "王主任", D(2026, 11, 26), NOW)
    session.commit()
    assert req.due_on == D(2026, 12, 28)
    deadline = ops.deadline_of(req, ops.load_calendar(session))
    assert any("王主任" in s for s in deadline.steps)
    with pytest.raises(Refusal, match="只能延长一次"):
        ops.extend(session, officer, req, D(2026, 12, 2), 5, "再延", "王主任", D(2026, 12, 2), NOW)


def test_consultation_stops_the_clock_while_it_lasts(session, store, officer):
    req = registered(session, officer)
    ops.start_consultation(session, officer, req, D(2026, 11, 9), Consulted.THIRD_PARTY, "某医疗器械公司",
                           "涉及商业秘密", NOW)
    session.commit()
    assert req.state is RequestState.CONSULTING and req.due_on is None
    with pytest.raises(Refusal, match="征求意见尚未结束"):
        ops.answer(session, store, officer, req, Outcome.GRANTED, D(2026, 11, 10), "同意公开", "", NOW)
    ops.end_consultation(session, officer, req, D(2026, 11, 13), "第三方同意公开", NOW)
    session.commit()
    assert req.state is RequestState.OPEN
    assert req.due_on == D(2026, 12, 7)  # 11-09..13 (5 working days) not counted


def test_a_2027_deadline_before_and_after_the_2027_schedule_is_entered(session, officer):
    req = registered(session, officer, received=D(2026, 12, 10))
    assert req.due_on == D(2027, 1, 7)  # 2027 counted by weekends only
    deadline = ops.deadline_of(req, ops.load_calendar(session))
    assert deadline.uncovered == {2027} and "2027年的法定节假日安排尚未录入" in deadline.warning
    holidays.enter_year(session, None, 2027, [D(2027, 1, 1), D(2027, 1, 2), D(2027, 1, 3)], [], "示例通知")
    session.commit()
    assert req.due_on == D(2027, 1, 8)  # recomputed when the schedule was entered
    assert ops.deadline_of(req, ops.load_calendar(session)).warning == ""
    with pytest.raises(Refusal, match="已录入"):
        holidays.enter_year(session, None, 2027, [D(2027, 1, 1)], [], "")
    with pytest.raises(Refusal, match="周六或周日"):
        holidays.enter_year(session, None, 2028, [D(2028, 1, 1)], [D(2028, 1, 3)], "")


# --- answers ---------------------------------------------------------------------------------------

PREPARE = {
    Outcome.OTHER_NO_CORRECTION: "sent",
    Outcome.UNABLE_STILL_UNCLEAR: "received",
}


@pytest.mark.parametrize("outcome", list(Outcome))
def test_each_outcome_category_is_recorded_with_its_letter(session, store, officer, outcome):
    req = registered(session, officer, cited=["某局2019年内部会议纪要"])  # not in our register
    if outcome in PREPARE:
        ops.send_correction(session, officer, req, D(2026, 11, 4), "请明确所需信息。", NOW)
        if PREPARE[outcome] == "received":
            ops.receive_correction(session, officer, req, D(2026, 11, 10), "", NOW)
    letter = ops.answer(session, store, officer, req, outcome, D(2026, 11, 20), "具体答复内容见下。", "", NOW)
    session.commit()
    assert req.state is RequestState.ANSWERED and req.outcome is outcome
    assert letter.original_filename == f"告知书-{req.number}.docx"
    text = letter_text(store, req)
    assert f"答复类别：{outcome.full_label}。" in text and "刘某某：" in text
    assert "本机关文件登记中未找到该文件" in text
    with pytest.raises(Refusal, match="已答复"):
        ops.answer(session, store, officer, req, outcome, D(2026, 11, 21), "再答", "", NOW)


def test_outcomes_that_need_a_correction_are_refused_without_one(session, store, officer):
    req = registered(session, officer)
    with pytest.raises(Refusal, match="逾期不补正"):
        ops.answer(session, store, officer, req, Outcome.OTHER_NO_CORRECTION, D(2026, 11, 20), "x", "", NOW)
    with pytest.raises(Refusal, match="补正后"):
        ops.answer(session, store, officer, req, Outcome.UNABLE_STILL_UNCLEAR, D(2026, 11, 20), "x", "", NOW)
    ops.send_correction(session, officer, req, D(2026, 11, 4), "请明确。", NOW)
    with pytest.raises(Refusal, match="尚未补正"):
        ops.answer(session, store, officer, req, Outcome.GRANTED, D(2026, 11, 20), "x", "", NOW)
    session.rollback()
    assert session.scalar(sa.select(sa.func.count(RequestLetter.id))) == 0


def test_withheld_answer_must_agree_with_the_documents_attribute_and_reason(session, store, office, officer):
    restricted = office.issued(Attribute.NON_DISCLOSABLE)  # reason process_info
    active = office.issued(Attribute.ACTIVE)
    agrees = registered(session, officer, cited=[restricted.doc_number])
    ops.answer(session, store, officer, agrees, Outcome.WITHHELD_PROCESS_INFO, D(2026, 11, 20), "过程性信息。", "",
               NOW)
    session.commit()
    assert agrees.deviation_note == ""

    other_reason = registered(session, officer, cited=[restricted.doc_number])
    with pytest.raises(RuleViolation) as refused:
        ops.answer(session, store, officer, other_reason, Outcome.WITHHELD_THIRD_PARTY, D(2026, 11, 20), "x", "", NOW)
    assert [f.code for f in refused.value.findings] == ["answer_reason"]
    session.rollback()
    assert session.get(DisclosureRequest, other_reason.id).state is RequestState.OPEN

    of_active = registered(session, officer, cited=[active.doc_number])
    with pytest.raises(RuleViolation) as refused:
        ops.answer(session, store, officer, of_active, Outcome.WITHHELD_STATE_SECRET, D(2026, 11, 20), "x", "", NOW)
    assert [f.code for f in refused.value.findings] == ["answer_attribute"]
    session.rollback()
    note = "该文件发布后经保密审查确定为国家秘密，属性复审已提请办公室。"
    ops.answer(session, store, officer, of_active, Outcome.WITHHELD_STATE_SECRET, D(2026, 11, 20), "不予公开。", note,
               NOW)
    session.commit()
    assert of_active.deviation_note == note
    event = session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "request.answer")
                            .order_by(AuditEvent.id.desc())).first()
    assert event.detail["after"]["deviation_note"] == note and event.detail["after"]["deviation"]
    # Any other category is not subject to the check.
    granted = registered(session, officer, cited=[restricted.doc_number])
    ops.answer(session, store, officer, granted, Outcome.GRANTED, D(2026, 11, 20), "予以公开。", "", NOW)


def test_an_officer_cannot_answer_about_a_document_they_drafted(session, store, office, officer):
    doc = office.issued(Attribute.ACTIVE)
    req = registered(session, officer, cited=[doc.doc_number])
    drafter = office.drafter
    drafter.role, drafter.section_id = Role.REQUEST_OFFICER, None  # moved to the request desk since
    session.commit()
    with pytest.raises(SelfReview, match="拟稿人"):
        ops.answer(session, store, drafter, req, Outcome.GRANTED, D(2026, 11, 20), "予以公开。", "", NOW)
    with pytest.raises(Forbidden):
        ops.answer(session, store, office.reviewer, req, Outcome.GRANTED, D(2026, 11, 20), "予以公开。", "", NOW)
    ops.answer(session, store, officer, req, Outcome.GRANTED, D(2026, 11, 20), "予以公开。", "", NOW)


# --- what re-review reads --------------------------------------------------------------------------

def test_distinct_requesters_per_document_since_a_date(session, office, officer):
    doc, other = office.issued(Attribute.ON_REQUEST), office.issued(Attribute.ACTIVE)
    registered(session, officer, name="刘某某", cited=[doc.doc_number])
    registered(session, officer, name=" 刘 某某", cited=[doc.doc_number, other.doc_number])  # the same person
    registered(session, officer, name="某律师事务所", type=RequesterType.LEGAL_SERVICE, cited=[doc.doc_number])
    registered(session, officer, name="张某", received=D(2025, 6, 1), cited=[doc.doc_number])  # outside the window
    since = D(2025, 12, 16)
    assert distinct_requesters(session, [doc.id, other.id], since) == {doc.id: 2, other.id: 1}
    assert distinct_requesters(session, None, D(2025, 1, 1)) == {doc.id: 3, other.id: 1}
    assert distinct_requesters(session, [], since) == {}
    assert documents_requested_by_at_least(session, 2, since) == [doc.id]


def test_table3_counts_by_requester_type_and_balances(session, store, officer):
    from review.requests_stats import table3

    def answered(received, kind, outcome, on):
        req = registered(session, officer, received=received, type=kind)
        ops.answer(session, store, officer, req, outcome, on, "答复。", "", NOW)
        session.commit()

    answered(D(2025, 12, 20), RequesterType.NATURAL_PERSON, Outcome.GRANTED, D(2026, 1, 10))  # carried in
    answered(D(2025, 11, 3), RequesterType.BUSINESS, Outcome.GRANTED, D(2025, 11, 20))  # all in 2025
    answered(D(2026, 3, 2), RequesterType.LEGAL_SERVICE, Outcome.WITHHELD_ADMINISTRATIVE_QUERY, D(2026, 3, 20))
    answered(D(2026, 5, 6), RequesterType.NATURAL_PERSON, Outcome.NOT_PROCESSED_REPEAT, D(2026, 5, 11))
    registered(session, officer, received=D(2026, 12, 10), type=RequesterType.RESEARCH)  # carried out
    t = table3(session, 2026)
    N, L, R = RequesterType.NATURAL_PERSON, RequesterType.LEGAL_SERVICE, RequesterType.RESEARCH
    assert t.received == {N: 1, L: 1, R: 1}
    assert t.carried_in == {N: 1}
    assert t.answered == {Outcome.GRANTED: {N: 1}, Outcome.WITHHELD_ADMINISTRATIVE_QUERY: {L: 1},
                          Outcome.NOT_PROCESSED_REPEAT: {N: 1}}
    assert t.carried_out == {R: 1}
    assert t.balanced()
    t2025 = table3(session, 2025)
    assert t2025.received == {N: 1, RequesterType.BUSINESS: 1} and t2025.carried_out == {N: 1} and t2025.balanced()
