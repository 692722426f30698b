"""The parser against the hand-checked corpus labels (corpus/README.md says how it is judged).

Bars: 100% on every labelled field (issue 12: the accuracy test fails below 100% on the corpus).
The per-field table is printed — run with
``-s`` (or ``-rP``) to see it — and is part of the failure message.
"""
from __future__ import annotations

import functools
import json
import re

import pytest

from review.extract import Elements, extract_path
from tests.conftest import CORPUS

LABELS = CORPUS / "labels.json"

BARS = {
    "doc_number": 1.0, "signed_date": 1.0, "marking": 1.0, "title": 1.0, "issuer": 1.0,
    "marking_text": 1.0, "secrecy": 1.0, "upstream_numbers": 1.0,
}
_BRACKETS = str.maketrans({c: "〔" for c in "[(（﹝［【"} | {c: "〕" for c in "])）﹞］】"})


def _labels() -> list[dict]:
    if not LABELS.is_file():
        return []
    return json.loads(LABELS.read_text(encoding="utf-8"))


def _no_space(s: str | None) -> str | None:
    return None if s is None else re.sub(r"\s+", "", s)


def _number(s: str | None) -> str | None:
    return None if s is None else _no_space(s).translate(_BRACKETS)


def field_ok(field: str, got: Elements, label: dict) -> bool:
    """One field judged the way the corpus README says."""
    if field == "doc_number":
        return _number(got.doc_number) == _number(label["doc_number"])
    if field == "issuer":
        accepted = [label["issuer"], *label.get("issuer_alt", [])]
        return _no_space(got.issuer) in {_no_space(a) for a in accepted}
    if field == "title":
        return _no_space(got.title) == _no_space(label["title"])
    if field == "upstream_numbers":
        return [_number(n) for n in got.upstream_numbers] == [_number(n) for n in label["upstream_numbers"]]
    return getattr(got, field) == label[field]


@functools.lru_cache(maxsize=1)
def results() -> tuple[tuple[dict, Elements | None], ...]:
    out = []
    for label in _labels():
        try:
            out.append((label, extract_path(CORPUS / label["file"])))
        except Exception:  # a file without output scores 0 on every field
            out.append((label, None))
    return tuple(out)


def accuracy_table() -> tuple[dict[str, float], str]:
    rows = results()
    overall: dict[str, float] = {}
    lines = [f"{'field':<18}{'docx':>14}{'pdf':>14}{'all':>14}{'bar':>8}"]
    for field in BARS:
        cells = []
        for kind in ("docx", "pdf", None):
            subset = [(lab, got) for lab, got in rows if kind is None or lab["file"].endswith(kind)]
            good = sum(1 for lab, got in subset if got is not None and field_ok(field, got, lab))
            share = good / len(subset) if subset else 0.0
            cells.append(f"{good}/{len(subset)} {share:6.1%}")
            if kind is None:
                overall[field] = share
        lines.append(f"{field:<18}{cells[0]:>14}{cells[1]:>14}{cells[2]:>14}{BARS[field]:>8.0%}")
    return overall, "\n".join(lines)




def test_field_accuracy_meets_the_bars():
    overall, table = accuracy_table()
    print("\nextractor accuracy on the corpus\n" + table)
    below = {f: f"{overall[f]:.1%} < {bar:.0%}" for f, bar in BARS.items() if overall[f] < bar}
    assert not below, f"below the bar: {below}\n{table}"


def test_every_file_gives_output():
    assert all(got is not None for _, got in results()), [lab["file"] for lab, got in results() if got is None]


@pytest.mark.parametrize("label", _labels(), ids=lambda label: label["file"])
def test_file_doc_number_date_and_marking(label):
    got = extract_path(CORPUS / label["file"])
    assert _number(got.doc_number) == _number(label["doc_number"])
    assert got.signed_date == label["signed_date"]
    assert got.marking == label["marking"]
