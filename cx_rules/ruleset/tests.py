"""Run a ruleset's own inline test cases (the ``tests:`` section of a ruleset file).

A ruleset that ``extends`` another runs its own tests against the resolved ruleset; the tests
of the rulesets it extends are not inherited (an override changes on purpose what a parent's
test checks), and run against it only when asked (``parents=True``: what do my overrides
change of what the baseline promises?).

The evaluator is passed in (``evaluate``: :func:`cx_rules.evaluate` or any function of the
same signature) so that this layer, below the application, never imports it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

import polars as pl

from cx_rules.models.ruleset import ExpectedViolation, Ruleset, RulesetTest


class Outcome(Protocol):
    """What a test needs of an evaluation: its rejects and violations (a ``Result``)."""

    rejects: pl.DataFrame
    violations: pl.DataFrame


Evaluate = Callable[..., Any]
"""``evaluate(interactions, ruleset, customers, *, as_of=...)`` returning an :class:`Outcome`."""


@dataclass(frozen=True)
class CaseOutcome:
    """The outcome of one inline test: passed, and what differed when it did not."""

    ruleset: str
    name: str
    passed: bool
    problems: tuple[str, ...]
    source: str | None = None
    """The ruleset file, and the YAML line of the test in it."""
    line: int | None = None


def _matches(expected: ExpectedViolation, row: dict[str, object]) -> bool:
    return (
        row["rule_id"] == expected.rule
        and (expected.case_id is None or row["case_id"] == expected.case_id)
        and (expected.customer_id is None or row["customer_id"] == expected.customer_id)
    )


def run_test(ruleset: Ruleset, test: RulesetTest, evaluate: Evaluate,
             line: int | None = None, source: Ruleset | None = None) -> CaseOutcome:
    """Evaluate one inline test case and compare with its expectation (``source``: the
    ruleset whose file the test is written in, when it is not ``ruleset``)."""
    result: Outcome = evaluate(test.interactions, ruleset, test.customers or None, as_of=test.as_of)
    problems: list[str] = []
    for reject in result.rejects.iter_rows(named=True):
        problems.append(f"test input row {reject['row']} rejected: {reject['reason']}")
    rows = result.violations.to_dicts()
    used: set[int] = set()
    for expected in test.expect.violations:
        hits = [i for i, row in enumerate(rows) if _matches(expected, row)]
        want = expected.count if expected.count is not None else max(1, len(hits))
        where = f" in case {expected.case_id}" if expected.case_id else ""
        if expected.count is not None and len(hits) != want:
            problems.append(
                f"expected {want} violation(s) of {expected.rule}{where}, got {len(hits)}"
            )
        elif not hits and want:
            problems.append(f"expected a violation of {expected.rule}{where}, got none")
        used.update(hits)
    if test.expect.exact:
        extra = Counter(
            f"{row['rule_id']} in case {row['case_id']}"
            for i, row in enumerate(rows) if i not in used
        )
        problems.extend(f"unexpected violation: {what} (x{n})" if n > 1 else
                        f"unexpected violation: {what}" for what, n in sorted(extra.items()))
    name = test.name if source is None else f"{test.name} (from {source.label})"
    return CaseOutcome(ruleset.label, name, not problems, tuple(problems),
                       (source or ruleset).source, line)


def _suites(ruleset: Ruleset, parents: bool) -> list[Ruleset]:
    return [ruleset, *ruleset.ancestors] if parents else [ruleset]


def run_tests(ruleset: Ruleset, evaluate: Evaluate, parents: bool = False) -> list[CaseOutcome]:
    """Every inline test of the ruleset, in file order; with ``parents``, then those of the
    rulesets it extends (nearest first), run against this one."""
    return [run_test(ruleset, test, evaluate, suite.test_line(i),
                     None if suite is ruleset else suite)
            for suite in _suites(ruleset, parents) for i, test in enumerate(suite.tests)]


@dataclass(frozen=True)
class Coverage:
    """Which enabled rules some inline test expects to fire (like ``opa test --coverage``: a
    rule no test makes fire could be broken, or never match, and every test would still pass).
    """

    ruleset: str
    covered: tuple[str, ...]
    uncovered: tuple[str, ...]

    @property
    def percent(self) -> float:
        total = len(self.covered) + len(self.uncovered)
        return 100.0 * len(self.covered) / total if total else 100.0

    def text(self) -> str:
        total = len(self.covered) + len(self.uncovered)
        line = (f"coverage {self.ruleset}: {len(self.covered)} of {total} rules "
                f"({self.percent:.0f}%) expected to fire by a test")
        if self.uncovered:
            line += f"; no test: {', '.join(self.uncovered)}"
        return line


def coverage(ruleset: Ruleset, parents: bool = False) -> Coverage:
    """The enabled rules named by some test's expected violations, and the others (with
    ``parents``, the tests of the rulesets it extends count too)."""
    named = {e.rule for suite in _suites(ruleset, parents) for t in suite.tests
             for e in t.expect.violations if e.count is None or e.count > 0}
    ids = [r.id for r in ruleset.enabled_rules]
    return Coverage(ruleset.label, tuple(i for i in ids if i in named),
                    tuple(i for i in ids if i not in named))
