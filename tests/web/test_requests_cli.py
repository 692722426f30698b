"""`flask workdays …` through Flask's CLI runner, against the real calendar and database."""
from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from review.models import AuditEvent, HolidayDay


def test_workdays_add_prints_one_iso_date(app):
    # Thu 2026-09-24 + 5: Mid-Autumn (09-25..27) and National Day (10-01..07) are skipped, the make-up
    # days do not intervene: 09-28, 29, 30, 10-08, 10-09. Checked by hand against the 2026 notice.
    result = app.test_cli_runner().invoke(args=["workdays", "add", "2026-09-24", "5"])
    assert result.exit_code == 0, result.output
    assert result.stdout == "2026-10-09\n"
    assert result.stderr == ""


def test_workdays_add_refuses_a_bad_date(app):
    result = app.test_cli_runner().invoke(args=["workdays", "add", "2026-13-01", "5"])
    assert result.exit_code != 0 and "YYYY-MM-DD" in result.output


def test_entering_2027_changes_a_deadline_that_crosses_into_it(app, session):
    runner = app.test_cli_runner()
    before = runner.invoke(args=["workdays", "add", "2026-12-10", "20"])
    assert before.stdout == "2027-01-07\n"
    assert "2027年的法定节假日安排尚未录入" in before.stderr
    assert "未录入" in runner.invoke(args=["workdays", "holidays", "list", "2027"]).output

    entered = runner.invoke(args=["workdays", "holidays", "add", "2027", "--off", "2027-01-01..2027-01-03",
                                  "--off", "2027-02-06..2027-02-12", "--work", "2027-02-14",
                                  "--source", "示例：国务院办公厅2027年部分节假日安排的通知"])
    assert entered.exit_code == 0, entered.output
    assert "放假 10 天，调休上班 1 天" in entered.output
    after = runner.invoke(args=["workdays", "add", "2026-12-10", "20"])
    assert after.stdout == "2027-01-08\n" and after.stderr == ""
    # Sat 2027-02-13 is off anyway; Sun 02-14 is entered as a make-up working day.
    assert runner.invoke(args=["workdays", "add", "2027-02-05", "1"]).stdout == "2027-02-14\n"

    listing = runner.invoke(args=["workdays", "holidays", "list"]).output
    assert "2027\t已录入" in listing and "2004–2026" in listing
    days = runner.invoke(args=["workdays", "holidays", "list", "2027"]).output
    assert "2027-02-14\t调休上班" in days and "2027-01-01\t放假" in days
    assert session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                          .where(AuditEvent.action == "holidays.enter")) == 1


def test_bad_schedules_are_refused_and_change_nothing(app, session):
    runner = app.test_cli_runner()
    weekday = runner.invoke(args=["workdays", "holidays", "add", "2027", "--off", "2027-01-01", "--work", "2027-01-04"])
    assert weekday.exit_code != 0 and "周六或周日" in weekday.output
    stray = runner.invoke(args=["workdays", "holidays", "add", "2027", "--off", "2026-12-31"])
    assert stray.exit_code != 0 and "不在 2027 年内" in stray.output
    bad = runner.invoke(args=["workdays", "holidays", "add", "2027", "--off", "2027-02-10..2027-02-01"])
    assert bad.exit_code != 0 and "日期或日期范围无效" in bad.output
    assert session.scalar(sa.select(sa.func.count(HolidayDay.id))) == 0
    assert runner.invoke(args=["workdays", "holidays", "add", "2027", "--off", "2027-01-01"]).exit_code == 0
    again = runner.invoke(args=["workdays", "holidays", "add", "2027", "--off", "2027-01-02"])
    assert again.exit_code != 0 and "--replace" in again.output
    replaced = runner.invoke(args=["workdays", "holidays", "add", "2027", "--off", "2027-01-02", "--replace"])
    assert replaced.exit_code == 0, replaced.output
    session.rollback()
    assert session.scalars(sa.select(HolidayDay.day)).all() == [dt.date(2027, 1, 2)]
