"""All models, imported here so Alembic and the app see one metadata."""
from .audit import AuditEvent
from .decisions import Decision, DecisionKind
from .documents import Document, DocumentVersion, Finding, Interpretation
from .holidays import HolidayDay, HolidayYear
from .issuance import IssuedNumber, NumberPrefix
from .org import Section, SectionSignatory, User
from .reasons import ReasonCode
from .requests import DisclosureRequest, RequestedDocument, RequestEvent, RequestLetter
from .rereview import AttributeDecision, Outcome, ReReview, TaskState, UpstreamNotice
from .security import LoginThrottle
from .settings import OfficeSetting

__all__ = [
    "AttributeDecision", "AuditEvent", "Decision", "DecisionKind", "DisclosureRequest", "Document",
    "DocumentVersion", "Finding", "HolidayDay", "HolidayYear", "Interpretation", "IssuedNumber", "LoginThrottle",
    "NumberPrefix", "OfficeSetting", "Outcome", "ReReview", "ReasonCode", "RequestEvent", "RequestLetter",
    "RequestedDocument", "Section", "SectionSignatory", "TaskState", "UpstreamNotice", "User",
]
