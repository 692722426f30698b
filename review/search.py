"""Substring search shared by the reviewer queue and the catalogues (no Flask).

Chinese has no word breaks, so any substring of MIN_TERM characters or more is searchable; LIKE
wildcards typed by the user are literal (SQLAlchemy's autoescape), on SQLite and PostgreSQL alike.
"""
from __future__ import annotations

import sqlalchemy as sa

from .extract import normalise_doc_number

MIN_TERM = 2
MAX_TERM = 100


def matches(term: str, *columns, number_column=None) -> sa.ColumnElement[bool]:
    """Any of ``columns`` contains ``term``; a 发文字号 typed with other brackets ([2020], (2020) …)
    also finds the 〔2020〕 stored in ``number_column``."""
    conditions = [column.icontains(term, autoescape=True) for column in columns]
    number = normalise_doc_number(term)
    if number_column is not None and number != term:
        conditions.append(number_column.icontains(number, autoescape=True))
    return sa.or_(*conditions)
