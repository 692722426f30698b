"""Administration: sections, users and 发文字号 代字. Like every operation: check, change, audit, flush."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import audit, office_settings, passwords
from ..enums import Attribute, Role
from ..errors import Refusal
from ..models import Document, NumberPrefix, OfficeSetting, ReasonCode, Section, User


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
                section_name: str | None = None, actor_id: int | None = None,
                must_change_password: bool = False) -> User:
    """A user; a section named for a drafter or section head is created if it does not exist.
    ``must_change_password``: the admin chose a first password the user replaces at first login."""
    username, display_name = username.strip(), display_name.strip()
    if not username or not display_name:
        raise Refusal("请填写用户名和姓名。")
    if problem := passwords.problem(password, username):
        raise Refusal(problem)
    if role.belongs_to_section and not section_name:
        raise Refusal(f"{role.label}必须指定所属科室。")
    if session.scalar(select(User).where(User.username == username)):
        raise Refusal(f"用户名 {username} 已存在。")
    section = None
    if section_name:
        section = section_named(session, section_name) or create_section(session, section_name, actor_id=actor_id)
    user = User(username=username, display_name=display_name, role=role, section_id=section.id if section else None,
                must_change_password=must_change_password)
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


# --- Changes made from the admin pages -------------------------------------------------------------

def _user(session: Session, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise Refusal("用户不存在。")
    return user


def update_user(session: Session, user_id: int, role: Role, section_id: int | None,
                actor_id: int | None = None) -> User:
    """Change a user's role and section (drafters and section heads belong to one; office roles to none)."""
    user = _user(session, user_id)
    if role.belongs_to_section:
        if section_id is None or session.get(Section, section_id) is None:
            raise Refusal(f"{role.label}必须指定所属科室。")
    else:
        section_id = None
    if user.id == actor_id and role is not Role.ADMIN:
        raise Refusal("不能取消自己的管理员角色，以免系统无人管理。")
    before = {"role": user.role, "section_id": user.section_id}
    user.role, user.section_id = role, section_id
    session.flush()
    audit.append(session, actor_id=actor_id, action="user.update", before=before,
                 after={"username": user.username, "role": role, "section_id": section_id})
    return user


def set_user_active(session: Session, user_id: int, active: bool, actor_id: int | None = None) -> User:
    """Deactivate (or reactivate) a user. A deactivated user cannot log in and their open sessions end
    (the login loader refuses inactive users on every request)."""
    user = _user(session, user_id)
    if user.id == actor_id and not active:
        raise Refusal("不能停用自己的账号。")
    if user.active == active:
        raise Refusal(f"用户 {user.username} 已是{'启用' if active else '停用'}状态。")
    user.active = active
    user.session_version = (user.session_version or 0) + 1  # open sessions end at once
    session.flush()
    audit.append(session, actor_id=actor_id, action="user.activate" if active else "user.deactivate",
                 after={"username": user.username, "active": active})
    return user


def reset_password(session: Session, user_id: int, password: str, actor_id: int | None = None) -> User:
    """A new password chosen by the admin; the user must replace it at the next login."""
    user = _user(session, user_id)
    if problem := passwords.problem(password, user.username):
        raise Refusal(problem)
    user.set_password(password)
    user.must_change_password = True
    user.session_version = (user.session_version or 0) + 1  # the old password's sessions end
    session.flush()
    audit.append(session, actor_id=actor_id, action="user.reset_password", after={"username": user.username})
    return user


def change_own_password(session: Session, user: User, current: str, new: str, repeat: str) -> User:
    """The user replaces their password (forced after a reset or a first password set by the admin)."""
    if not user.check_password(current):
        raise Refusal("当前密码不正确。")
    if new != repeat:
        raise Refusal("两次输入的新密码不一致。")
    if problem := passwords.problem(new, user.username):
        raise Refusal(problem)
    if new == current:
        raise Refusal("新密码不能与当前密码相同。")
    user.set_password(new)
    user.must_change_password = False
    user.session_version = (user.session_version or 0) + 1  # every other session ends
    session.flush()
    audit.append(session, actor_id=user.id, action="user.change_password", after={"username": user.username})
    return user


def update_section(session: Session, section_id: int, name: str, requires_head_review: bool,
                   actor_id: int | None = None) -> Section:
    """Rename a section and set whether its head confirms submissions before the office sees them."""
    section = session.get(Section, section_id)
    if section is None:
        raise Refusal("科室不存在。")
    name = name.strip()
    if not name:
        raise Refusal("请填写科室名称。")
    other = section_named(session, name)
    if other is not None and other.id != section.id:
        raise Refusal(f"科室 {name} 已存在。")
    before = {"name": section.name, "requires_head_review": section.requires_head_review}
    section.name, section.requires_head_review = name, requires_head_review
    session.flush()
    audit.append(session, actor_id=actor_id, action="section.update", before=before,
                 after={"name": name, "requires_head_review": requires_head_review})
    return section


