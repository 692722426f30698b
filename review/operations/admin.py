"""Administration: sections, users and 发文字号 代字. Like every operation: check, change, audit, flush."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import audit, passwords
from ..enums import Role
from ..errors import Refusal
from ..models import NumberPrefix, Section, User


def section_named(session: Session, name: str) -> Section | None:
    return session.scalar(select(Section).where(Section.name == name))


def create_section(session: Session, name: str, requires_head_review: bool = False,
                   actor_id: int | None = None) -> Section:
    name = name.strip()
    if not name:
        raise Refusal("请填写科室名称。")
    if section_named(session, name):
        raise Refusal(f"科室 {name} 已存在。")
    section = Section(name=name, requires_head_review=requires_head_review)
    session.add(section)
    session.flush()
    audit.append(session, actor_id=actor_id, action="section.create",
                 after={"name": name, "requires_head_review": requires_head_review})
    return section


def set_head_review(session: Session, name: str, required: bool, actor_id: int | None = None) -> Section:
    """Require (or not) the section head's confirmation before the office sees a submission."""
    section = section_named(session, name)
    if section is None:
        raise Refusal(f"科室 {name} 不存在。")
    before = section.requires_head_review
    section.requires_head_review = required
    session.flush()
    audit.append(session, actor_id=actor_id, action="section.head_review",
                 before={"requires_head_review": before}, after={"requires_head_review": required})
    return section


def create_user(session: Session, username: str, display_name: str, role: Role, password: str,
                section_name: str | None = None, actor_id: int | None = None) -> User:
    """A user; a section named for a drafter or section head is created if it does not exist."""
    if problem := passwords.problem(password, username):
        raise Refusal(problem)
    if role.belongs_to_section and not section_name:
        raise Refusal(f"{role.label}必须指定所属科室。")
    if session.scalar(select(User).where(User.username == username)):
        raise Refusal(f"用户名 {username} 已存在。")
    section = None
    if section_name:
        section = section_named(session, section_name) or create_section(session, section_name, actor_id=actor_id)
    user = User(username=username, display_name=display_name, role=role, section_id=section.id if section else None)
    user.set_password(password)
    session.add(user)
    session.flush()
    audit.append(session, actor_id=actor_id, action="user.create",
                 after={"username": username, "role": role, "section": section_name})
    return user


def create_prefix(session: Session, code: str, organ: str, doc_type: str,
                  actor_id: int | None = None) -> NumberPrefix:
    """A 代字 (e.g. 长卫办发) the office may issue numbers under."""
    if session.scalar(select(NumberPrefix).where(NumberPrefix.code == code)):
        raise Refusal(f"代字 {code} 已存在。")
    prefix = NumberPrefix(code=code, organ=organ, doc_type=doc_type)
    session.add(prefix)
    session.flush()
    audit.append(session, actor_id=actor_id, action="prefix.create",
                 after={"code": code, "organ": organ, "doc_type": doc_type})
    return prefix
