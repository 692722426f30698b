"""`flask --app wsgi import ledger FILE.xlsx [--files DIR] [--dry-run] [--skip-bad]`: bring an office's
past documents and its 台账 in (operations/ledger.py does the work; this parses, echoes and commits)."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from . import clock, db_events
from .enums import Role
from .extensions import db
from .models import User
from .operations import ledger

import_cli = AppGroup("import", help="导入历史文件和台账")


def files_in(directory: Path | None):
    """Fetch a file named in the ledger from ``directory`` (names only: a row cannot reach outside it)."""
    if directory is None:
        return None

    def fetch(name: str) -> bytes | None:
        path = directory / Path(name.replace("\\", "/")).name
        return path.read_bytes() if path.is_file() else None

    return fetch


def summary(plan: ledger.Plan, result: ledger.Result | None) -> str:
    if result is None:
        return (f"共 {plan.total} 行：可导入 {plan.importable} 件，"
                f"已在系统中 {len(plan.existing)} 件，有问题 {len(plan.bad_rows)} 行。")
    return (f"共 {plan.total} 行：导入 {result.imported} 件，已在系统中（未改动）{result.existing} 件，"
            f"跳过有问题的 {result.skipped} 行。")


def _step(bar, total: int) -> None:
    bar.length = max(total, 1)
    bar.update(1)


@import_cli.command("ledger")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--files", "files_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="台账“文件名”列所指文件所在的目录")
@click.option("--dry-run", is_flag=True, help="只检查，不导入")
@click.option("--skip-bad", is_flag=True, help="跳过有问题的行，只导入正确的行")
@click.option("--by", "username", default=None, help="记为导入人的用户名（默认：第一个管理员）")
def import_ledger(file: Path, files_dir: Path | None, dry_run: bool, skip_bad: bool, username: str | None) -> None:
    """Check every row (and named file), report every problem, then import as issued documents."""
    actor = db.session.scalar(select(User).where(User.username == username) if username else
                              select(User).where(User.role == Role.ADMIN, User.active).order_by(User.id).limit(1))
    if actor is None:
        raise click.ClickException(f"找不到用户 {username}。" if username else "系统中还没有管理员，请先创建管理员。")
    data = file.read_bytes()
    plan = ledger.read_ledger(db.session, data)
    db.session.rollback()
    with click.progressbar(length=max(1, len(plan.rows)), label="检查文件") as bar:
        ledger.check_files(plan, files_in(files_dir), lambda _done, total: _step(bar, total))
    for problem in plan.problems:
        click.echo(str(problem), err=True)
    if dry_run or (plan.problems and not skip_bad):
        click.echo(summary(plan, None))
        if plan.problems and not skip_bad:
            click.echo("台账有问题，未导入任何文件。请修改后重新导入，或使用 --skip-bad 跳过有问题的行。", err=True)
        sys.exit(1 if plan.problems else 0)
    now = clock.app_now(current_app.config)
    with db_events.writing():
        with click.progressbar(length=max(1, len(plan.rows)), label="导入文件") as bar:
            try:
                result = ledger.apply(db.session, current_app.extensions["store"], actor, plan, now, skip_bad,
                                      lambda _done, total: _step(bar, total))
            except Exception:
                db.session.rollback()
                raise
        db.session.commit()
    click.echo(summary(plan, result))
