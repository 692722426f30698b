"""Every state change. Each operation checks workflow and rules, mutates, appends its AuditEvent and
flushes — it never commits: the view, CLI command or job commits once."""
from .common import facts_for, guard
from .drafting import (
    Declaration,
    add_version,
    attach_interpretation,
    create_document,
    declare,
    read_upload,
    submit,
)

__all__ = ["Declaration", "add_version", "attach_interpretation", "create_document", "declare",
           "facts_for", "guard", "read_upload", "submit"]
