"""Operations commands that keep the instance trustworthy: verify, storage gc, backup, restore, and the
account commands that end sessions. Thin: parse arguments, call, commit, echo; non-zero exit on failure."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from . import backup as backups
from . import integrity
from .cli import writer
from .extensions import db
from .models import User
from .operations import accounts

storage_cli = AppGroup("storage", help="文件存储")


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _store():
    return current_app.extensions["store"]


def _anchor() -> Path | None:
    path = current_app.config.get("AUDIT_ANCHOR")
    return Path(path) if path else None


@storage_cli.command("gc")
@click.option("--grace-minutes", default=60, show_default=True, help="比此更新的文件一律保留（可能正在上传）")
@click.option("--dry-run", is_flag=True, help="只报告，不删除")
def storage_gc(grace_minutes: int, dry_run: bool) -> None:
    """Remove files no row names and partial .tmp files left by a killed process (idempotent)."""
    try:
        report = integrity.gc(db.session, _store(), _now(), dt.timedelta(minutes=grace_minutes), dry_run)
    except OSError as exc:
        raise click.ClickException(f"清理失败：{exc}") from None
    verb = "将删除" if dry_run else "已删除"
    for sha in report.removed_orphans:
        click.echo(f"{verb}孤立文件 {sha}")
    for path in report.removed_partial:
        click.echo(f"{verb}未完成的临时文件 {path}")
    for path in report.kept_unknown:
        click.echo(f"保留无法识别的条目 {path}（请人工检查）")
    click.echo(f"存储清理完成：孤立文件 {len(report.removed_orphans)} 个，临时文件 {len(report.removed_partial)} 个，"
               f"因未超过 {grace_minutes} 分钟而保留 {report.kept_young} 个。")


@click.command("verify")
def verify() -> None:
    """Re-hash every stored file, match rows and files both ways, check the audit chain and the documents."""
    report = integrity.verify(db.session, _store())
    for problem in report.problems:
        click.echo(problem, err=True)
    summary = (f"校验 {report.rows_checked} 条文件记录、{report.files_checked} 个存储文件、"
               f"{report.events_checked} 条操作日志、{report.documents_checked} 件文件的状态")
    if report.ok:
        click.echo(f"完整性校验通过：{summary}，未发现问题。")
        return
    click.echo(f"完整性校验失败：{summary}，发现 {len(report.problems)} 个问题。", err=True)
    sys.exit(1)


@click.command("backup")
@click.argument("dest", type=click.Path(file_okay=False, path_type=Path))
def backup(dest: Path) -> None:
    """Write a consistent copy of the database, the files it names and the audit anchor to DEST (empty)."""
    try:
        report = backups.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], _store(), _anchor(), dest, _now())
    except backups.Refusal as refusal:
        raise click.ClickException(refusal.message) from None
    except (OSError, backups.subprocess.CalledProcessError) as exc:
        raise click.ClickException(f"备份失败：{exc}") from None
    click.echo(f"备份完成：{dest}（数据库 {report.database}，文件 {report.files} 个）。")


@click.command("restore")
@click.argument("src", type=click.Path(file_okay=False, exists=True, path_type=Path))
def restore(src: Path) -> None:
    """Bring a backup back into an empty instance (empty database, empty file store)."""
    db.engine.dispose()  # the restore writes the database file itself
    try:
        report = backups.restore(src, current_app.config["SQLALCHEMY_DATABASE_URI"], _store(), _anchor())
    except backups.Refusal as refusal:
        raise click.ClickException(refusal.message) from None
    except (OSError, backups.subprocess.CalledProcessError) as exc:
        raise click.ClickException(f"恢复失败：{exc}") from None
    click.echo(f"恢复完成：数据库 {report.database}，文件 {report.files} 个。请运行 flask --app wsgi verify 核对。")


def _user(username: str) -> User:
    user = db.session.scalar(select(User).where(User.username == username))
    if user is None:
        raise click.ClickException(f"用户 {username} 不存在。")
    return user


def register(app, users_cli) -> None:
    @users_cli.command("password")
    @click.argument("username")
    @click.password_option(help="新密码（至少12位，不可为常见密码）")
    @writer
    def set_password(username: str, password: str) -> None:
        """Set a new password; every open session of the user ends."""
        accounts.change_password(db.session, _user(username), password)
        db.session.commit()
        click.echo(f"已修改 {username} 的密码，其所有已登录会话均已失效。")

    @users_cli.command("deactivate")
    @click.argument("username")
    @writer
    def deactivate(username: str) -> None:
        """The user can no longer log in; every open session ends now."""
        accounts.deactivate(db.session, _user(username))
        db.session.commit()
        click.echo(f"已停用 {username}，其所有已登录会话均已失效。")

    app.cli.add_command(storage_cli)
    app.cli.add_command(verify)
    app.cli.add_command(backup)
    app.cli.add_command(restore)
