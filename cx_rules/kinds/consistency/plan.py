"""The company must tell the customer the same thing everywhere.

## What it checks
Every outbound message can carry **claims**: structured facts stated to the customer
(`delivery_date`, `price`, `refund_days`, ...). Each claim is compared with the previous claim of
the same key made to the same customer, within the same case (`scope: case`) or across all the
customer's cases (`scope: customer`). Values are compared after trimming, collapsing inner
whitespace and lowercasing, so `" 10 "` and `"10"` agree but `"10"` and `"12"` do not. A claim
that contradicts the one just before it is a violation on the later message. Statements are
ordered by time, then interaction id; claims without a key or value are ignored.

## Why customers care
Hearing "Thursday" from the chatbot and "next Monday" from the agent by e-mail is worse than
hearing either: the customer no longer knows what to plan around, and learns that whatever the
company says next may change again.

## Example
```yaml
- id: same-delivery-date
  kind: consistency
  category: consistency
  severity: error
  params: {keys: [delivery_date], scope: case}
```
An e-mail saying delivery_date `2026-03-05` followed by a chat saying `2026-03-09` gives:
"Told the customer delivery_date '2026-03-09' on chat, but '2026-03-05' on email earlier in this
case." (with `scope: customer`, a statement from another case names it: "... earlier (case c7).")

## Parameters
- `keys`: the claim keys to check (default: every key).
- `scope`: `case` (default) compares statements within a case; `customer` across all the
  customer's cases.
- `window`: with `scope: customer`, statements further apart than this are not compared
  (default: no limit). Not allowed with `scope: case`.
- `actors`: whose outbound messages count as statements (default `[agent, bot, system]`).
"""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, model_validator

from cx_rules.durations import PositiveDuration, to_us
from cx_rules.models.enums import Actor
from cx_rules.rules._cases import is_outbound_by
from cx_rules.rules.base import EvalContext, RuleKind, violation_rows


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    keys: list[str] | None = Field(default=None, min_length=1)
    scope: Literal["case", "customer"] = "case"
    window: PositiveDuration | None = None
    actors: list[Actor] = Field(
        default_factory=lambda: [Actor.AGENT, Actor.BOT, Actor.SYSTEM], min_length=1
    )


    @model_validator(mode="after")
    def _window_needs_customer_scope(self) -> Params:
        if self.window is not None and self.scope != "customer":
            raise ValueError("window only applies with scope: customer")
        return self


def normalised(value: pl.Expr) -> pl.Expr:
    """Trimmed, inner whitespace collapsed to one space, lowercased."""
    return value.str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()


def statements(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    """One row per (outbound message, claim): case_id, customer_id, interaction_id, timestamp,
    channel, key, value (stripped), norm (normalised)."""
    rows = ctx.interactions.filter(
        is_outbound_by([a.value for a in params.actors]) & pl.col("claims").is_not_null()
    ).select("case_id", "customer_id", "interaction_id", "timestamp", "channel", "claims")
    out = (
        rows.explode("claims")
        .unnest("claims")
        .filter(pl.col("key").is_not_null() & pl.col("value").is_not_null())
    )
    if params.keys is not None:
        out = out.filter(pl.col("key").is_in(params.keys))
    return out.with_columns(
        normalised(pl.col("value")).alias("norm"),
        pl.col("value").str.strip_chars().alias("value"),
    )


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    scope = "case_id" if params.scope == "case" else "customer_id"
    ordered = statements(params, ctx).sort(
        scope, "key", "timestamp", "interaction_id", "case_id", maintain_order=True
    )
    prev = {c: pl.col(c).shift(1) for c in (scope, "key")}
    same_group = (pl.col(scope) == prev[scope]) & (pl.col("key") == prev["key"])
    compared = ordered.with_columns(
        same_group.fill_null(False).alias("_same"),
        *(
            pl.col(c).shift(1).alias(f"prev_{c}")
            for c in ("case_id", "interaction_id", "timestamp", "channel", "value", "norm")
        ),
    )
    hit = pl.col("_same") & (pl.col("norm") != pl.col("prev_norm"))
    if params.window is not None:
        gap = pl.col("timestamp").dt.epoch("us") - pl.col("prev_timestamp").dt.epoch("us")
        hit = hit & (gap <= to_us(params.window))
    found = compared.filter(hit)
    where = (
        pl.when(pl.col("prev_case_id") == pl.col("case_id"))
        .then(pl.lit(" earlier in this case."))
        .otherwise(pl.lit(" earlier (case ") + pl.col("prev_case_id") + pl.lit(")."))
    )
    this_said = pl.lit("'") + pl.col("value") + pl.lit("' on ") + pl.col("channel")
    prev_said = pl.lit("'") + pl.col("prev_value") + pl.lit("' on ") + pl.col("prev_channel")
    return violation_rows(
        found.with_columns(
            pl.concat_list(pl.col("prev_interaction_id"), pl.col("interaction_id")).alias(
                "interaction_ids"
            ),
            (this_said + pl.lit(" vs ") + prev_said).alias("observed"),
            pl.lit("same value").alias("limit"),
            (
                pl.lit("Told the customer ") + pl.col("key") + pl.lit(" ") + this_said
                + pl.lit(", but ") + prev_said + where
            ).alias("message"),
        )
    )


KIND = RuleKind(name="consistency", params=Params, evaluate=evaluate, doc=__doc__ or "")
