"""The row-by-row reference evaluator: the oracle the vectorized core is tested against.

Plain Python over a list of dict rows, written independently of the polars plans (it shares
only the ruleset models, duration formatting and the calendar's own reference clock). It is
slow on purpose and meant for tests, debugging and small logs (``--engine reference``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime

from cx_rules.kinds.base import Check, RefViolation, Row, sort_rows
from cx_rules.kinds.registry import get_kind
from cx_rules.models.ruleset import Ruleset, RuleSpec


def checker(kind: str) -> Check | None:
    """The reference check of a kind, or None if it has none."""
    found = get_kind(kind)
    return found.reference if found is not None else None


def _run(rows: Sequence[Row], ruleset: Ruleset, customers: Sequence[Row] | None,
         as_of: datetime, check_of: Callable[[RuleSpec], Check | None]) -> list[RefViolation]:
    ordered = sort_rows(rows)
    profiles = {c["customer_id"]: c for c in (customers or [])}
    found: list[RefViolation] = []
    for rule in ruleset.enabled_rules:
        check = check_of(rule)
        if check is None:
            continue
        rows_in = ordered if rule.scope is None else rule.scope.rows(ordered, profiles)
        for v in check(rule.parsed_params, rows_in, profiles, ruleset.calendar, as_of):
            found.append({**v, "rule_id": rule.id, "severity": ruleset.severity_of(rule).value})
    return found


def reference_evaluate(
    rows: Sequence[Row], ruleset: Ruleset, customers: Sequence[Row] | None, as_of: datetime
) -> list[RefViolation]:
    """Every violation of every enabled rule, each tagged with ``rule_id`` and ``severity``."""
    def required(rule: RuleSpec) -> Check:
        check = checker(rule.kind)
        if check is None:
            raise NotImplementedError(f"no reference implementation for kind {rule.kind!r}")
        return check

    return _run(rows, ruleset, customers, as_of, required)


def reference_at_risk(
    rows: Sequence[Row], ruleset: Ruleset, customers: Sequence[Row] | None, as_of: datetime
) -> list[RefViolation]:
    """What every enabled rule whose kind has an ``at_risk_reference`` finds at risk."""
    def at_risk(rule: RuleSpec) -> Check | None:
        kind = get_kind(rule.kind)
        return kind.at_risk_reference if kind is not None else None

    return _run(rows, ruleset, customers, as_of, at_risk)
