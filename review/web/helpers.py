"""Small view helpers: role guard, loading a document the user may see, committing an operation."""
from __future__ import annotations

from contextlib import contextmanager
from functools import wraps

from flask import Response, abort, current_app, flash, redirect, url_for
from flask_login import current_user, login_required

from .. import sandbox, workflow
from ..enums import Role
from ..errors import Refusal, StaleVersion
from ..extensions import db
from ..extract import UnsupportedFile
from ..models import Document
from ..operations.common import actor_of, ref_of
from ..operations.files import is_restricted
from ..storage import Store
from . import clock as web_clock
from .forms import UploadForm


def roles_required(*roles: Role):
    """Login plus one of ``roles``, checked on the server for every request."""

    def decorate(view):
        @wraps(view)
        @login_required
        def wrapper(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper

    return decorate


def reads_restricted() -> bool:
    """Least privilege: the admin manages accounts and settings, not restricted documents."""
    return current_user.is_authenticated and current_user.role is not Role.ADMIN


def may_read(doc: Document) -> bool:
    """May the current user open the document's page?"""
    if not workflow.can_view(actor_of(current_user), ref_of(doc)):
        return False
    return reads_restricted() or not is_restricted(doc)


def visible_document(doc_id: int) -> Document:
    """The document if the current user may see it; 404 otherwise (existence is not revealed)."""
    doc = db.session.get(Document, doc_id)
    if doc is None or not may_read(doc):
        abort(404)
    return doc


def actions_for(doc: Document) -> set[str]:
    return {t.action for t in workflow.allowed_actions(actor_of(current_user), ref_of(doc))}


def office_now():
    """The office's clock, read once at the edge (a test may fix it with FIXED_NOW)."""
    return web_clock.now()


def store() -> Store:
    return current_app.extensions["store"]


def lock_of(form) -> int:
    """The document version the form was rendered from; a form without one is refused as stale."""
    try:
        return int(form.lock.data)
    except (TypeError, ValueError):
        raise StaleVersion("表单缺少版本信息或已过期，请刷新页面后重试。") from None


def uploaded(form) -> tuple[bytes, str]:
    """The uploaded file's bytes and name; the (possibly spooled-to-disk) stream is closed at once."""
    upload = form.file.data
    try:
        return upload.read(), upload.filename or ""
    finally:
        upload.close()


@contextmanager
def parsed_outside_transaction(data: bytes):
    """Parse an upload (in the sandbox) with no transaction open: on SQLite the write lock is the whole
    office's, and no request may hold it while doing work that depends on a file's size or content.
    Inside the block the operation's own parse of the same bytes is answered from this one."""
    db.session.commit()  # ends the transaction the login check opened; nothing was written yet
    try:
        with sandbox.parsed_first(data):
            yield
    except UnsupportedFile as exc:
        raise Refusal(exc.message) from exc


def upload_to_document(doc_id: int, perform, done) -> Response:
    """The shared shape of a file posted to a document: ``perform(doc, data, filename, lock)`` is the
    operation, ``done(doc)`` the success message; then back to the document page."""
    visible_document(doc_id)
    form = UploadForm()
    if not form.validate():
        raise Refusal("；".join(e for errors in form.errors.values() for e in errors) or "请选择要上传的文件。")
    data, filename = uploaded(form)
    with parsed_outside_transaction(data):
        doc = visible_document(doc_id)  # read again in the writing transaction
        perform(doc, data, filename, lock_of(form))
        db.session.commit()
    flash(done(doc), "success")
    return redirect(url_for("drafting.show", doc_id=doc.id))
