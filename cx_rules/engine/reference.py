"""The row-by-row reference evaluator: the oracle the vectorized core is tested against.

Plain Python over a list of dict rows, written independently of the polars plans (it shares
only the ruleset models, duration formatting and the calendar's own reference clock). It is
slow on purpose and meant for tests, debugging and small logs (``--engine reference``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from cx_rules.models.ruleset import Ruleset

Row = dict[str, Any]
RefViolation = dict[str, Any]
"""case_id, customer_id, interaction_ids (tuple), timestamp, observed, limit, message."""

Check = Callable[[Any, list[Row], dict[str, Row], Any, datetime], list[RefViolation]]


def checker(kind: str) -> Check | None:
    """The reference check of a built-in kind, or None if it has none."""
    try:
        module = importlib.import_module(f"cx_rules.reference.{kind}")
    except ModuleNotFoundError:
        return None
    check: Check = module.check
    return check


def sort_rows(rows: Sequence[Row]) -> list[Row]:
    """The order the engine guarantees: case, timestamp, interaction id."""
    return sorted(rows, key=lambda r: (r["case_id"], r["timestamp"], r["interaction_id"]))


def reference_evaluate(
    rows: Sequence[Row], ruleset: Ruleset, customers: Sequence[Row] | None, as_of: datetime
) -> list[RefViolation]:
    """Every violation of every enabled rule, each tagged with ``rule_id`` and ``severity``."""
    ordered = sort_rows(rows)
    profiles = {c["customer_id"]: c for c in (customers or [])}
    found: list[RefViolation] = []
    for rule in ruleset.enabled_rules:
        check = checker(rule.kind)
        if check is None:
            raise NotImplementedError(f"no reference implementation for kind {rule.kind!r}")
        for v in check(rule.parsed_params, ordered, profiles, ruleset.calendar, as_of):
            found.append({**v, "rule_id": rule.id, "severity": ruleset.severity_of(rule).value})
    return found


def by_case(rows: list[Row]) -> dict[str, list[Row]]:
    """Rows grouped by case, keeping their order."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row["case_id"], []).append(row)
    return groups
