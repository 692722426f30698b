"""`flask --app wsgi rereview run`: the re-review sweep a cron job or systemd timer runs (DESIGN §6)."""
from __future__ import annotations

import datetime as dt

import click
from flask import current_app
from flask.cli import AppGroup

from . import clock, db_events, jobs
from .extensions import db

rereview_cli = AppGroup("rereview", help="定期审查")


def office_now() -> dt.datetime:
    """The edge's clock, in the office's time zone (domain code is handed this, never reads a clock);
    FIXED_NOW fixes it in tests, as for every view."""
    return clock.app_now(current_app.config)


@rereview_cli.command("run")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="按此日期判断是否到期（默认：今天，办公室时区）")
@click.option("--year-sweep", "sweep_year", type=click.IntRange(2000, 2100), default=None,
              help="年度清理：为该年底仍为依申请公开、不予公开的每件文件开启审查")
@click.option("--chunk-size", type=click.IntRange(1, 1_000_000), default=jobs.CHUNK, show_default=True,
              help="每批处理的文件编号范围（每批提交一次）")
@click.option("--pause", type=float, default=0.0, hidden=True, help="每批后暂停秒数（测试中断与续跑用）")
def run(today: dt.datetime | None, sweep_year: int | None, chunk_size: int, pause: float) -> None:
    """Open a re-review task for each restricted, issued document a trigger names; prints progress
    lines and the summary `opened N (due A, upstream B, requests C, sweep D); already open M`."""
    now = office_now()
    settings = jobs.office_job_settings(db.session, today.date() if today else now.date(), sweep_year=sweep_year,
                                        chunk=chunk_size)
    with db_events.writing():
        report = jobs.run(db.session, settings, now, progress=lambda line: click.echo(line, err=True),
                          pause=pause)
    click.echo(report.summary())
