"""Item 13: hostile files — Hypothesis drives mutated corpus files (truncated, bit-flipped, members
swapped, lying zip headers, Flate bombs, deep nesting) through the extractor in its box and through the
upload path. Allowed: a parsed result or a clean Chinese refusal; never a 500, a hang past the limit, or
memory past the bound. Bounded here; bench/fuzz.py runs the same mutations for as long as you like."""
from __future__ import annotations

import io
import re
import time

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from review import sandbox
from review.enums import Role
from review.extract import Elements, UnsupportedFile
from review.models import Document
from tests.conftest import CORPUS
from tests.trust import _mutate

SEEDS = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".docx", ".pdf"))[:12]
LIMITS = sandbox.Limits(memory=256 << 20, cpu_seconds=5, wall_seconds=15)
CHINESE = re.compile(r"[\u4e00-\u9fff]")

cases = st.tuples(st.sampled_from(SEEDS), st.sampled_from(_mutate.KINDS), st.integers(0, 2**32 - 1))


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(cases)
def test_the_extractor_in_its_box_parses_or_refuses_in_chinese(case):
    name, kind, seed = case
    data = _mutate.mutate((CORPUS / name).read_bytes(), kind, seed)
    start = time.monotonic()
    try:
        kind_found, elements = sandbox.run("extract", data, LIMITS)
        assert kind_found in ("docx", "pdf") and isinstance(elements, Elements)
    except UnsupportedFile as refusal:
        assert CHINESE.search(refusal.message), refusal.message
    assert time.monotonic() - start < LIMITS.wall_seconds + 10
    peak = sandbox.last_peak_kb()
    if peak is not None:  # the child's resident peak stays within its address-space budget
        assert peak * 1024 < LIMITS.memory + (512 << 20)


@pytest.fixture
def drafter_client(app, make_user, monkeypatch):
    monkeypatch.setattr(sandbox, "LIMITS", LIMITS)
    client = app.test_client()
    user = make_user(Role.DRAFTER)
    from tests.conftest import PASSWORD

    assert client.post("/login", data={"username": user.username, "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize("kind", _mutate.KINDS)
def test_the_upload_path_never_answers_500(drafter_client, session, kind):
    for i, name in enumerate(SEEDS[:3]):
        data = _mutate.mutate((CORPUS / name).read_bytes(), kind, 1000 + i)
        response = drafter_client.post("/documents/new", data={"file": (io.BytesIO(data), name)},
                                       content_type="multipart/form-data")
        text = response.get_data(as_text=True)
        assert response.status_code in (302, 400), (kind, name, response.status_code)
        if response.status_code == 400:
            assert CHINESE.search(text)
    session.rollback()
    assert session.scalar(sa.select(sa.func.count(Document.id))) <= 3
