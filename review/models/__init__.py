"""All models, imported here so Alembic and the app see one metadata."""
from .audit import AuditEvent
from .decisions import Decision, DecisionKind
from .documents import Document, DocumentVersion, Finding, Interpretation
from .issuance import IssuedNumber, NumberPrefix
from .org import Section, User
from .reasons import ReasonCode
from .rereview import AttributeDecision, Outcome, ReReview, TaskState, UpstreamNotice

__all__ = [
    "AuditEvent", "Decision", "DecisionKind", "Document", "DocumentVersion", "Finding",
    "Interpretation", "IssuedNumber", "NumberPrefix", "ReasonCode", "Section", "User",
    "AttributeDecision", "Outcome", "ReReview", "TaskState", "UpstreamNotice",
]
