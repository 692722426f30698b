"""The state table (DESIGN §3): (state, action) → next state, who may, which guards.

Pure: callers pass plain attributes, so the same predicate guards a view, decides which buttons a
template shows, and is tested without HTTP.
"""
from __future__ import annotations

from dataclasses import dataclass

from . import actions
from .enums import DocState, Role

S = DocState


@dataclass(frozen=True)
class Transition:
    action: str
    source: DocState
    target: DocState | None  # None: decided by the operation (e.g. submit with a section-head step)
    roles: frozenset[Role]
    #: Only the document's own drafter (or section) may act, or, for office roles, never the drafter.
    own_section: bool = False

    @property
    def label(self) -> str:
        return actions.BY_NAME[self.action].button


def _t(action, source, target, *roles, own_section=False) -> Transition:
    if action not in actions.BY_NAME:
        raise KeyError(f"action {action!r} has no registry entry in review/actions.py")
    return Transition(action, source, target, frozenset(roles), own_section)


TRANSITIONS: tuple[Transition, ...] = (
    _t("edit", S.DRAFT, S.DRAFT, Role.DRAFTER, own_section=True),
    _t("edit", S.RETURNED, S.RETURNED, Role.DRAFTER, own_section=True),
    _t("submit", S.DRAFT, None, Role.DRAFTER, own_section=True),
    _t("submit", S.RETURNED, None, Role.DRAFTER, own_section=True),
    _t("confirm", S.SUBMITTED, S.OFFICE_REVIEW, Role.SECTION_HEAD, own_section=True),
    _t("return", S.SUBMITTED, S.RETURNED, Role.SECTION_HEAD, own_section=True),
    _t("approve", S.OFFICE_REVIEW, S.APPROVED, Role.REVIEWER),
    _t("change_attribute", S.OFFICE_REVIEW, S.ATTRIBUTE_CHANGED, Role.REVIEWER),
    _t("return", S.OFFICE_REVIEW, S.RETURNED, Role.REVIEWER),
    _t("override_upstream", S.OFFICE_REVIEW, S.OFFICE_REVIEW, Role.SIGNATORY),
    _t("accept_change", S.ATTRIBUTE_CHANGED, S.APPROVED, Role.DRAFTER, own_section=True),
    _t("object", S.ATTRIBUTE_CHANGED, S.DISPUTED, Role.DRAFTER, own_section=True),
    _t("rule", S.DISPUTED, S.APPROVED, Role.SIGNATORY),
    _t("sign", S.APPROVED, S.SIGNED, Role.SIGNATORY),
    _t("send_back", S.APPROVED, S.OFFICE_REVIEW, Role.SIGNATORY),
    _t("correct_file", S.APPROVED, S.APPROVED, Role.REVIEWER),
    _t("correct_file", S.SIGNED, S.SIGNED, Role.REVIEWER),
    _t("attest_marking", S.APPROVED, S.APPROVED, Role.REVIEWER),
    _t("attest_marking", S.SIGNED, S.SIGNED, Role.REVIEWER),
    _t("issue", S.SIGNED, S.ISSUED, Role.REVIEWER),
    _t("set_validity", S.ISSUED, S.ISSUED, Role.REVIEWER),
)

_BY_KEY = {(t.source, t.action): t for t in TRANSITIONS}

#: Pages each role may open: the menus ask ``may_open`` and the views guard with ``PAGES`` (one table).
PAGES: dict[str, frozenset[Role]] = {
    "section_documents": frozenset({Role.DRAFTER, Role.SECTION_HEAD}),
    "upload": frozenset({Role.DRAFTER}),
    "queue": frozenset({Role.REVIEWER}),
    "validity": frozenset({Role.REVIEWER}),
    "requests": frozenset({Role.REQUEST_OFFICER, Role.AUDITOR, Role.ADMIN}),
    "rereview": frozenset({Role.REVIEWER, Role.SIGNATORY, Role.AUDITOR, Role.ADMIN}),
    "section_rereview": frozenset({Role.DRAFTER, Role.SECTION_HEAD}),
    "audit": frozenset({Role.AUDITOR, Role.REVIEWER, Role.ADMIN}),
}


def may_open(role: Role, page: str) -> bool:
    return role in PAGES[page]


#: Roles that see every document; drafters and section heads see their own section's only.
OFFICE_ROLES = frozenset({Role.REVIEWER, Role.SIGNATORY, Role.AUDITOR, Role.ADMIN})


@dataclass(frozen=True)
class Actor:
    id: int
    role: Role
    section_id: int | None


@dataclass(frozen=True)
class DocRef:
    state: DocState
    drafter_id: int
    section_id: int
    #: Users the admin named as additional 签发人 for this document's section.
    signers: frozenset[int] = frozenset()


#: Actions an additional signatory of the section may take as the 签发人 does.
SIGNING = frozenset({"sign", "send_back"})


def transition(state: DocState, action: str) -> Transition | None:
    return _BY_KEY.get((state, action))


def can_view(actor: Actor, doc: DocRef) -> bool:
    if actor.role in OFFICE_ROLES:
        return True
    if actor.role in (Role.DRAFTER, Role.SECTION_HEAD):
        return actor.section_id == doc.section_id
    if actor.role is Role.REQUEST_OFFICER:
        return doc.state is DocState.ISSUED
    return False


@dataclass(frozen=True)
class Denial:
    """Why an actor may not act (Chinese); ``self_review`` marks the separation-of-duties rule."""

    message: str
    self_review: bool = False


def refusal(actor: Actor, doc: DocRef, action: str) -> Denial | None:
    """Why ``actor`` may not do ``action`` on ``doc`` now, or None if they may."""
    t = transition(doc.state, action)
    if t is None:
        return Denial(f"当前状态“{doc.state.label}”下不能执行此操作。")
    if actor.role not in t.roles and not (action in SIGNING and actor.id in doc.signers):
        return Denial("您的角色无权执行此操作。")
    if t.own_section:
        if actor.section_id != doc.section_id:
            return Denial("只能处理本科室的文件。")
        if actor.role is Role.DRAFTER and actor.id != doc.drafter_id and action in ("accept_change", "object"):
            return Denial("只有拟稿人本人可以对属性调整表态。")
        if actor.role is Role.SECTION_HEAD and actor.id == doc.drafter_id:
            return Denial("不能确认本人起草的文件（职责分离）。", self_review=True)
    elif actor.id == doc.drafter_id:
        return Denial("不能审核、裁定或签发本人起草的文件（职责分离）。", self_review=True)
    return None


def may(actor: Actor, doc: DocRef, action: str) -> bool:
    return refusal(actor, doc, action) is None


def allowed_actions(actor: Actor, doc: DocRef) -> list[Transition]:
    return [t for t in TRANSITIONS if t.source is doc.state and may(actor, doc, t.action)]


def submit_target(requires_head_review: bool) -> DocState:
    return DocState.SUBMITTED if requires_head_review else DocState.OFFICE_REVIEW
