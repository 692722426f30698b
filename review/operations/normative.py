"""规范性文件: the office marks an issued document as one and records its repeal (yearly report table 2)."""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from .. import audit, clock
from ..enums import Validity
from ..errors import Refusal
from ..models import Document, User
from .common import guard


def set_normative(session: Session, actor: User, doc: Document, expected_lock: int | None, is_normative: bool,
                  repealed_on: dt.date | None, now: dt.datetime) -> bool:
    """Record whether ``doc`` is a 规范性文件 and the day it was repealed; a repeal also makes its 有效性
    已废止. The same office permission as 有效性. False when nothing changed."""
    guard(actor, doc, "set_validity", expected_lock)
    if repealed_on is not None:
        if not is_normative:
            raise Refusal("只有规范性文件才记录废止日期；请先勾选“规范性文件”。")
        if doc.signed_on and repealed_on < doc.signed_on:
            raise Refusal(f"废止日期不能早于成文日期（{doc.signed_on.isoformat()}）。")
        if repealed_on > clock.local_date(now):
            raise Refusal("废止日期不能晚于今天。")
    if (doc.is_normative, doc.repealed_on) == (is_normative, repealed_on):
        return False
    before = {"is_normative": doc.is_normative, "repealed_on": doc.repealed_on, "validity": doc.validity}
    doc.is_normative, doc.repealed_on = is_normative, repealed_on
    if repealed_on is not None:
        doc.validity = Validity.REPEALED
    session.flush()
    audit.append(session, actor_id=actor.id, action="document.set_normative", document_id=doc.id, before=before,
                 after={"is_normative": is_normative, "repealed_on": repealed_on, "validity": doc.validity})
    return True
