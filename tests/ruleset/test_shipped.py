"""The shipped rulesets pass their own inline tests, and the sample log gives exactly the
violations examples/README.md documents."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from cx_rules import evaluate, load_ruleset
from cx_rules.ruleset.load import discover
from cx_rules.ruleset.tests import run_tests

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = [r for r in discover() if (ROOT / "rulesets") in r.path.parents]


@pytest.mark.parametrize("ref", SHIPPED, ids=lambda r: f"{r.name}@{r.version}")
def test_shipped_ruleset_inline_tests_pass(ref: object) -> None:
    outcomes = run_tests(load_ruleset(ref.path), evaluate)  # type: ignore[attr-defined]
    assert outcomes
    failed = [(o.name, o.problems) for o in outcomes if not o.passed]
    assert not failed


def documented_violations() -> set[tuple[str, str]]:
    text = (ROOT / "examples" / "README.md").read_text(encoding="utf-8")
    found: set[tuple[str, str]] = set()
    for line in text.splitlines():
        if re.match(r"^\| S\d\d \|", line):
            cells = [c.strip() for c in line.strip("|").split("|")]
            case = re.findall(r"`(c\d+)`", cells[1])[-1]  # S13 names old → new case
            for rule in re.findall(r"`([a-z0-9-]+)`", cells[-1]):
                found.add((case, rule))
        elif line.startswith("Also flagged"):
            case, rule = re.findall(r"`([a-z0-9-]+)`", line)[:2]
            found.add((case, rule))
    return found


def test_sample_log_gives_exactly_the_documented_violations() -> None:
    result = evaluate(ROOT / "examples/sample_log.csv", "cx-baseline",
                      customers=ROOT / "examples/customers.csv")
    got = set(zip(result.violations["case_id"], result.violations["rule_id"], strict=True))
    assert got == documented_violations()
    s = result.summary
    assert s.rows_read == s.rows_evaluated + s.rows_rejected == 357
