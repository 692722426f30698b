"""The 发文稿纸: what the paper form of an outgoing document carries, read from its record.

Read-only: the print view shows it, tests check it without a browser.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from . import office_settings
from .enums import Attribute
from .models import Decision, DecisionKind, Document, IssuedNumber, NumberPrefix, ReasonCode
from .models.rereview import AttributeDecision, Outcome, ReReview
from .requests_stats import requests_about

_COPY_TO = re.compile(r"抄\s*送\s*[:：]\s*(.+)")


@dataclass
class PaperForm:
    organ: str
    doc_number: str
    title: str
    recipients: str
    copy_to: str
    section: str
    drafter: str
    #: 核稿: the reviewer whose approval (or the drafter's acceptance of whose change) stands.
    checked_by: str
    checked_on: dt.date | None
    #: 会签: the co-issuing organs.
    countersigned: list[str]
    signed_by: str
    signed_on: dt.date | None
    signature_comment: str
    secrecy: str
    attribute: Attribute | None
    reason: str
    basis: str
    explanation: str
    policy: bool
    interpretations: int
    issued_on: dt.date | None
    decisions: list[Decision] = field(default_factory=list)

    @property
    def attribute_boxes(self) -> list[tuple[str, bool]]:
        return [(a.label, a is self.attribute) for a in Attribute]


def _last(decisions: list[Decision], *kinds: DecisionKind) -> Decision | None:
    return next((d for d in reversed(decisions) if d.kind in kinds), None)


def _organ(session: Session, doc: Document) -> str:
    """The organ printed on top: the one of the 代字 the document was numbered under, else the parsed
    issuer, else the office's own name."""
    organ = session.scalar(sa.select(NumberPrefix.organ).join(IssuedNumber).where(IssuedNumber.document_id == doc.id))
    parsed = doc.current_version.elements if doc.current_version else {}
    return organ or parsed.get("issuer") or office_settings.organ_name(session)


def paper_form(session: Session, doc: Document, local) -> PaperForm:
    """The form's fields; ``local`` turns a stored UTC time into the office's date."""
    decisions = session.scalars(sa.select(Decision).where(Decision.document_id == doc.id).order_by(Decision.id)).all()
    version = doc.current_version
    parsed = version.elements if version else {}
    copy_to = next((m.group(1).strip() for m in map(_COPY_TO.search, (version.text if version else "").splitlines())
                    if m), "")
    checked = _last(decisions, DecisionKind.APPROVE, DecisionKind.CHANGE_ATTRIBUTE, DecisionKind.RULING)
    signed = _last(decisions, DecisionKind.SIGN)
    reason = doc.reason if doc.attribute and doc.attribute.restricted else None
    return PaperForm(
        organ=_organ(session, doc),
        doc_number=doc.doc_number or "",
        title=doc.title,
        recipients=parsed.get("recipients") or "",
        copy_to=copy_to,
        section=doc.section.name,
        drafter=doc.drafter.display_name,
        checked_by=checked.actor.display_name if checked else "",
        checked_on=local(checked.created_at) if checked else None,
        countersigned=[x.strip() for x in (doc.co_issuers or "").splitlines() if x.strip()],
        signed_by=doc.signatory.display_name if doc.signatory else "",
        signed_on=doc.signature_date,
        signature_comment=signed.comment if signed else "",
        secrecy=parsed.get("secrecy") or "",
        attribute=doc.attribute,
        reason=reason.label if reason else "",
        basis=reason.basis if reason else "",
        explanation=doc.reason_text if reason else "",
        policy=doc.is_policy,
        interpretations=len(doc.interpretations),
        issued_on=doc.signed_on,
        decisions=list(decisions),
    )


@dataclass
class ReviewSheet:
    """The 审核单 of one re-review task (定期审查): what was under review, why, the drafting section's
    opinion, and what was decided, by whom and when — printed for the paper file beside the 发文稿纸."""

    organ: str
    task: ReReview
    doc: Document
    #: The attribute and reason the task started from (before its decision, if decided).
    attribute_before: Attribute | None
    reason_before: str
    basis_before: str
    explanation_before: str
    decision: AttributeDecision | None
    reason_after: str
    basis_after: str
    #: Earlier decisions on the document's attribute (the chain up to this task).
    earlier: list[AttributeDecision]
    #: 政府信息公开申请 about this document (a trigger of re-review, and what the reviewer weighed).
    requests: list

    @property
    def outcome_boxes(self) -> list[tuple[str, bool]]:
        chosen = self.decision.outcome if self.decision else None
        return [(o.label, o is chosen) for o in Outcome]


def review_sheet(session: Session, task: ReReview) -> ReviewSheet:
    doc = task.document
    decision = task.decision
    chain = session.scalars(sa.select(AttributeDecision).where(AttributeDecision.document_id == doc.id)
                            .order_by(AttributeDecision.id)).all()
    earlier = [d for d in chain if decision is None or d.id < decision.id]
    if decision is None:  # the document stands as the task found it
        before, reason, text = doc.attribute, doc.reason, doc.reason_text
    elif earlier:  # what the previous re-review left
        before, reason, text = decision.attribute_before, earlier[-1].reason, earlier[-1].reason_text
    else:  # what the document was issued with; a later decision overwrote the explanation on the record
        issuing = _last(session.scalars(sa.select(Decision).where(Decision.document_id == doc.id)
                                        .order_by(Decision.id)).all(),
                        DecisionKind.APPROVE, DecisionKind.CHANGE_ATTRIBUTE, DecisionKind.RULING)
        before, text = decision.attribute_before, ""
        reason = session.get(ReasonCode, issuing.reason_code) if issuing is not None and issuing.reason_code else None
    after_reason = decision.reason if decision else None
    return ReviewSheet(
        organ=_organ(session, doc), task=task, doc=doc, attribute_before=before,
        reason_before=reason.label if reason else "", basis_before=reason.basis if reason else "",
        explanation_before=text or "", decision=decision,
        reason_after=after_reason.label if after_reason else "", basis_after=after_reason.basis if after_reason else "",
        earlier=earlier, requests=requests_about(session, doc.id),
    )
