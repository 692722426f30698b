"""The catalogue's query helpers: the search box and the file check (no HTTP)."""
from __future__ import annotations

import pytest

from review import catalogue
from review.catalogue import LONG_QUERY_HINT, SHORT_QUERY_HINT


@pytest.mark.parametrize("raw, term, hint", [
    (None, None, None),
    ("   ", None, None),
    ("麒", None, SHORT_QUERY_HINT),
    (" 麒 ", None, SHORT_QUERY_HINT),
    ("麒麟", "麒麟", None),
    ("2020 年", "2020年", None),         # blanks are ignored, as they are in the searched text
    ("长卫办发〔2020〕12 号", "长卫办发〔2020〕12号", None),
    ("检" * 101, None, LONG_QUERY_HINT),
])
def test_parse_query(raw, term, hint):
    search = catalogue.parse_query(raw)
    assert (search.term, search.hint) == (term, hint)


def test_empty_catalogue_has_one_empty_page(session):
    page = catalogue.public_page(session, None, page=5)
    assert (page.rows, page.total, page.page, page.pages) == ([], 0, 1, 1)
