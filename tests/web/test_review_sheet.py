"""The 审核单 of a re-review task (issue 11, part 3): what it carries before and after the decision,
the chain of earlier reviews, and who may open it."""
from __future__ import annotations

import datetime as dt
import html
import re

import pytest
import sqlalchemy as sa

from review.enums import Attribute, Role
from review.models import ReReview
from review.operations import rereview as ops
from review.paper_form import review_sheet
from tests.domain.flow import Office
from tests.domain.rereview_flow import office_now, run_job

A, R, N = Attribute.ACTIVE, Attribute.ON_REQUEST, Attribute.NON_DISCLOSABLE


@pytest.fixture
def office(session, store, make_user, make_section):
    return Office(session, store, make_user, make_section)


def cells(text: str) -> dict[str, str]:
    """The sheet's ``data-k`` cells as plain text."""
    found = re.findall(r'<td[^>]*data-k="(\w+)"[^>]*>(.*?)</td>', text, re.S)
    return {k: " ".join(html.unescape(re.sub(r"<[^>]+>", " ", v)).split()) for k, v in found}


def open_task(session, doc) -> ReReview:
    run_job(session, office_now().date())
    return session.scalar(sa.select(ReReview).where(ReReview.open_document_id == doc.id))


def test_an_open_task_prints_what_is_under_review_and_nothing_decided(login, session, office):
    doc = office.issued(N, signed_on=dt.date(2025, 1, 6))
    task = open_task(session, doc)
    response = login(office.reviewer).get(f"/rereview/{task.id}/print")
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    sheet = cells(text)
    assert "公文公开属性审核单" in text and 'id="sheet-organ">青山县卫生健康局<' in text
    assert sheet["title"] == doc.title and sheet["doc_number"] == doc.doc_number
    assert sheet["signed_on"] == "2025-01-06" and sheet["section"] == office.section.name
    assert sheet["attribute_before"] == "不予公开"
    assert "属于四类过程性信息" in sheet["reason_before"] and doc.reason_text in sheet["reason_before"]
    assert sheet["trigger"] == "到期复审" and sheet["requests"] == "无" and sheet["opinion"] == "未征求意见"
    assert "☑" not in sheet["outcome"] and sheet["outcome"].count("☐") == 3
    assert sheet["attribute_after"] == "（待审查）" and sheet["decision"] == "（待审查）"
    assert "发文以来首次审查" in text


def test_a_decided_task_prints_the_opinion_the_decision_and_the_earlier_review(login, session, office):
    doc = office.issued(N, signed_on=dt.date(2025, 1, 6))
    original = doc.reason_text
    first = open_task(session, doc)
    now = office_now()
    ops.ask_opinion(session, office.reviewer, first, first.lock_version, "相关决策是否已经作出？", now)
    ops.give_opinion(session, office.head, first, first.lock_version, "决策尚在研究，建议维持。", now)
    ops.decide(session, office.reviewer, first, first.lock_version, ops.Outcome.KEEP, "process_info",
               "相关决策尚未作出，仍属过程性信息。", now.date() + dt.timedelta(days=1), now)
    session.commit()

    kept = cells(login(office.reviewer).get(f"/rereview/{first.id}/print").get_data(as_text=True))
    assert kept["attribute_before"] == "不予公开" and "属于四类过程性信息" in kept["reason_before"]
    # The explanation on the record is now the decision's; the sheet does not pass it off as the original.
    assert original not in kept["reason_before"]
    assert "相关决策是否已经作出？" in kept["opinion"] and "决策尚在研究，建议维持。" in kept["opinion"]
    assert office.head.display_name in kept["opinion"]
    assert "☑ 维持原属性" in kept["outcome"] and kept["outcome"].count("☑") == 1
    assert kept["attribute_after"] == "不予公开" and kept["effective_on"] == now.date().isoformat()
    assert "仍属过程性信息" in kept["decision"] and office.reviewer.display_name in kept["decision"]
    assert kept["next_review_on"] == (now.date() + dt.timedelta(days=1)).isoformat()

    # The next review converts it; its sheet starts from what the first one left.
    session.rollback()
    second = open_task(session, doc) or _opened_later(session, doc)
    ops.decide(session, office.reviewer2, second, second.lock_version, ops.Outcome.ACTIVE, None,
               "所涉决策已作出，过程性信息理由已消失。", None, now)
    session.commit()
    text = login(office.reviewer).get(f"/rereview/{second.id}/print").get_data(as_text=True)
    converted = cells(text)
    assert "相关决策尚未作出，仍属过程性信息。" in converted["reason_before"]
    assert "☑ 调整为主动公开" in converted["outcome"] and converted["attribute_after"] == "主动公开"
    assert converted["reason_after"] == "—" and ops.public_note(now.date()) in converted["decision"]
    earlier = re.search(r'id="sheet-earlier">(.*?)</table>', text, re.S).group(1)
    assert "维持原属性" in earlier and office.reviewer.display_name in earlier and "首次审查" not in earlier


def _opened_later(session, doc) -> ReReview:
    """The first decision set the next review for tomorrow: run the job on that day."""
    run_job(session, office_now().date() + dt.timedelta(days=1))
    return session.scalar(sa.select(ReReview).where(ReReview.open_document_id == doc.id))


def test_the_sheet_is_read_without_http_as_the_page_prints_it(session, office):
    doc = office.issued(R, signed_on=dt.date(2025, 1, 6))
    task = open_task(session, doc)
    sheet = review_sheet(session, task)
    assert (sheet.attribute_before, sheet.decision, sheet.earlier) == (R, None, [])
    assert [ticked for _, ticked in sheet.outcome_boxes] == [False, False, False]
    assert sheet.organ == "青山县卫生健康局"


def test_who_may_open_the_sheet(login, session, office, make_user, make_section):
    doc = office.issued(N, signed_on=dt.date(2025, 1, 6))
    task = open_task(session, doc)
    url = f"/rereview/{task.id}/print"
    assert login(office.drafter).get(url).status_code == 200  # the drafting section reads its own
    assert login(office.signatory).get(url).status_code == 200
    stranger = make_user(Role.DRAFTER, make_section())
    assert login(stranger).get(url).status_code == 404
    # The admin does not read restricted documents, nor the sheet that names them.
    assert login(make_user(Role.ADMIN)).get(url).status_code == 404
