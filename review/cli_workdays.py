"""`flask workdays …`: working-day arithmetic and the entered holiday schedules (thin click commands)."""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

from .cli import writer
from .extensions import db
from .holidays import entered_years, load_calendar
from .operations import holidays as holiday_ops
from .workdays import LIBRARY_YEARS, parse_days

workdays_cli = AppGroup("workdays", help="工作日与法定节假日")
holidays_cli = AppGroup("holidays", help="录入国务院办公厅公布的年度节假日安排")
workdays_cli.add_command(holidays_cli)


def _date(_ctx, _param, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"日期格式应为 YYYY-MM-DD：{value}") from None


def _days(specs: tuple[str, ...]) -> list[dt.date]:
    days: list[dt.date] = []
    for spec in specs:
        try:
            days.extend(parse_days(spec))
        except ValueError:
            example = "2027-02-06 或 2027-02-06..2027-02-12"
            raise click.BadParameter(f"日期或日期范围无效：{spec}（例：{example}）") from None
    return days


@workdays_cli.command("add")
@click.argument("start", callback=_date)
@click.argument("n", type=click.IntRange(0, 1000))
def add(start: dt.date, n: int) -> None:
    """Print the date N working days after START (START itself not counted)."""
    result = load_calendar(db.session).add(start, n)
    click.echo(result.day.isoformat())
    if result.uncovered:
        click.echo(result.warning, err=True)


@holidays_cli.command("add")
@click.argument("year", type=int)
@click.option("--off", "off", multiple=True, required=True,
              help="放假日期或范围，可重复，例 --off 2027-10-01..2027-10-07")
@click.option("--work", "work", multiple=True, help="调休上班的周六或周日，可重复，例 --work 2027-09-26")
@click.option("--source", default="", help="依据，如 国办发明电〔2026〕X号")
@click.option("--replace", is_flag=True, help="更正已录入的年份")
@writer
def add_year(year: int, off: tuple[str, ...], work: tuple[str, ...], source: str, replace: bool) -> None:
    """Enter YEAR's official holidays and make-up working days (they take precedence over the library)."""
    row = holiday_ops.enter_year(db.session, None, year, _days(off), _days(work), source, replace)
    db.session.commit()
    off_days = sum(not d.is_workday for d in row.days)
    click.echo(f"已录入 {year} 年节假日安排：放假 {off_days} 天，调休上班 {len(row.days) - off_days} 天。")


@holidays_cli.command("list")
@click.argument("year", type=int, required=False)
def list_years(year: int | None) -> None:
    """Entered years (or one year's days), and the years the library covers."""
    rows = [r for r in entered_years(db.session) if year is None or r.year == year]
    if year is not None and not rows:
        where = "由日历库提供" if year in LIBRARY_YEARS else "未录入，期限按周末推算"
        click.echo(f"{year} 年：{where}")
        return
    for row in rows:
        click.echo(f"{row.year}\t已录入\t{row.source or '—'}")
        if year is not None:
            for d in row.days:
                click.echo(f"{d.day.isoformat()}\t{'调休上班' if d.is_workday else '放假'}")
    if year is None:
        click.echo(f"日历库覆盖：{min(LIBRARY_YEARS)}–{max(LIBRARY_YEARS)} 年")
