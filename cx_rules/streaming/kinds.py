"""What the streaming session takes from each rule kind: its hooks and its reference check.

The violations always come from the kind's own reference check (``RuleKind.reference``) or,
for a kind without one, from its vectorized plan run on the few rows at hand: the session
never re-implements a rule. The hooks (scope, timers, finality, retention, channels) are the
kind's ``RuleKind.stream`` (see :class:`cx_rules.kinds.base.StreamHooks`); a plugin kind that
declares none gets the honest defaults, which keep case eviction on for the other rules.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.kinds.base import Check, RefViolation, Row, RuleKind, StreamHooks
from cx_rules.kinds.registry import get_kind


def _kind(name: str) -> RuleKind:
    kind = get_kind(name)
    if kind is None:
        raise ValueError(f"unknown rule kind {name!r}")
    return kind


def stream_kind(name: str) -> StreamHooks:
    """The streaming hooks of a kind."""
    return _kind(name).stream


def reference_check(name: str) -> Check:
    """The kind's reference check, or an adapter running its vectorized plan on the rows."""
    kind = _kind(name)
    if kind.reference is not None:
        return kind.reference
    return _plan_check(kind)


def at_risk_check(name: str) -> Check | None:
    """The kind's row-wise at-risk check (``warn_at`` warnings), if it has one."""
    return _kind(name).at_risk_reference


def _plan_check(kind: RuleKind) -> Check:
    import polars as pl

    from cx_rules.engine.run import prepare
    from cx_rules.kinds.base import EvalContext
    from cx_rules.schema import CUSTOMER_SCHEMA, INTERACTION_SCHEMA

    def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
              as_of: datetime) -> list[RefViolation]:
        frame = prepare(pl.DataFrame(rows, schema=INTERACTION_SCHEMA))
        profiles = pl.DataFrame(list(customers.values()), schema=CUSTOMER_SCHEMA).lazy() \
            if customers else None
        ctx = EvalContext(interactions=frame.lazy(), customers=profiles, calendar=calendar,
                          as_of=as_of)
        out = kind.evaluate(params, ctx).collect()
        return [{**v, "interaction_ids": tuple(v["interaction_ids"])}
                for v in out.iter_rows(named=True)]

    return check
