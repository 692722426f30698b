"""The parser on documents it was not written against (issue 12): accuracy per field and per pattern.

Each case of ``unseen_cases`` is built as .docx and as .pdf and parsed; the table printed with
``-s`` gives the share right per measured field and per pattern, and the bar is 100%.
"""
from __future__ import annotations

import functools
import re

import pytest

from review.extract import Elements, extract_bytes
from tests.unit._documents import to_docx, to_pdf
from tests.unit.later_cases import CASES as LATER
from tests.unit.unseen_cases import CASES as WRITTEN

CASES = WRITTEN + LATER
FIELDS = ("doc_number", "signed_date", "marking", "title", "issuer")
BUILD = {"docx": to_docx, "pdf": to_pdf, "pdf-chars": lambda blocks: to_pdf(blocks, per_char=True)}
#: Each PDF case twice: lines drawn as runs, and one text object per character (another producer).
FORMATS = {"docx": ("docx",), "pdf": ("pdf", "pdf-chars")}
RUNS = [(case, built) for case in CASES for fmt in case.formats for built in FORMATS[fmt]]
assert RUNS, "no unseen cases"


def _same(field: str, got, want) -> bool:
    if isinstance(want, str) and isinstance(got, str):
        return re.sub(r"\s+", "", got) == re.sub(r"\s+", "", want) if field != "title" else (
            re.sub(r"\s+", " ", got).strip() == want or got.replace(" ", "") == want.replace(" ", ""))
    return got == want


@functools.cache
def parsed(index: int) -> Elements:
    case, fmt = RUNS[index]
    return extract_bytes(BUILD[fmt](case.blocks))


def _wrong(index: int) -> dict[str, tuple]:
    case, _ = RUNS[index]
    got = parsed(index)
    return {f: (getattr(got, f), want) for f, want in case.expect.items() if not _same(f, getattr(got, f), want)}


def accuracy_table() -> tuple[float, str]:
    per_field = {f: [0, 0] for f in FIELDS}
    per_pattern: dict[str, list[int]] = {}
    for index, (case, _) in enumerate(RUNS):
        wrong = _wrong(index)
        for f in FIELDS:
            per_field[f][0] += f not in wrong
            per_field[f][1] += 1
        cell = per_pattern.setdefault(case.pattern, [0, 0])
        cell[0] += not wrong
        cell[1] += 1
    rows = [f"{'field':<28}{'right':>12}"]
    rows += [f"{f:<28}{f'{a}/{n} {a / n:6.1%}':>12}" for f, (a, n) in per_field.items()]
    rows += [f"{'pattern (all fields right)':<28}{'':>12}"]
    rows += [f"{p:<28}{f'{a}/{n} {a / n:6.1%}':>12}" for p, (a, n) in sorted(per_pattern.items())]
    worst = min(a / n for a, n in [*per_field.values(), *per_pattern.values()])
    return worst, "\n".join(rows)


def test_every_field_and_pattern_is_right_on_unseen_documents():
    worst, table = accuracy_table()
    print(f"\nextractor on {len(RUNS)} unseen documents ({len(CASES)} cases × formats)\n{table}")
    assert worst == 1.0, table


@pytest.mark.parametrize("index", range(len(RUNS)), ids=[f"{c.id}.{fmt}" for c, fmt in RUNS])
def test_unseen_document(index):
    assert _wrong(index) == {}
