"""The 待办 badge (inbox.waiting_count) against the real database: it counts what the user's inbox
lists hold (drafts apart), each document once, in one statement."""
from __future__ import annotations

import datetime as dt

import pytest

from review import inbox
from review.enums import DocState, Role
from review.models import Document, SectionSignatory
from review.models._types import utcnow

NOW = utcnow()
TODAY = NOW.date()


@pytest.fixture
def office(session, make_section, make_user):
    """Two sections; documents of two drafters in every state, with and without blocking findings."""
    a, b = make_section("医政医管科"), make_section("疾病预防控制科")
    drafters = make_user(Role.DRAFTER, a), make_user(Role.DRAFTER, b)
    for drafter in drafters:
        for state in DocState:
            for block in (False, True):
                session.add(Document(section_id=drafter.section_id, drafter_id=drafter.id, state=state,
                                     title=f"{state.value}-{block}", has_block=block,
                                     submitted_at=NOW - dt.timedelta(days=3)))
    session.commit()
    return a, b, drafters


def listed(session, user) -> int:
    """What the inbox lists show, drafts apart (documents and re-review tasks)."""
    return sum(total for heading, total, _ in inbox.inbox(session, user, today=TODAY) if heading != inbox.DRAFTS)


@pytest.mark.parametrize("role", [Role.DRAFTER, Role.SECTION_HEAD, Role.REVIEWER, Role.SIGNATORY, Role.ADMIN,
                                  Role.AUDITOR])
def test_badge_counts_what_the_inbox_lists_hold(session, office, make_user, role):
    a, b, (drafter, _) = office
    user = drafter if role is Role.DRAFTER else make_user(role, a if role.belongs_to_section else None)
    expected = {Role.DRAFTER: 2 + 2, Role.SECTION_HEAD: 2, Role.REVIEWER: 4 + 4, Role.SIGNATORY: 4 + 4 + 2,
                Role.ADMIN: 0, Role.AUDITOR: 0}[role]
    assert listed(session, user) == expected
    assert inbox.waiting_count(session, user, TODAY) == expected


def test_additional_signatory_sees_its_sections_approved_documents_in_the_badge(session, office, make_user):
    a, b, (drafter, _) = office
    head = make_user(Role.SECTION_HEAD, a)
    session.add(SectionSignatory(section_id=b.id, user_id=head.id))
    session.commit()
    # submitted in section a (2) + approved in section b (2)
    assert listed(session, head) == inbox.waiting_count(session, head, TODAY) == 4
    # a drafter who signs for their own section does not count their own approved documents
    session.add(SectionSignatory(section_id=a.id, user_id=drafter.id))
    session.commit()
    assert listed(session, drafter) == inbox.waiting_count(session, drafter, TODAY) == 4


def test_a_document_two_lists_hold_is_counted_once(session, office, make_user, monkeypatch):
    a, b, _ = office
    reviewer = make_user(Role.REVIEWER)
    in_queue = Document.state == DocState.OFFICE_REVIEW
    blocked_in_queue = in_queue & Document.has_block
    monkeypatch.setattr(inbox, "_document_lists", lambda user: [("队列", in_queue), ("阻止", blocked_in_queue),
                                                                ("区段", Document.section_id == a.id)])
    # 4 in the queue (2 of them blocked, already counted) + section a's 18 documents, 2 of them in the queue
    assert inbox.waiting_count(session, reviewer, TODAY) == 4 + (len(DocState) * 2 - 2)


def test_badge_is_one_statement(session, office, make_user, count_queries):
    reviewer = make_user(Role.REVIEWER)
    assert reviewer.id  # loaded before counting
    with count_queries() as statements:
        inbox.waiting_count(session, reviewer, TODAY)
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
