"""`flask report year YEAR [--section NAME] --xlsx FILE`: the yearly audit's workbook from the command line."""
from __future__ import annotations

from pathlib import Path

import click
import sqlalchemy as sa
from flask import current_app
from flask.cli import AppGroup

from . import clock, reports, reports_xlsx
from .extensions import db
from .models import Section

report_cli = AppGroup("report", help="年度审计报表")


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@report_cli.command("year")
@click.argument("year", type=click.IntRange(2000, 2100))
@click.option("--section", "section_name", default=None, help="只统计一个科室（科室名称）")
@click.option("--xlsx", "path", required=True, type=click.Path(dir_okay=False, writable=True), help="写入的 .xlsx 文件")
def year_report(year: int, section_name: str | None, path: str) -> None:
    """Write the year's audit workbook; print its path and one summary line."""
    section_id = None
    if section_name:
        section_id = db.session.scalar(sa.select(Section.id).where(Section.name == section_name))
        if section_id is None:
            raise click.ClickException(f"科室“{section_name}”不存在。")
    now = clock.app_now(current_app.config)
    office = reports.office_name(db.session, current_app.config.get("OFFICE_NAME"))
    target = Path(path)
    try:
        out = target.open("wb")
    except OSError as exc:
        raise click.ClickException(f"无法写入 {path}：{exc.strerror or exc}") from None
    try:
        with out:  # the ledger is streamed into the file as it is read, not built in memory
            figures = reports_xlsx.export(db.session, year, section_id, clock.local_date(now), office, out)
    except BaseException as exc:
        target.unlink(missing_ok=True)  # no half-written workbook left behind
        if isinstance(exc, OSError):
            raise click.ClickException(f"无法写入 {path}：{exc.strerror or exc}") from None
        raise
    click.echo(str(target.resolve()))
    f = figures
    click.echo(f"{year}年{'（' + section_name + '）' if section_name else ''}：发文 {f.this.issued} 件，"
               f"主动公开率 {_percent(f.this.active_rate)}，限制公开 {f.this.restricted} 件"
               f"（上年 {f.previous.restricted} 件），逾期公开 {f.late_count} 件，台账 {f.ledger_count} 件，"
               f"表三核对{'相符' if f.table3.balanced() else '不符'}。")
