"""Each enabled rule's outcome on a log, as a data-docs style pass/fail row.

A rule *checks* the cases it could find something in: the cases its ``where`` admits and, when
its kind names the channels a case must have a row on (a first reply on chat needs a chat
row), only those. It *fails* when it reported at least one violation; it is *not applicable*
when the log cannot feed it (:mod:`cx_rules.engine.applicability`) or when it had no case to
check (a social rule on a log without social cases: "passed" would claim what nobody tested).
The pass rate is the share of checked cases with no violation of the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

import polars as pl

from cx_rules.app.result import Result
from cx_rules.engine.run import prepare
from cx_rules.kinds.base import EvalContext
from cx_rules.kinds.registry import get_kind
from cx_rules.models.ruleset import RuleSpec

Status = Literal["fail", "pass", "not applicable"]


@dataclass(frozen=True)
class RuleCheck:
    """One rule's row of the report's rule table."""

    rule_id: str
    kind: str
    category: str
    severity: str
    description: str
    status: Status
    cases_checked: int | None
    """None when the log cannot feed the rule (it was not run)."""
    cases_failed: int
    violations: int
    waived: int
    reason: str
    """Why the rule is not applicable ("" when it is)."""

    @property
    def pass_rate(self) -> float | None:
        """Share of checked cases without a violation of the rule (None: nothing checked)."""
        if not self.cases_checked:
            return None
        return max(0.0, 1.0 - self.cases_failed / self.cases_checked)


def _checked_cases(rule: RuleSpec, ordered: pl.DataFrame, ctx: EvalContext | None
                   ) -> tuple[int, str]:
    """How many cases the rule could find something in, and what limits them ("" if
    nothing but the log does)."""
    frame, limits = ordered, []
    if rule.scope is not None and ctx is not None:
        frame = rule.scope.plan(ctx).interactions.collect()
        limits.append(f"its where ({rule.where})" if rule.where else "its SLA policy")
    kind = get_kind(rule.kind)
    channels = kind.stream.channels(rule.parsed_params) if kind is not None else None
    if channels is not None:
        frame = frame.filter(pl.col("channel").is_in(sorted(channels)))
        limits.append(f"a row on {', '.join(sorted(channels))}")
    cases = int(frame.select(pl.col("case_id").n_unique()).item()) if frame.height else 0
    return cases, " and ".join(limits)


def rule_checks(result: Result) -> list[RuleCheck]:
    """One row per enabled rule, in the ruleset's order."""
    rules = result.ruleset.enabled_rules
    ordered = prepare(result.interactions)  # the case order a scope's plan relies on
    ctx = None
    if any(r.scope is not None for r in rules):
        customers = result.customers.lazy() if result.customers is not None else None
        ctx = EvalContext(ordered.lazy(), customers, None, result.summary.as_of or
                          datetime.now(UTC))
    hits = (result.violations.group_by("rule_id")
            .agg(pl.len().alias("n"), pl.col("case_id").n_unique().alias("cases")))
    found = {r: (n, c) for r, n, c in hits.iter_rows()}
    waived: dict[str, int] = {}
    if result.waived is not None and result.waived.height:
        waived = dict(result.waived.group_by("rule_id").len().iter_rows())
    not_applicable = result.summary.not_applicable
    out = []
    for rule in rules:
        n, cases = found.get(rule.id, (0, 0))
        reason = not_applicable.get(rule.id, "")
        checked: int | None = None
        if not reason or n:
            checked, limits = _checked_cases(rule, ordered, ctx)
            if not checked and not n:
                reason = ("no case of the log has " + limits if limits
                          else "the log has no case")
        status: Status = "fail" if n else "not applicable" if reason else "pass"
        out.append(RuleCheck(
            rule_id=rule.id, kind=rule.kind, category=rule.category.value,
            severity=result.ruleset.severity_of(rule).value,
            description=rule.description or "", status=status, cases_checked=checked,
            cases_failed=cases, violations=n, waived=waived.get(rule.id, 0), reason=reason))
    return out