def update_prefix(session: Session, prefix_id: int, organ: str, doc_type: str, active: bool,
                  actor_id: int | None = None) -> NumberPrefix:
    """Change a 代字's organ and type, or stop issuing under it (numbers already issued stay)."""
    prefix = session.get(NumberPrefix, prefix_id)
    if prefix is None:
        raise Refusal("代字不存在。")
    if not organ.strip() or not doc_type.strip():
        raise Refusal("请填写发文机关和文种。")
    before = {"organ": prefix.organ, "doc_type": prefix.doc_type, "active": prefix.active}
    prefix.organ, prefix.doc_type, prefix.active = organ.strip(), doc_type.strip(), active
    session.flush()
    audit.append(session, actor_id=actor_id, action="prefix.update", before=before,
                 after={"code": prefix.code, "organ": prefix.organ, "doc_type": prefix.doc_type, "active": active})
    return prefix


def _reason_values(label: str, fits: list[str], review_months: int) -> tuple[str, list[str]]:
    label = label.strip()
    if not label:
        raise Refusal("请填写理由名称。")
    fits = [a.value for a in Attribute if a.value in fits and a.restricted]
    if not fits:
        raise Refusal("请至少选择一种适用的公开属性（依申请公开或不予公开）。")
    if not 1 <= review_months <= 120:
        raise Refusal("默认复审间隔应为 1 至 120 个月。")
    return label, fits


def create_reason(session: Session, code: str, label: str, basis: str, fits: list[str], review_months: int,
                  actor_id: int | None = None) -> ReasonCode:
    code = code.strip()
    if not code or not code.replace("_", "").isalnum() or not code.isascii():
        raise Refusal("代码只能由英文字母、数字和下划线组成。")
    if session.get(ReasonCode, code) is not None:
        raise Refusal(f"理由代码 {code} 已存在。")
    label, fits = _reason_values(label, fits, review_months)
    position = (session.scalar(select(func.max(ReasonCode.position))) or 0) + 1
    reason = ReasonCode(code=code, label=label, basis=basis.strip(), fits=fits, review_months=review_months,
                        position=position, active=True)
    session.add(reason)
    session.flush()
    audit.append(session, actor_id=actor_id, action="reason.create",
                 after={"code": code, "label": label, "fits": fits, "review_months": review_months})
    return reason


def reason_in_use(session: Session, code: str) -> bool:
    return session.scalar(select(Document.id).where(Document.reason_code == code).limit(1)) is not None


def update_reason(session: Session, code: str, label: str, basis: str, fits: list[str], review_months: int,
                  retired: bool, actor_id: int | None = None) -> ReasonCode:
    """Edit a reason code; a retired code is no longer offered but stays on the documents that cite it
    (codes are never deleted: the yearly report counts them)."""
    reason = session.get(ReasonCode, code)
    if reason is None:
        raise Refusal("理由代码不存在。")
    label, fits = _reason_values(label, fits, review_months)
    before = {"label": reason.label, "basis": reason.basis, "fits": reason.fits,
              "review_months": reason.review_months, "retired": not reason.active}
    reason.label, reason.basis, reason.fits = label, basis.strip(), fits
    reason.review_months, reason.active = review_months, not retired
    session.flush()
    audit.append(session, actor_id=actor_id, action="reason.update", before=before,
                 after={"code": code, "label": label, "basis": reason.basis, "fits": fits,
                        "review_months": review_months, "retired": retired})
    return reason


def update_settings(session: Session, values: dict[str, object], actor_id: int | None = None) -> dict:
    """Store the office settings given in ``values`` (unknown keys refused); returns what changed."""
    unknown = set(values) - set(office_settings.BY_KEY)
    if unknown:
        raise Refusal(f"未知的设置项：{'、'.join(sorted(unknown))}。")
    clean: dict[str, object] = {}
    for key, value in values.items():
        label = office_settings.BY_KEY[key].label
        if key in office_settings.INTEGER_KEYS:
            try:
                value = int(str(value).strip())
            except ValueError:
                raise Refusal(f"{label}应为整数。") from None
            if not 1 <= value <= 120:
                raise Refusal(f"{label}应在 1 至 120 之间。")
        else:
            value = str(value or "").strip()
            if key.startswith("marking_"):
                value = value.strip("（）() ")
                if not value:
                    raise Refusal(f"请填写{label}。")
        if key == "index_scheme":
            problem = office_settings.scheme_problem(value)
            if problem:
                raise Refusal(problem)
        clean[key] = value
    current = office_settings.all_settings(session)
    changed = {k: v for k, v in clean.items() if current[k] != v}
    if not changed:
        return {}
    for key, value in changed.items():
        row = session.get(OfficeSetting, key)
        if row is None:
            session.add(OfficeSetting(key=key, value=value))
        else:
            row.value = value
    session.flush()
    audit.append(session, actor_id=actor_id, action="settings.update",
                 before={k: current[k] for k in changed}, after=changed)
    return changed
