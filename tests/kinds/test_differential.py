"""Differential tests generated for every rule kind from the kind's own parts.

For each kind the registry knows (built-in or plugin) and each of its example parameter sets
(``RuleKind.example_params``: its ``examples``, or the ``params`` of the YAML examples in its
documentation), random logs (with the trigger texts and business events of
``interactions(rich=True)``) give the same violations from the vectorized plan, from the
row-wise reference (when the kind has one) and from a streaming session fed event by event.
A new kind gets these tests by existing; a kind without an example fails the first test.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import given, settings

from cx_rules.kinds.registry import available_kinds, get_kind
from cx_rules.models.outputs import Violation
from cx_rules.streaming import Session
from tests.strategies import (
    assert_engines_agree,
    customers,
    interactions,
    ruleset_with,
    violation_key,
)

KINDS = sorted(available_kinds())
CASES = [(name, i) for name in KINDS for i in range(len(available_kinds()[name].example_params))]


@pytest.mark.parametrize("name", KINDS)
def test_every_kind_documents_and_exemplifies_itself(name: str) -> None:
    kind = available_kinds()[name]
    doc = kind.documentation
    for section in ("## What it checks", "## Why customers care", "## Example",
                    "## Parameters"):
        assert section in doc, f"{name}: no {section!r} section"
    assert kind.example_params, f"{name}: no example parameters (add a YAML example)"
    params = doc.split("## Parameters", 1)[1]
    for field, info in kind.params.model_fields.items():
        assert info.description, f"{name}: parameter {field} has no description"
        assert f"`{field}`" in params, f"{name}: {field} undocumented"


@pytest.mark.parametrize(("name", "index"), CASES)
@settings(max_examples=30, deadline=None)
@given(rows=interactions(rich=True), profiles=customers())
def test_plan_reference_and_stream_agree(name: str, index: int, rows: list[dict[str, Any]],
                                         profiles: list[dict[str, Any]]) -> None:
    kind = get_kind(name)
    assert kind is not None
    ruleset = ruleset_with(name, kind.example_params[index])
    end = max(r["timestamp"] for r in rows)
    if kind.reference is not None:
        batch = assert_engines_agree(ruleset, rows, profiles)
    else:
        from cx_rules import evaluate

        result = evaluate(rows, ruleset, customers=profiles, as_of=end)
        batch = Counter(violation_key(v) for v in result.violations.iter_rows(named=True))
    session = Session(ruleset, customers=profiles)
    out: list[Any] = []
    for row in sorted(rows, key=lambda r: (r["timestamp"], r["interaction_id"])):
        out += session.observe(row)
    out += session.close(end)
    streamed = Counter(violation_key(o.model_dump()) for o in out if isinstance(o, Violation))
    assert streamed == batch, f"stream-only: {streamed - batch}\nbatch-only: {batch - streamed}"
