"""Fixtures shared by the trust tests."""
from __future__ import annotations

import pytest

from review import operations
from review.enums import Role
from tests.conftest import corpus_bytes


@pytest.fixture
def secret_doc(session, store, make_user):
    """A drafter and their draft of a document marked 机密 (restricted whatever it declares)."""
    drafter = make_user(Role.DRAFTER)
    doc = operations.create_document(session, store, drafter, corpus_bytes("fixture-03-secret.docx"), "密.docx")
    session.commit()
    return drafter, doc
