"""What a rule kind is: a parameter model, a vectorized plan builder and its documentation.

Built-in kinds and plugin kinds are the same thing: a :class:`RuleKind` value, registered under
the entry-point group ``cx_rules.rule_kinds``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl
from pydantic import BaseModel

from cx_rules.calendar import Calendar
from cx_rules.schema import VIOLATION_CORE_SCHEMA

RULE_KIND_API = 1
"""Version of the rule-kind interface; a plugin built for another version is refused."""


@dataclass(frozen=True)
class EvalContext:
    """What a rule kind's plan may read.

    ``interactions`` is the canonical frame sorted by case_id, timestamp, interaction_id.
    ``customers`` holds validated profiles (or is None). ``as_of`` is "now": the end of the log
    unless the caller says otherwise; deadlines that pass by then are violations.
    """

    interactions: pl.LazyFrame
    customers: pl.LazyFrame | None
    calendar: Calendar | None
    as_of: datetime

    def with_customers(self, frame: pl.LazyFrame | None = None) -> pl.LazyFrame:
        """The frame with every profile field joined as ``customer_<field>`` (nulls if unknown)."""
        from cx_rules.schema import CUSTOMER_SCHEMA

        base = self.interactions if frame is None else frame
        if self.customers is None:
            return base.with_columns(
                pl.lit(None, dtype=t).alias(f"customer_{f}")
                for f, t in CUSTOMER_SCHEMA.items() if f != "customer_id"
            )
        prefixed = self.customers.select(
            pl.col("customer_id"),
            *(pl.col(f).alias(f"customer_{f}") for f in CUSTOMER_SCHEMA if f != "customer_id"),
        )
        return base.join(prefixed, on="customer_id", how="left", maintain_order="left")


Evaluate = Callable[[Any, EvalContext], pl.LazyFrame]


@dataclass(frozen=True)
class RuleKind:
    """A kind of rule. ``evaluate(params, ctx)`` returns a lazy plan of violation rows
    with the columns of :data:`cx_rules.schema.VIOLATION_CORE_SCHEMA`."""

    name: str
    params: type[BaseModel]
    evaluate: Evaluate
    doc: str
    needs_customers: bool = False
    api_version: int = RULE_KIND_API
    origin: str = "built-in"

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name


def violation_rows(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Select and cast a rule's output to the violation core columns, in order."""
    return frame.select(
        pl.col(name).cast(dtype) for name, dtype in VIOLATION_CORE_SCHEMA.items()
    )


def duration_text(us: pl.Expr) -> pl.Expr:
    """Vectorized :func:`cx_rules.durations.format_duration` (two most significant units)."""
    total = us.abs() // 1_000_000
    days = total // 86_400
    hours = (total % 86_400) // 3_600
    minutes = (total % 3_600) // 60
    seconds = total % 60
    parts = [(days, "d"), (hours, "h"), (minutes, "m"), (seconds, "s")]
    text: pl.Expr = pl.lit("0s")
    # build from least to most significant so the most significant non-zero unit wins
    for i in range(len(parts) - 1, -1, -1):
        value, unit = parts[i]
        nxt = parts[i + 1] if i + 1 < len(parts) else None
        head = value.cast(pl.String) + pl.lit(unit)
        if nxt is not None:
            nv, nu = nxt
            tail = head + pl.lit(" ") + nv.cast(pl.String) + pl.lit(nu)
            head = pl.when(nv > 0).then(tail).otherwise(head)
        text = pl.when(value > 0).then(head).otherwise(text)
    return pl.when(us < 0).then(pl.lit("-") + text).otherwise(text)
