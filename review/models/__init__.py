"""All models, imported here so Alembic and the app see one metadata."""
from .audit import AuditEvent
from .decisions import Decision, DecisionKind
from .documents import Document, DocumentVersion, Finding, Interpretation
from .holidays import HolidayDay, HolidayYear
from .issuance import IssuedNumber, NumberPrefix
from .org import Section, SectionSignatory, User
from .reasons import ReasonCode
from .requests import DisclosureRequest, RequestedDocument, RequestEvent, RequestLetter
from .security import LoginThrottle
from .settings import OfficeSetting

__all__ = [
    "AuditEvent", "Decision", "DecisionKind", "DisclosureRequest", "Document", "DocumentVersion", "Finding",
    "HolidayDay", "HolidayYear", "Interpretation", "IssuedNumber", "LoginThrottle", "NumberPrefix", "OfficeSetting",
    "ReasonCode", "RequestEvent", "RequestLetter", "RequestedDocument", "Section", "SectionSignatory", "User",
]
