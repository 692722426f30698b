"""Thin click commands: parse arguments, call, commit, echo. cron/systemd timers run these."""
from __future__ import annotations

import functools
import json
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from . import audit, clock, db_events, demo
from .enums import Role
from .errors import Refusal
from .extensions import db
from .extract import UnsupportedFile, extract_path
from .models import NumberPrefix, Section
from .operations import admin, signing_settings
from .rereview_cli import rereview_cli


def writer(command):
    """A command that writes: its transactions take the SQLite write lock up front (db_events), and a
    refusal becomes the command's error message with nothing changed."""

    @functools.wraps(command)
    def wrapped(*args, **kwargs):
        with db_events.writing():
            try:
                return command(*args, **kwargs)
            except Refusal as refusal:
                db.session.rollback()
                raise click.ClickException(refusal.message) from None

    return wrapped


users_cli = AppGroup("users", help="用户管理")
prefixes_cli = AppGroup("prefixes", help="发文字号代字")
sections_cli = AppGroup("sections", help="起草科室")
audit_cli = AppGroup("audit", help="操作日志")


@users_cli.command("create")
@click.argument("username")
@click.option("--name", "display_name", required=True, help="显示姓名")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--section", "section_name", default=None, help="所属科室（拟稿人、科室负责人必填）")
@click.password_option(help="密码（至少12位，不可为常见密码）")
@writer
def create_user(username: str, display_name: str, role: str, section_name: str | None, password: str) -> None:
    """Create a user (the section is created if it does not exist)."""
    user = admin.create_user(db.session, username, display_name, Role(role), password, section_name)
    db.session.commit()
    click.echo(f"已创建用户 {username}（{user.role.label}）")


@click.command("demo")
@writer
def load_demo() -> None:
    """Load demo data: sections, one user per role (password demo-pass-2026), a few documents."""
    demo.load(db.session, current_app.extensions["store"])
    now = clock.app_now(current_app.config)
    demo.load_requests(db.session, current_app.extensions["store"], now)
    demo.load_work(db.session, current_app.extensions["store"], now)
    db.session.commit()
    demo.open_due_reviews(db.session, now)  # the job: tasks for the documents due for re-review
    db.session.commit()
    names = ", ".join(u for u, *_ in demo.USERS)
    click.echo(f"演示数据已就绪。用户：{names}；密码：{demo.DEMO_PASSWORD}")


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def extract_files(files: tuple[str, ...]) -> None:
    """Print the GB/T 9704 elements of each file as one JSON object per line."""
    failed = False
    for name in files:
        try:
            row = extract_path(name).as_json(name)
        except UnsupportedFile as exc:
            row, failed = {"file": name, "error": exc.message}, True
        except OSError as exc:
            row, failed = {"file": name, "error": f"无法读取文件：{exc.strerror or exc}"}, True
        click.echo(json.dumps(row, ensure_ascii=False))
    if failed:
        sys.exit(1)


@sections_cli.command("add")
@click.argument("name")
@click.option("--head-review/--no-head-review", default=False, help="提交后须经科室负责人确认")
@writer
def add_section(name: str, head_review: bool) -> None:
    admin.create_section(db.session, name, head_review)
    db.session.commit()
    click.echo(f"已添加科室 {name}{'（须科室负责人确认）' if head_review else ''}")


@sections_cli.command("head-review")
@click.argument("name")
@click.argument("setting", type=click.Choice(["on", "off"]))
@writer
def set_head_review(name: str, setting: str) -> None:
    """Require (on) or drop (off) the section head's confirmation before the office sees a document."""
    section = admin.set_head_review(db.session, name, setting == "on")
    db.session.commit()
    route = "提交后须经科室负责人确认" if section.requires_head_review else "提交后直接送办公室审核"
    click.echo(f"科室 {name}：{route}")


@sections_cli.command("signatory")
@click.argument("setting", type=click.Choice(["add", "remove"]))
@click.argument("name")
@click.argument("username")
@writer
def set_section_signatory(setting: str, name: str, username: str) -> None:
    """Name (add) or drop (remove) an additional 签发人 for a section's documents, e.g. the office head."""
    section = signing_settings.set_section_signatory(db.session, name, username, setting == "add")
    db.session.commit()
    names = "、".join(u.display_name for u in section.signatories) or "无"
    click.echo(f"科室 {name} 的指定签发人：{names}")


@sections_cli.command("list")
def list_sections() -> None:
    for s in db.session.scalars(select(Section).order_by(Section.name)):
        click.echo(f"{s.name}\t{'须科室负责人确认' if s.requires_head_review else '直接送办公室'}")


@prefixes_cli.command("add")
@click.argument("code")
@click.option("--organ", required=True, help="发文机关，如 长治市卫生健康委员会办公室")
@click.option("--type", "doc_type", required=True, help="文种，如 发文、函")
@writer
def add_prefix(code: str, organ: str, doc_type: str) -> None:
    """Configure a 代字 (e.g. 长卫办发) the office may issue numbers under."""
    admin.create_prefix(db.session, code, organ, doc_type)
    db.session.commit()
    click.echo(f"已添加代字 {code}（{organ}·{doc_type}）")


@prefixes_cli.command("list")
def list_prefixes() -> None:
    for p in db.session.scalars(select(NumberPrefix).order_by(NumberPrefix.code)):
        click.echo(f"{p.code}\t{p.organ}\t{p.doc_type}\t{'启用' if p.active else '停用'}")


@audit_cli.command("verify")
def verify_audit() -> None:
    """Recompute the audit hash chain; exit 1 at the first broken link."""
    report = audit.verify(db.session)
    anchored = audit.check_anchor(db.session) if report.ok else None
    if report.ok and anchored:
        click.echo(anchored, err=True)
        sys.exit(1)
    if report.ok:
        click.echo(f"操作日志完整：共校验 {report.checked} 条记录。")
        return
    click.echo(f"操作日志在第 {report.broken_at} 号记录处断裂：{report.reason}"
               f"（此前 {report.checked} 条完好）", err=True)
    sys.exit(1)


def register(app: Flask) -> None:
    from .ledger_cli import import_cli

    app.cli.add_command(import_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(prefixes_cli)
    app.cli.add_command(sections_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(load_demo)
    app.cli.add_command(extract_files)
    from .cli_workdays import workdays_cli

    app.cli.add_command(workdays_cli)

    from . import cli_trust

    cli_trust.register(app, users_cli)

    app.cli.add_command(rereview_cli)

    from .cli_reports import report_cli

    app.cli.add_command(report_cli)
