"""What every operation shares: the permission guard, the optimistic lock, the rule facts."""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Session

from .. import workflow
from ..enums import DocState, Severity
from ..errors import Forbidden, SelfReview, StaleVersion
from ..models import Decision, DecisionKind, Document, DocumentVersion, Finding, Interpretation, User
from ..office_settings import office_marking
from ..rules import Facts

STALE_MESSAGE = "该文件已被他人更新（例如已被审核或修改），您的操作未生效。请查看最新状态后再操作。"


def actor_of(user: User) -> workflow.Actor:
    return workflow.Actor(user.id, user.role, user.section_id)


def ref_of(doc: Document) -> workflow.DocRef:
    signers = frozenset(u.id for u in doc.section.signatories) if doc.state is DocState.APPROVED else frozenset()
    return workflow.DocRef(doc.state, doc.drafter_id, doc.section_id, signers)


def guard(user: User, doc: Document, action: str, expected_lock: int | None) -> workflow.Transition:
    """Refuse unless ``user`` may do ``action`` on ``doc`` as the form saw it."""
    if not workflow.can_view(actor_of(user), ref_of(doc)):
        raise Forbidden("您无权查看或处理该文件。")
    if expected_lock is not None and expected_lock != doc.lock_version:
        raise StaleVersion(STALE_MESSAGE)
    denial = workflow.refusal(actor_of(user), ref_of(doc), action)
    if denial is not None:
        raise (SelfReview if denial.self_review else Forbidden)(denial.message)
    return workflow.transition(doc.state, action)


def snapshot(doc: Document, *fields: str) -> dict:
    return {f: getattr(doc, f) for f in fields}


def upstream_record(session: Session, number: str | None) -> Document | None:
    """The upstream document if it was issued through this system."""
    if not number:
        return None
    return session.scalar(
        sa.select(Document).where(Document.doc_number == number, Document.state == DocState.ISSUED).limit(1)
    )


def _decided_on(session: Session, version: DocumentVersion | None, kind: DecisionKind) -> bool:
    return version is not None and session.scalar(
        sa.select(sa.func.count(Decision.id)).where(Decision.version_id == version.id, Decision.kind == kind)
    ) > 0


def acknowledged_codes(session: Session, doc: Document) -> set[str]:
    """Warning codes the office has acknowledged on any version of ``doc``."""
    return set(session.scalars(
        sa.select(Finding.code).join(DocumentVersion).where(
            DocumentVersion.document_id == doc.id, Finding.severity == Severity.WARN,
            Finding.acknowledged_at.is_not(None))
    ))


def facts_for(session: Session, doc: Document) -> Facts:
    version = doc.current_version
    upstream = upstream_record(session, doc.upstream_number)
    return Facts(
        attribute=doc.attribute,
        reason_code=doc.reason_code,
        reason_fits=tuple(doc.reason.fits) if doc.reason else (),
        reason_text=doc.reason_text or "",
        upstream_number=doc.upstream_number,
        # A record in the system is authoritative over what the drafter typed.
        upstream_attribute=upstream.attribute if upstream else doc.upstream_attribute,
        upstream_override=_decided_on(session, version, DecisionKind.OVERRIDE_UPSTREAM),
        is_forwarding=doc.is_forwarding,
        is_policy=doc.is_policy,
        has_interpretation=bool(doc.interpretations),
        co_issuers=doc.co_issuers or "",
        title=doc.title or "",
        doc_number=doc.doc_number,
        parsed=version.elements if version else {},
        text=version.text if version else "",
        marking_attested=_decided_on(session, version, DecisionKind.ATTEST_MARKING),
        office_marking=office_marking(session, doc.attribute) if doc.attribute else None,
    )


def file_referenced(session: Session):
    """A check, run after a rollback on a fresh connection, whether any row names a stored file."""
    engine = session.get_bind()

    def check(sha: str) -> bool:
        with engine.connect() as conn:
            for model in (DocumentVersion, Interpretation):
                if conn.scalar(sa.select(sa.func.count()).where(model.sha256 == sha)):
                    return True
        return False

    return check
