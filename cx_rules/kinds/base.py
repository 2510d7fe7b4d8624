"""What a rule kind is: every part of it, in one value.

A kind is one package (``cx_rules/kinds/<kind>/``, or a plugin's module) whose ``KIND`` is a
:class:`RuleKind`: its parameter model (whose field descriptions are the ``## Parameters``
section of its documentation), its vectorized polars plan, its row-wise reference check, its
streaming hooks, and the optional input fields it needs. Built-in kinds and plugin kinds are
the same thing; plugins register theirs under the entry-point group ``cx_rules.rule_kinds``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import polars as pl
from pydantic import BaseModel
from pydantic.config import JsonDict

from cx_rules.calendar import Calendar
from cx_rules.messages import Catalogue, message_columns
from cx_rules.messages import template_expr as template_expr
from cx_rules.models.enums import Channel
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
        return with_customer_fields(self.interactions if frame is None else frame,
                                    self.customers)


def with_customer_fields(frame: pl.LazyFrame, customers: pl.LazyFrame | None) -> pl.LazyFrame:
    """``frame`` (with ``customer_id``) with every profile field of its customer joined as
    ``customer_<field>``, the columns an expression's ``customer.<field>`` reads (nulls for a
    customer without a profile, or when there are no profiles)."""
    from cx_rules.schema import CUSTOMER_SCHEMA

    if customers is None:
        return frame.with_columns(
            pl.lit(None, dtype=t).alias(f"customer_{f}")
            for f, t in CUSTOMER_SCHEMA.items() if f != "customer_id"
        )
    prefixed = customers.select(
        pl.col("customer_id"),
        *(pl.col(f).alias(f"customer_{f}") for f in CUSTOMER_SCHEMA if f != "customer_id"),
    )
    return frame.join(prefixed, on="customer_id", how="left", maintain_order="left")


COMMON = Catalogue("cx_rules.kinds")
"""The words every kind's messages share (channel names), in ``cx_rules/kinds/locale``."""
COMMON.term(*(c.value for c in Channel))
CHANNELS: tuple[str, ...] = tuple(c.value for c in Channel)
"""The ``terms`` of a message field holding a channel."""

Evaluate = Callable[[Any, EvalContext], pl.LazyFrame]
"""``plan(params, ctx)``: a lazy plan of violation rows (:data:`VIOLATION_CORE_SCHEMA`)."""

Row = dict[str, Any]
"""One canonical interaction (or profile) as a plain dict, for the row-wise reference checks."""
RefViolation = dict[str, Any]
"""case_id, customer_id, interaction_ids (tuple), timestamp, observed, limit, message."""
Check = Callable[[Any, list[Row], dict[str, Row], Any, datetime], list[RefViolation]]
"""``check(params, rows, profiles_by_customer, calendar, as_of)``: the row-wise reference;
``rows`` come in case, timestamp, interaction id order (:func:`sort_rows`)."""


def sort_rows(rows: Sequence[Row]) -> list[Row]:
    """The order the engine guarantees: case, timestamp, interaction id."""
    return sorted(rows, key=lambda r: (r["case_id"], r["timestamp"], r["interaction_id"]))


def by_case(rows: list[Row]) -> dict[str, list[Row]]:
    """Rows grouped by case, keeping their order."""
    groups: dict[str, list[Row]] = {}
    for row in rows:
        groups.setdefault(row["case_id"], []).append(row)
    return groups


# ---- streaming hooks ---------------------------------------------------------------------------

Scope = Literal["event", "case", "customer"]
NextChange = Callable[[Any, list[Row], Any, datetime], datetime | None]
Final = Callable[[Any, RefViolation, list[Row], datetime], bool]


def always_final(params: Any, violation: RefViolation, rows: list[Row], now: datetime) -> bool:
    """The generic rule: a violation found identically now and far ahead is final."""
    return True


def never_unbounded(params: Any) -> bool:
    return False


def any_channel(params: Any) -> frozenset[str] | None:
    return None


def customer_scope(params: Any) -> Scope:
    return "customer"


def may_change_with_time(params: Any) -> bool:
    return True


def earliest(times: list[datetime], after: datetime) -> datetime | None:
    """The earliest of ``times`` later than ``after`` (a ``next_change`` helper)."""
    later = [t for t in times if t > after]
    return min(later) if later else None


@dataclass(frozen=True)
class StreamHooks:
    """What the streaming session needs to know about a kind beyond its reference check.

    ``scope(params)``
        the smallest set of rows a check must see so that its violations for those rows are
        the batch's: ``event``, ``case`` or ``customer`` (every retained row of the customer).
    ``time_dependent(params)``
        whether the output can change by time alone (a limit running out).
    ``next_change(params, rows, calendar, after)``
        the earliest time after ``after`` at which the output for these rows can change by
        time alone; ``None`` when it cannot. Without it a time-dependent kind is re-checked
        at every ``advance`` while it has open items.
    ``final(params, violation, rows, now)``
        whether a violation found identically at "now" and far ahead can still change with a
        later event (default: it cannot).
    ``unbounded(params)``
        the rule may need a customer's rows forever: the session then never evicts.
    ``channels(params)``
        the channels a case must have a row on for the rule to find anything in it.
    ``next_warning(params, rows, calendar, after)``
        the earliest time after ``after`` at which something of these rows becomes at risk
        (the kind's ``at_risk_reference``); ``None``: no warning to come.

    The defaults (what a kind that declares none gets, such as most plugins) are honest and
    local: the customer's retained rows, re-checked at every ``advance``, bounded by the
    ruleset's retention (its longest duration), so one plugin kind never turns off case
    eviction for the other rules. A kind that must see older rows says ``unbounded``.
    """

    scope: Callable[[Any], Scope] = customer_scope
    time_dependent: Callable[[Any], bool] = may_change_with_time
    next_change: NextChange | None = None
    final: Final = always_final
    unbounded: Callable[[Any], bool] = never_unbounded
    channels: Callable[[Any], frozenset[str] | None] = any_channel
    next_warning: NextChange | None = None


