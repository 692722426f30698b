"""One blueprint per audience; error pages and the login loader."""
from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from flask import Flask, render_template, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.orm.exc import StaleDataError

from .. import clock as office_clock  # review.clock (the name clock is this package's submodule)
from .. import workflow
from ..audit import ACTION_LABELS
from ..errors import Refusal
from ..extensions import db, login_manager
from ..inbox import waiting_count
from ..operations.common import STALE_MESSAGE
from .clock import office_today
from .helpers import reads_restricted


def register(app: Flask) -> None:
    from . import (
        admin,
        audit,
        auth,
        catalogue,
        decisions,
        drafting,
        exports,
        files,
        headers,
        home,
        queue,
        requests,
        rereview,
        security_log,
        sessions,
    )

    for module in (auth, home, drafting, files, catalogue, queue, decisions, requests, rereview, admin, exports,
                   security_log, audit):
        app.register_blueprint(module.bp)
    app.register_blueprint(catalogue.staff_bp)

    login_manager.login_view = "auth.login"
    login_manager.login_message = "请先登录。"
    login_manager.login_message_category = "warning"

    login_manager.user_loader(sessions.load)
    sessions.install(app)
    headers.install(app)

    zone = ZoneInfo(app.config.get("TIMEZONE", "Asia/Shanghai"))

    @app.template_filter("local")
    def local_time(value: dt.datetime | None) -> str:
        """Stored times are naive UTC; the office reads them in its own time zone."""
        if value is None:
            return "—"
        return office_clock.from_stored(value, zone).strftime("%Y-%m-%d %H:%M")

    @app.context_processor
    def labels():
        signed_in = current_user.is_authenticated
        waiting = waiting_count(db.session, current_user, office_today()) if signed_in else 0
        return {"event_labels": ACTION_LABELS, "waiting": waiting,
                "may_open": lambda page: signed_in and workflow.may_open(current_user.role, page),
                # The admin reads no restricted document: lists show them its title, not a link that 404s.
                "reads_restricted": reads_restricted()}

    def error_page(status: int, message: str):
        # "Back" is the referring page of this site, if any (no javascript: link: the CSP forbids inline script).
        referrer = urlsplit(request.referrer or "")
        same_site = referrer.netloc == request.host and referrer.scheme in ("http", "https")
        back = auth.safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else "")) if same_site else None
        return render_template("errors/error.html", status=status, message=message, back=back), status

    @app.errorhandler(Refusal)
    def refused(exc: Refusal):
        db.session.rollback()
        return error_page(exc.status, exc.message)

    @app.errorhandler(StaleDataError)
    def concurrent_update(_exc):
        # Another request updated the document between our read and our write (optimistic lock).
        db.session.rollback()
        return error_page(409, STALE_MESSAGE)

    @app.errorhandler(CSRFError)
    def csrf_failed(_exc):
        return error_page(400, "表单已过期或来源无效，请刷新页面后重试。")

    messages = {
        400: "请求无效。",
        403: "您没有权限执行此操作或查看此内容。",
        404: "页面或文件不存在。",
        405: "不支持该请求方式。",
        409: "文件已被他人更新，请刷新后重试。",
        413: "上传的文件过大。",
        500: "系统内部错误，操作未生效，请稍后重试。",
    }
    for status, message in messages.items():
        app.register_error_handler(status, lambda _e, s=status, m=message: error_page(s, m))
