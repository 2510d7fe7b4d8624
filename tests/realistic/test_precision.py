"""Precision and recall per rule on exports written in real formats, with their mess.

``expected.csv`` lists every finding a support lead would call true on each export (rule and
the first event of the finding); anything else the engine reports is a false positive. The
exports are our own invented rows in the published formats (``tests/data``): hotlines, order
and tracking numbers, anonymised numeric handles, a multi-customer thread, replies named but
missing from the file, a company-initiated thread, five languages and scripts.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from cx_rules import evaluate

HERE = Path(__file__).resolve().parent
DATA = HERE.parent / "data"
MIN_PRECISION = 0.95


def _expected() -> dict[tuple[str, str], set[tuple[str, str]]]:
    found: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    with (HERE / "expected.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found[(row["export"], row["mapping"])].add((row["rule_id"], row["interaction_id"]))
    return found


EXPORTS = sorted(_expected())


def precision_recall(export: str, mapping: str) -> dict[str, tuple[float, float, int, int]]:
    """rule -> (precision, recall, findings, expected) on one export with cx-baseline."""
    want = _expected()[(export, mapping)]
    result = evaluate(DATA / export, "cx-baseline", mapping=mapping)
    got = {(r["rule_id"], r["interaction_ids"][0])
           for r in result.violations.iter_rows(named=True)}
    out = {}
    for rule in sorted({r for r, _ in want | got}):
        g = {k for k in got if k[0] == rule}
        w = {k for k in want if k[0] == rule}
        hit = len(g & w)
        out[rule] = (hit / len(g) if g else 1.0, hit / len(w) if w else 1.0, len(g), len(w))
    return out


@pytest.mark.parametrize(("export", "mapping"), EXPORTS)
def test_findings_on_real_shaped_exports_are_true(export: str, mapping: str) -> None:
    figures = precision_recall(export, mapping)
    report = "; ".join(f"{rule}: precision {p:.2f}, recall {r:.2f} ({n} found, {m} expected)"
                       for rule, (p, r, n, m) in figures.items())
    print(report)
    low = {rule: p for rule, (p, _, _, _) in figures.items() if p < MIN_PRECISION}
    assert not low, report
    missed = {rule: r for rule, (_, r, _, _) in figures.items() if r < 1.0}
    assert not missed, report
