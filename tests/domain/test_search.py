"""Substring search on the real database: typed wildcards are literal, any 2+ character substring matches."""
from __future__ import annotations

import pytest
import sqlalchemy as sa

from review.enums import Role
from review.models import Document
from review.search import matches

TITLES = ["完成率100%的通报", "完成率1000的通报", "a_b 方案", "axb 方案", "路径C:\\x说明", "路径C:yx说明",
          "甲/乙 联合通知", "关于印发禾卫发〔2026〕3号的通知"]


@pytest.fixture
def titled(session, make_user):
    drafter = make_user(Role.DRAFTER)
    session.add_all(Document(section_id=drafter.section_id, drafter_id=drafter.id, title=t) for t in TITLES)
    session.commit()


def found(session, term: str) -> list[str]:
    condition = matches(term, Document.title, number_column=Document.title)
    return sorted(session.scalars(sa.select(Document.title).where(condition)))


@pytest.mark.parametrize("term, expected", [
    ("100%", ["完成率100%的通报"]),         # % is not "anything"
    ("a_b", ["a_b 方案"]),                  # _ is not "any one character"
    ("C:\\x", ["路径C:\\x说明"]),           # the escape characters themselves are literal
    ("甲/乙", ["甲/乙 联合通知"]),
    ("印发", ["关于印发禾卫发〔2026〕3号的通知"]),  # any 2-character substring
    ("禾卫发[2026]3号", ["关于印发禾卫发〔2026〕3号的通知"]),  # other brackets find the stored 〔〕
])
def test_terms_match_literally(session, titled, term, expected):
    assert found(session, term) == expected
