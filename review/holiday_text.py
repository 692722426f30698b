"""The holiday schedule as the admin types it from the State Council's notice: one date or one range
per line (``2027-01-01``, ``2027-02-10至2027-02-17``, ``2027年10月1日—2027年10月7日``) → the days.

Pure: no Flask, no database. Every refusal names the line in Chinese.
"""
from __future__ import annotations

import datetime as dt
import re

#: A date as offices write it: 2027-02-10, 2027/2/10, 2027.2.10 or 2027年2月10日.
_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
#: Between the two ends of a range: 至, 到, 〜, ~, .., or a dash surrounded by the dates.
_LINE = re.compile(rf"^{_DATE}(?:\s*(?:至|到|~|～|〜|\.\.|—+|－|–|--)\s*{_DATE})?$")
#: Several entries may share a line, separated by commas or 、；.
_SEPARATORS = re.compile(r"[,，、;；]")
#: No holiday block of the State Council's notice is longer; a longer range is a typing error.
LONGEST_RANGE = 31

EXAMPLE = "2027-01-01 或 2027-02-10至2027-02-17"


class DayTextError(ValueError):
    """A line that is not a date or a range; ``args[0]`` is the Chinese message."""


def _date(line_no: int, text: str, y: str, m: str, d: str) -> dt.date:
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        raise DayTextError(f"第 {line_no} 行“{text}”中的日期不存在。") from None


def parse_day_lines(text: str) -> list[dt.date]:
    """Every day named in ``text``, sorted, without repeats; blank lines are skipped."""
    days: set[dt.date] = set()
    for line_no, line in enumerate((text or "").splitlines(), start=1):
        for entry in _SEPARATORS.split(line):
            entry = entry.strip()
            if not entry:
                continue
            match = _LINE.match(entry)
            if not match:
                raise DayTextError(f"第 {line_no} 行“{entry}”不是日期或日期范围（例：{EXAMPLE}）。")
            start = _date(line_no, entry, *match.group(1, 2, 3))
            end = _date(line_no, entry, *match.group(4, 5, 6)) if match.group(4) else start
            if end < start:
                raise DayTextError(f"第 {line_no} 行“{entry}”的结束日期早于开始日期。")
            if (end - start).days >= LONGEST_RANGE:
                raise DayTextError(f"第 {line_no} 行“{entry}”超过 {LONGEST_RANGE} 天，请检查是否输错。")
            days.update(start + dt.timedelta(days=i) for i in range((end - start).days + 1))
    return sorted(days)


def as_lines(days: list[dt.date]) -> str:
    """The days written back as the admin would type them: consecutive days as one range per line."""
    lines: list[str] = []
    run: list[dt.date] = []
    for day in sorted(days):
        if run and day == run[-1] + dt.timedelta(days=1):
            run.append(day)
            continue
        if run:
            lines.append(_run_text(run))
        run = [day]
    if run:
        lines.append(_run_text(run))
    return "\n".join(lines)


def _run_text(run: list[dt.date]) -> str:
    return run[0].isoformat() if len(run) == 1 else f"{run[0].isoformat()}至{run[-1].isoformat()}"
