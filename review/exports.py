"""The .xlsx downloads of the lists a clerk works from, each under the filters shown on its page.

Read-only: each export is the page's own query without the page limit, written by review/xlsx.py.
The staff catalogue is written in the ledger's columns (operations/ledger.HEADERS), so an office can
export its 台账 and import it again.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from . import catalogue, clock, inbox, queue, request_queries, rereview_queue, xlsx
from .enums import Attribute
from .models import User
from .operations.ledger import HEADERS
from .request_enums import RequestState


def catalogue_ledger(session: Session, attribute: Attribute, query: str | None, section_id: int | None) -> bytes:
    rows = catalogue.staff_rows(session, attribute, query, section_id)
    return xlsx.workbook(f"{attribute.label}目录", HEADERS, (
        [r.title, r.doc_number, r.signed_on, attribute.label, r.reason_label or "", r.reason_text or "",
         r.section_name, r.next_review_on, r.validity.label, r.original_filename or ""] for r in rows))


QUEUE_HEADERS = ("标题", "发文字号", "科室", "拟稿人", "声明属性", "提交时间", "待审天数", "阻止项", "提示项", "版本")


def reviewer_queue(session: Session, filt: queue.QueueFilter, now: dt.datetime, zone) -> bytes:
    """``now`` naive UTC as the queue takes it; times are written in the office's ``zone``."""
    select = queue.rows_query(filt, now).limit(None).offset(None)

    return xlsx.workbook("审核队列", QUEUE_HEADERS, (
        [r.title, r.doc_number or "", r.section_name, r.drafter_name, r.attribute.label if r.attribute else "未声明",
         clock.from_stored(r.submitted_at, zone), (now - r.submitted_at).days if r.submitted_at else None,
         "有" if r.has_block else "", "有" if r.has_warn else "", r.version_count]
        for r in session.execute(select)))


INBOX_HEADERS = ("待办事项", "标题", "发文字号", "科室", "状态", "公开属性", "提交时间")


def inbox_lists(session: Session, user: User, zone, today: dt.date, overdue_days: int) -> bytes:
    rows = []
    for heading, _total, docs in inbox.inbox(session, user, today, limit=10_000, overdue_days=overdue_days):
        rows.extend([heading, d.title, d.doc_number or "", d.section.name, d.state.label,
                     d.attribute.label if d.attribute else "未声明", clock.from_stored(d.submitted_at, zone)]
                    for d in docs)
    return xlsx.workbook("待办", INBOX_HEADERS, rows)


# --- 定期审查 and 政府信息公开申请 (issue 11: every list a clerk works from) ---------------------------

REREVIEW_HEADERS = ("标题", "发文字号", "起草科室", "公开属性", "不公开理由", "开启原因", "到期日期", "开启日期",
                    "逾期", "状态")


def rereview_tasks(session: Session, filt: rereview_queue.TaskFilter, today: dt.date, overdue_days: int) -> bytes:
    """The office's re-review queue under ``filt``, every page of it, in the page's order and columns."""
    cutoff = rereview_queue.overdue_cutoff(today, overdue_days)
    select = rereview_queue.rows_query(filt, cutoff).limit(None).offset(None)
    return xlsx.workbook("定期审查", REREVIEW_HEADERS, (
        [r.title, r.doc_number or "", r.section_name, r.attribute.label if r.attribute else "未声明",
         r.reason_label or "（未填写）", r.trigger.label, r.due_on, r.opened_on,
         "已逾期" if r.opened_on < cutoff else "", r.state.label]
        for r in session.execute(select)))


SECTION_REREVIEW_HEADERS = ("标题", "发文字号", "开启原因", "开启日期", "状态", "审查结果", "生效日期",
                            "调整后公开属性")


def section_rereview(session: Session, section_id: int) -> bytes:
    """A drafting section's own documents under re-review (what /rereview/section shows, without its limit)."""
    rows = rereview_queue.section_tasks(session, section_id, limit=None)
    return xlsx.workbook("本科室定期审查", SECTION_REREVIEW_HEADERS, (
        [r.title, r.doc_number or "", r.trigger.label, r.opened_on, r.state.label, r.outcome_label or "",
         r.effective_on, r.attribute_after.label if r.attribute_after else ""] for r in rows))


REQUEST_HEADERS = ("编号", "申请人", "申请人类型", "申请方式", "收到日期", "所申请文件", "答复期限", "期限提示", "状态",
                   "答复结果", "答复日期")


def deadline_note(row: request_queries.Row) -> str:
    """The flags the registry shows beside the due date (requests/_due.html), as text."""
    req, notes = row.request, []
    if req.state is not RequestState.ANSWERED:
        if req.due_on is None:
            notes.append("期限中止")
        elif row.status.overdue:
            notes.append("已逾期")
        elif row.status.due_soon:
            notes.append(f"剩 {row.status.remaining} 个工作日")
    if row.uncovered:
        notes.append(f"{'、'.join(str(y) for y in sorted(row.uncovered))}年节假日未录入")
    return "；".join(notes)


def request_registry(session: Session, filt: request_queries.RegistryFilter, today: dt.date, calendar) -> bytes:
    """The request registry under ``filt``: every matching request, in the page's order."""
    rows, _total = request_queries.registry(session, filt, today, calendar, limit=None)
    return xlsx.workbook("政府信息公开申请", REQUEST_HEADERS, (
        [r.request.number, r.request.requester_name, r.request.requester_type.label, r.request.channel.label,
         r.request.received_on,
         "；".join(i.cited + ("" if i.document_id else "（未找到）") for i in r.request.items),
         r.request.due_on, deadline_note(r), r.request.state.label,
         r.request.outcome.full_label if r.request.outcome else "", r.request.answered_on]
        for r in rows))
