"""The .xlsx downloads of the lists a clerk works from, each under the filters shown on its page.

Read-only: each export is the page's own query without the page limit, written by review/xlsx.py.
The staff catalogue is written in the ledger's columns (operations/ledger.HEADERS), so an office can
export its 台账 and import it again.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from . import catalogue, inbox, queue, xlsx
from .enums import Attribute
from .models import User
from .operations.ledger import HEADERS


def catalogue_ledger(session: Session, attribute: Attribute, query: str | None, section_id: int | None) -> bytes:
    rows = catalogue.staff_rows(session, attribute, query, section_id)
    return xlsx.workbook(f"{attribute.label}目录", HEADERS, (
        [r.title, r.doc_number, r.signed_on, attribute.label, r.reason_label or "", r.reason_text or "",
         r.section_name, r.next_review_on, r.validity.label, r.original_filename or ""] for r in rows))


QUEUE_HEADERS = ("标题", "发文字号", "科室", "拟稿人", "声明属性", "提交时间", "待审天数", "阻止项", "提示项", "版本")


def reviewer_queue(session: Session, filt: queue.QueueFilter, now: dt.datetime, zone) -> bytes:
    """``now`` naive UTC as the queue takes it; times are written in the office's ``zone``."""
    select = queue.rows_query(filt, now).limit(None).offset(None)

    def local(moment):
        return moment.replace(tzinfo=dt.UTC).astimezone(zone).replace(tzinfo=None) if moment else None

    return xlsx.workbook("审核队列", QUEUE_HEADERS, (
        [r.title, r.doc_number or "", r.section_name, r.drafter_name, r.attribute.label if r.attribute else "未声明",
         local(r.submitted_at), (now - r.submitted_at).days if r.submitted_at else None,
         "有" if r.has_block else "", "有" if r.has_warn else "", r.version_count]
        for r in session.execute(select)))


INBOX_HEADERS = ("待办事项", "标题", "发文字号", "科室", "状态", "公开属性", "提交时间")


def inbox_lists(session: Session, user: User, zone) -> bytes:
    def local(moment):
        return moment.replace(tzinfo=dt.UTC).astimezone(zone).replace(tzinfo=None) if moment else None

    rows = []
    for heading, _total, docs in inbox.inbox(session, user, limit=10_000):
        rows.extend([heading, d.title, d.doc_number or "", d.section.name, d.state.label,
                     d.attribute.label if d.attribute else "未声明", local(d.submitted_at)] for d in docs)
    return xlsx.workbook("待办", INBOX_HEADERS, rows)
