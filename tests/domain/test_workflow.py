"""The state table and its permission predicate, on plain values."""
from __future__ import annotations

import pytest

from review.enums import DocState, Role
from review.workflow import Actor, DocRef, allowed_actions, can_view, refusal, submit_target

S = DocState
DRAFTER = Actor(1, Role.DRAFTER, 10)
COLLEAGUE = Actor(2, Role.DRAFTER, 10)
OTHER_SECTION = Actor(3, Role.DRAFTER, 20)
HEAD = Actor(4, Role.SECTION_HEAD, 10)
REVIEWER = Actor(5, Role.REVIEWER, None)
SIGNATORY = Actor(6, Role.SIGNATORY, None)
AUDITOR = Actor(7, Role.AUDITOR, None)
OFFICER = Actor(8, Role.REQUEST_OFFICER, None)


def doc(state: DocState, drafter: int = 1, section: int = 10) -> DocRef:
    return DocRef(state, drafter, section)


@pytest.mark.parametrize("actor, state, visible", [
    (DRAFTER, S.DRAFT, True), (COLLEAGUE, S.DRAFT, True), (OTHER_SECTION, S.DRAFT, False),
    (HEAD, S.SUBMITTED, True), (REVIEWER, S.OFFICE_REVIEW, True), (AUDITOR, S.ISSUED, True),
    (OFFICER, S.DRAFT, False), (OFFICER, S.ISSUED, True),
])
def test_who_sees_a_document(actor, state, visible):
    assert can_view(actor, doc(state)) is visible


@pytest.mark.parametrize("actor, state, action, allowed", [
    (DRAFTER, S.DRAFT, "submit", True),
    (DRAFTER, S.RETURNED, "submit", True),
    (OTHER_SECTION, S.DRAFT, "submit", False),
    (REVIEWER, S.DRAFT, "submit", False),
    (DRAFTER, S.OFFICE_REVIEW, "edit", False),     # a submitted document is frozen
    (HEAD, S.SUBMITTED, "confirm", True),
    (REVIEWER, S.OFFICE_REVIEW, "approve", True),
    (DRAFTER, S.OFFICE_REVIEW, "approve", False),
    (SIGNATORY, S.DISPUTED, "rule", True),
    (REVIEWER, S.DISPUTED, "rule", False),
    (DRAFTER, S.ATTRIBUTE_CHANGED, "object", True),
    (COLLEAGUE, S.ATTRIBUTE_CHANGED, "object", False),  # only the drafter answers for the document
    (REVIEWER, S.APPROVED, "issue", False),    # 签发 comes first
    (SIGNATORY, S.APPROVED, "sign", True),
    (REVIEWER, S.APPROVED, "sign", False),
    (SIGNATORY, S.APPROVED, "send_back", True),
    (REVIEWER, S.SIGNED, "issue", True),
    (SIGNATORY, S.SIGNED, "issue", False),
    (REVIEWER, S.ISSUED, "approve", False),
])
def test_transition_permissions(actor, state, action, allowed):
    assert (refusal(actor, doc(state), action) is None) is allowed


def test_an_additional_signatory_of_the_section_signs_its_documents_only():
    office_head = Actor(42, Role.REVIEWER, None)
    named = DocRef(S.APPROVED, 1, 10, frozenset({42}))
    assert refusal(office_head, named, "sign") is None and refusal(office_head, named, "send_back") is None
    assert refusal(office_head, doc(S.APPROVED), "sign") is not None          # another section's document
    assert refusal(office_head, DocRef(S.APPROVED, 42, 10, frozenset({42})), "sign").self_review
    assert refusal(office_head, named, "rule") is not None                     # signing only, not ruling


def test_nobody_reviews_what_they_drafted():
    # a reviewer who drafted the document (e.g. moved from a section) may not decide on it
    own = doc(S.OFFICE_REVIEW, drafter=REVIEWER.id)
    assert refusal(REVIEWER, own, "approve").self_review
    assert refusal(SIGNATORY, doc(S.DISPUTED, drafter=SIGNATORY.id), "rule").self_review
    assert refusal(SIGNATORY, doc(S.APPROVED, drafter=SIGNATORY.id), "sign").self_review
    assert refusal(Actor(4, Role.SECTION_HEAD, 10), doc(S.SUBMITTED, drafter=4), "confirm").self_review
    # a colleague answering for the drafter is refused, but that is not self-review
    denial = refusal(COLLEAGUE, doc(S.ATTRIBUTE_CHANGED), "object")
    assert denial and not denial.self_review


def test_allowed_actions_drive_the_buttons():
    assert {t.action for t in allowed_actions(DRAFTER, doc(S.DRAFT))} == {"edit", "submit"}
    assert {t.action for t in allowed_actions(REVIEWER, doc(S.OFFICE_REVIEW))} == {
        "approve", "change_attribute", "return"}
    assert allowed_actions(AUDITOR, doc(S.OFFICE_REVIEW)) == []


def test_submission_goes_to_the_section_head_only_where_configured():
    assert submit_target(True) is S.SUBMITTED
    assert submit_target(False) is S.OFFICE_REVIEW
