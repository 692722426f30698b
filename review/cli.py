"""Thin click commands: parse arguments, call, commit, echo. cron/systemd timers run these."""
from __future__ import annotations

import json
import sys

import click
from flask import Flask, current_app
from flask.cli import AppGroup
from sqlalchemy import select

from . import audit, demo
from .enums import Role
from .extensions import db
from .models import Section, User

users_cli = AppGroup("users", help="用户管理")
audit_cli = AppGroup("audit", help="操作日志")


@users_cli.command("create")
@click.argument("username")
@click.option("--name", "display_name", required=True, help="显示姓名")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--section", "section_name", default=None, help="所属科室（拟稿人、科室负责人必填）")
@click.password_option(help="密码（至少8位）")
def create_user(username: str, display_name: str, role: str, section_name: str | None, password: str) -> None:
    """Create a user (the section is created if it does not exist)."""
    role = Role(role)
    if len(password) < 8:
        raise click.ClickException("密码至少8位。")
    if role.belongs_to_section and not section_name:
        raise click.ClickException(f"{role.label}必须指定所属科室（--section）。")
    if db.session.scalar(select(User).where(User.username == username)):
        raise click.ClickException(f"用户名 {username} 已存在。")
    section = None
    if section_name:
        section = db.session.scalar(select(Section).where(Section.name == section_name)) or Section(name=section_name)
        db.session.add(section)
        db.session.flush()
    user = User(username=username, display_name=display_name, role=role, section_id=section.id if section else None)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.append(db.session, actor_id=None, action="user.create", after={"username": username, "role": role})
    db.session.commit()
    click.echo(f"已创建用户 {username}（{role.label}）")


@click.command("demo")
def load_demo() -> None:
    """Load demo data: sections, one user per role (password demo12345), a few documents."""
    demo.load(db.session, current_app.extensions["store"])
    db.session.commit()
    names = ", ".join(u for u, *_ in demo.USERS)
    click.echo(f"演示数据已就绪。用户：{names}；密码：{demo.DEMO_PASSWORD}")


@click.command("extract")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
def extract_files(files: tuple[str, ...]) -> None:
    """Print the GB/T 9704 elements of each file as one JSON object per line."""
    from .extract import UnsupportedFile, extract_path

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


@audit_cli.command("verify")
def verify_audit() -> None:
    """Recompute the audit hash chain; exit 1 at the first broken link."""
    report = audit.verify(db.session)
    if report.ok:
        click.echo(f"操作日志完整：共校验 {report.checked} 条记录。")
        return
    click.echo(f"操作日志在第 {report.broken_at} 号记录处断裂：{report.reason}"
               f"（此前 {report.checked} 条完好）", err=True)
    sys.exit(1)


def register(app: Flask) -> None:
    app.cli.add_command(users_cli)
    app.cli.add_command(audit_cli)
    app.cli.add_command(load_demo)
    app.cli.add_command(extract_files)
