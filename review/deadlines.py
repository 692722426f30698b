"""The statutory due date of a disclosure request, recomputed from its events and explained (pure).

条例 第三十三条: answer within 20 working days of receipt; with the 工作机构负责人's approval the period
may be extended by at most 20 working days, and the requester told. 第三十条: a 补正 must be asked
for within 7 working days of receipt, and the period runs from the day the 补正 is received.
第三十四条 (with 第三十二条): the time spent consulting a third party or another organ is not counted.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .workdays import Calendar, not_entered_message

ANSWER_DAYS = 20
MAX_EXTENSION = 20
CORRECTION_DAYS = 7
THIRD_PARTY_DAYS = 15
DUE_SOON_DAYS = 5


@dataclass(frozen=True)
class Consultation:
    start: dt.date
    end: dt.date | None
    #: "第三方" or "其他机关", for the explanation.
    whom: str = "第三方"
    party: str = ""


@dataclass(frozen=True)
class Clock:
    """What moves the clock, as plain data read from the request and its events."""

    received_on: dt.date
    correction_sent: dt.date | None = None
    correction_received: dt.date | None = None
    extension_days: int = 0
    extension_approver: str = ""
    extension_notified: dt.date | None = None
    consultations: tuple[Consultation, ...] = ()


@dataclass
class Deadline:
    #: None while the clock is stopped (补正 awaited, consultation under way).
    due: dt.date | None
    steps: list[str] = field(default_factory=list)
    #: Why there is no due date now.
    paused: str = ""
    #: Last day to send a 补正 (第三十条).
    correction_by: dt.date | None = None
    #: The original due date before the extension (an extension must be decided within it).
    due_before_extension: dt.date | None = None
    uncovered: frozenset[int] = frozenset()

    @property
    def warning(self) -> str:
        return not_entered_message(self.uncovered)


def compute(clock: Clock, calendar: Calendar) -> Deadline:
    received = clock.received_on
    uncovered: set[int] = set()

    def add(start: dt.date, n: int, skip=()) -> dt.date:
        result = calendar.add(start, n, skip)
        uncovered.update(result.uncovered)
        return result.day

    correction_by = add(received, CORRECTION_DAYS)
    steps = [f"{received} 收到申请（条例第三十一条），答复期限为收到申请之日起 {ANSWER_DAYS} 个工作日（第三十三条）。"]
    start = received
    if clock.correction_sent:
        late = "，已超过第三十条规定的 7 个工作日" if clock.correction_sent > correction_by else ""
        steps.append(f"{clock.correction_sent} 发出补正通知（应于 {correction_by} 前发出{late}）。")
        if clock.correction_received is None:
            return Deadline(None, steps, "等待申请人补正：答复期限自收到补正之日起重新计算（第三十条）。",
                            correction_by, None, frozenset(uncovered))
        start = clock.correction_received
        steps.append(f"{start} 收到补正，答复期限自该日起重新计算 {ANSWER_DAYS} 个工作日（第三十条）。")

    stops = [c for c in clock.consultations if c.end is None or c.end >= start]
    closed = tuple((max(c.start, start + dt.timedelta(days=1)), c.end) for c in stops if c.end is not None)
    for c in stops:
        who = f"{c.whom}{('（' + c.party + '）') if c.party else ''}"
        if c.end is None:
            reply_by = add(c.start, THIRD_PARTY_DAYS)
            steps.append(f"{c.start} 起征求{who}意见，所需时间不计入答复期限（第三十四条）"
                         + (f"；第三方应于 {reply_by} 前提出意见（第三十二条）。" if c.whom == "第三方" else "。"))
        else:
            paused = calendar.between(c.start - dt.timedelta(days=1), c.end)
            steps.append(f"{c.start} 至 {c.end} 征求{who}意见，其间 {paused} 个工作日不计入答复期限（第三十四条）。")
    if any(c.end is None for c in stops):
        return Deadline(None, steps, "征求意见期间期限中止：收到意见（或期满）后登记“征求意见结束”，期限继续计算。",
                        correction_by, None, frozenset(uncovered))

    due_before = add(start, ANSWER_DAYS, closed)
    due = due_before
    if clock.extension_days:
        due = add(start, ANSWER_DAYS + clock.extension_days, closed)
        told = f"，{clock.extension_notified} 已告知申请人" if clock.extension_notified else ""
        steps.append(f"经工作机构负责人 {clock.extension_approver} 同意，延长 {clock.extension_days} 个工作日"
                     f"（第三十三条第二款；原期限 {due_before}{told}）。")
    steps.append(f"答复期限：{due}。")
    return Deadline(due, steps, "", correction_by, due_before, frozenset(uncovered))


@dataclass(frozen=True)
class Status:
    """Where an open request stands on ``today``."""

    overdue: bool
    due_soon: bool
    #: Working days left after today up to the due date (0 on the due date itself).
    remaining: int | None

    @property
    def label(self) -> str:
        if self.overdue:
            return "已逾期"
        if self.due_soon:
            return f"即将到期（剩 {self.remaining} 个工作日）"
        return ""


def status(due: dt.date | None, today: dt.date, calendar: Calendar, answered: bool = False) -> Status:
    if answered or due is None:
        return Status(False, False, None)
    if today > due:
        return Status(True, False, None)
    remaining = calendar.between(today, due)
    return Status(False, remaining <= DUE_SOON_DAYS, remaining)


def soon_threshold(today: dt.date, calendar: Calendar) -> dt.date:
    """The last due date that counts as due soon on ``today`` (for SQL filters)."""
    return calendar.add(today, DUE_SOON_DAYS).day
