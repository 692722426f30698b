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
from .office import (
    accept_change,
    approve,
    attest_marking,
    change_attribute,
    confirm,
    issue,
    object_change,
    override_upstream,
    pending_change,
    preview_number,
    return_for_revision,
    rule,
    send_back,
    set_validity,
    sign,
)

__all__ = [
    "Declaration", "accept_change", "add_version", "approve", "attest_marking", "attach_interpretation",
    "change_attribute", "confirm", "create_document", "declare", "facts_for", "guard", "issue", "object_change",
    "override_upstream", "pending_change", "preview_number", "read_upload", "return_for_revision", "rule",
    "send_back", "set_validity", "sign", "submit",
]
