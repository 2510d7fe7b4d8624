"""A declarative condition on each event: the rule for everything the other kinds don't cover.

## What it checks
Every event for which the expression in `when` is true. The expression language is small and
safe (it is parsed, type-checked and compiled to polars, never `eval`ed):
field comparisons (`== != < <= > >=`), `in [...]` / `not in [...]`, `x in customer.list_field`,
`matches "regex"`, `contains "text"`, `is null` / `is not null`, `and` / `or` / `not`,
arithmetic on numbers, datetimes and durations (`since_prev > 2h`), and the functions
`lower`, `upper`, `len`, `hour`, `weekday` (1 = Monday) and `abs`. Null follows SQL logic: a
comparison with a missing value is unknown, and only a definite *true* counts.

Fields: every canonical interaction field (`text`, `channel`, `direction`, `actor`, `csat`,
`identity_verified`, `timestamp`, ...), every customer profile field as `customer.<field>`
(`customer.tier`, `customer.opted_out_channels`, ...), and two derived durations:
`since_prev` (time since the previous event of the case) and `since_case_start`.

## Why customers care
Each company has promises of its own ("we never discuss account details before we verify
you", "no bot answers to VIPs"); this kind states them without writing code.

## Example
```yaml
- id: verify-before-account-details
  kind: condition
  category: privacy
  params:
    when: direction == "outbound" and identity_verified == false and text matches "(?i)your account"
    message: Shared account details before the customer's identity was verified.
```
gives, for a matching reply on chat: "Shared account details before the customer's identity was
verified."

## Parameters
- `when`: the expression (required).
- `message`: the sentence for a violation (default: `Condition met: <when>`).
"""

from __future__ import annotations

from functools import cached_property

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, field_validator

from cx_rules.expr import Expr, ExprError, parse, referenced_fields, to_polars
from cx_rules.rules.base import EvalContext, RuleKind, violation_rows
from cx_rules.schema import CUSTOMER_SCHEMA, INTERACTION_SCHEMA


def _kind_of(dtype: pl.DataType) -> str | None:
    if dtype == pl.String:
        return "str"
    if dtype == pl.Boolean:
        return "bool"
    if dtype.is_numeric():
        return "float"
    if isinstance(dtype, pl.Datetime):
        return "datetime"
    if isinstance(dtype, pl.Duration):
        return "duration"
    if dtype == pl.List(pl.String):
        return "list[str]"
    return None


def field_types() -> dict[str, str]:
    """Name -> type of every field an expression may read."""
    fields = {n: k for n, t in INTERACTION_SCHEMA.items() if (k := _kind_of(t))}
    fields |= {f"customer.{n}": k for n, t in CUSTOMER_SCHEMA.items()
               if n != "customer_id" and (k := _kind_of(t))}
    fields |= {"since_prev": "duration", "since_case_start": "duration"}
    return fields


FIELDS = field_types()


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    when: str = Field(min_length=1)
    message: str | None = None

    @field_validator("when")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            parse(value, FIELDS)
        except ExprError as exc:
            raise ValueError(str(exc)) from None
        return value

    @cached_property
    def expr(self) -> Expr:
        return parse(self.when, FIELDS)

    @property
    def sentence(self) -> str:
        return self.message or f"Condition met: {self.when}"


def derived(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Add ``since_prev`` and ``since_case_start`` (frame sorted by case, time, id)."""
    ts = pl.col("timestamp")
    return frame.with_columns(
        (ts - ts.shift(1).over("case_id")).alias("since_prev"),
        (ts - ts.first().over("case_id")).alias("since_case_start"),
    )


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    columns = referenced_fields(params.expr)
    frame = ctx.interactions
    if columns & {"since_prev", "since_case_start"}:
        frame = derived(frame)
    if any(c.startswith("customer_") for c in columns):
        frame = ctx.with_customers(frame)
    hits = frame.filter(to_polars(params.expr).fill_null(False))
    return violation_rows(hits.with_columns(
        pl.concat_list(pl.col("interaction_id")).alias("interaction_ids"),
        pl.lit("condition met").alias("observed"),
        pl.lit("condition false").alias("limit"),
        pl.lit(params.sentence).alias("message"),
    ))


KIND = RuleKind(name="condition", params=Params, evaluate=evaluate, doc=__doc__ or "")
