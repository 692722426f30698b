"""Who may sign (签发) a section's documents besides the 签发人: an office setting, changed as an operation."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit
from ..enums import Role
from ..errors import Refusal
from ..models import Section, User

#: Roles that may be named: office staff who sign routine documents (never a drafter or section head,
#: who would sign their own section's work).
NAMEABLE = frozenset({Role.REVIEWER, Role.SIGNATORY})


def set_section_signatory(session: Session, section_name: str, username: str, named: bool,
                          actor_id: int | None = None) -> Section:
    section = session.scalar(select(Section).where(Section.name == section_name))
    if section is None:
        raise Refusal(f"科室 {section_name} 不存在。")
    user = session.scalar(select(User).where(User.username == username))
    if user is None or not user.active:
        raise Refusal(f"用户 {username} 不存在或已停用。")
    if user.role not in NAMEABLE:
        raise Refusal(f"只能指定办公室人员为科室的签发人（{user.display_name} 是{user.role.label}）。")
    before = sorted(u.username for u in section.signatories)
    if named and user not in section.signatories:
        section.signatories.append(user)
    elif not named and user in section.signatories:
        section.signatories.remove(user)
    session.flush()
    audit.append(session, actor_id=actor_id, action="section.signatories",
                 before={"section": section.name, "signatories": before},
                 after={"section": section.name, "signatories": sorted(u.username for u in section.signatories)})
    return section
