"""Refusals: typed exceptions carrying a Chinese message; web/ and cli/ turn them into responses."""
from __future__ import annotations


class Refusal(Exception):
    """An operation refused; nothing was changed. ``status`` is the HTTP status web/ uses."""

    status = 400

    def __init__(self, message: str, findings: list | None = None):
        super().__init__(message)
        self.message = message
        self.findings = findings or []


class Forbidden(Refusal):
    status = 403


class SelfReview(Forbidden):
    """Nobody reviews, decides or signs a document they drafted (separation of duties)."""


class StaleVersion(Refusal):
    """The form was rendered from an older state of the document (optimistic locking)."""

    status = 409


class RuleViolation(Refusal):
    """A `block` finding stands."""

    status = 422


class NotFound(Refusal):
    status = 404


class StorageFault(Refusal):
    """A stored file is missing or altered on disk: nothing is served."""

    status = 500
