"""The 发文稿纸: what the paper form of an outgoing document carries, read from its record.

Read-only: the print view shows it, tests check it without a browser.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .enums import Attribute
from .models import Decision, DecisionKind, Document, IssuedNumber, NumberPrefix

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


def paper_form(session: Session, doc: Document, local) -> PaperForm:
    """The form's fields; ``local`` turns a stored UTC time into the office's date."""
    decisions = session.scalars(sa.select(Decision).where(Decision.document_id == doc.id).order_by(Decision.id)).all()
    version = doc.current_version
    parsed = version.elements if version else {}
    copy_to = next((m.group(1).strip() for m in map(_COPY_TO.search, (version.text if version else "").splitlines())
                    if m), "")
    organ = session.scalar(sa.select(NumberPrefix.organ).join(IssuedNumber).where(IssuedNumber.document_id == doc.id))
    checked = _last(decisions, DecisionKind.APPROVE, DecisionKind.CHANGE_ATTRIBUTE, DecisionKind.RULING)
    signed = _last(decisions, DecisionKind.SIGN)
    reason = doc.reason if doc.attribute and doc.attribute.restricted else None
    return PaperForm(
        organ=organ or parsed.get("issuer") or "",
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