DEFAULT_STREAM = StreamHooks()


def needs_nothing(params: Any) -> frozenset[str]:
    return frozenset()


MORE_IS_LOOSER: JsonDict = {"diff": "more_is_looser"}
"""Field metadata (``json_schema_extra``) for a list parameter whose every added item can only
remove violations (more actors counting as a reply, more statuses stopping a clock): the
ruleset diff calls adding items a minor change and removing them a major one."""
MORE_IS_STRICTER: JsonDict = {"diff": "more_is_stricter"}
"""Field metadata for a list parameter whose added items can only add violations (more
channels or entities watched)."""


@dataclass(frozen=True)
class RuleKind:
    """A kind of rule: everything about it, in one value.

    ``evaluate(params, ctx)`` is the vectorized plan: a lazy plan of violation rows with the
    columns of :data:`cx_rules.schema.VIOLATION_CORE_SCHEMA`. ``reference`` is the row-wise
    check the plan is tested against (and the streaming session runs); ``None`` for a kind
    without one (the session then runs the plan on the rows at hand). ``stream`` holds the
    streaming hooks. ``needs(params)`` names the optional canonical fields (``status``,
    ``claims``, ``text``...) without which a rule with these parameters cannot find anything
    (``a|b``: either field will do). ``examples`` are parameter sets for the generated
    differential tests (default: the ``params`` of the documentation's YAML examples).
    ``doc`` is the Markdown documentation; its ``## Parameters`` section is generated from
    the parameter model's field descriptions (:attr:`documentation`).
    """

    name: str
    params: type[BaseModel]
    evaluate: Evaluate
    doc: str
    reference: Check | None = None
    stream: StreamHooks = DEFAULT_STREAM
    needs: Callable[[Any], frozenset[str]] = needs_nothing
    examples: tuple[dict[str, Any], ...] = ()
    needs_customers: bool = False
    at_risk: Evaluate | None = None
    """The plan of what is *at risk* at ``as_of`` (e.g. open waits past a ``warn_at`` point):
    rows of the violation schema that are never violations (``lint --at-risk``)."""
    at_risk_reference: Check | None = None
    """The row-wise twin of ``at_risk`` (the streaming session's warnings)."""
    api_version: int = RULE_KIND_API
    origin: str = "built-in"

    @property
    def summary(self) -> str:
        """The first line of the documentation."""
        return self.doc.strip().splitlines()[0] if self.doc.strip() else self.name

    @property
    def example_params(self) -> tuple[dict[str, Any], ...]:
        """``examples``, or else the ``params`` of the documentation's YAML examples."""
        if self.examples:
            return self.examples
        from cx_rules.kinds.docs import yaml_example_params

        return yaml_example_params(self.doc)

    @property
    def documentation(self) -> str:
        """The whole Markdown documentation, ``## Parameters`` generated from the model."""
        from cx_rules.kinds.docs import with_parameters

        return with_parameters(self.doc, self.params)


def durations_in(value: Any) -> list[timedelta]:
    """Every duration in a parameter model (windows, limits, grace periods), recursively."""
    if isinstance(value, timedelta):
        return [value]
    if isinstance(value, BaseModel):
        return [d for name in type(value).model_fields
                for d in durations_in(getattr(value, name))]
    if isinstance(value, dict):
        return [d for v in value.values() for d in durations_in(v)]
    if isinstance(value, list | tuple | set | frozenset):
        return [d for v in value for d in durations_in(v)]
    return []


def violation_rows(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Select and cast a rule's output to the violation core columns, in order (its
    ``message`` a :meth:`~cx_rules.messages.Message.expr` struct or plain text)."""
    return message_columns(frame).select(
        pl.col(name).cast(dtype) for name, dtype in VIOLATION_CORE_SCHEMA.items()
    )


def duration_text(us: pl.Expr, largest: Literal["d", "h"] = "d") -> pl.Expr:
    """Vectorized :func:`cx_rules.durations.format_duration` (two most significant units;
    ``largest="h"`` never rolls hours into days). Integer arithmetic throughout, on Int64
    (a literal's dynamic integer type would otherwise meet Int32 constants), so spans of
    thousands of years print exactly."""
    us = us.cast(pl.Int64)
    total = us.abs() // 1_000_000
    days = total // 86_400 if largest == "d" else total * 0
    hours = (total % 86_400) // 3_600 if largest == "d" else total // 3_600
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
