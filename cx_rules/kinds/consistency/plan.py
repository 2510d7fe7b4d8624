"""The vectorized polars plan of ``consistency``."""

from __future__ import annotations

import polars as pl

from cx_rules.durations import to_us
from cx_rules.kinds.base import EvalContext, violation_rows
from cx_rules.kinds.cases import is_outbound_by
from cx_rules.kinds.consistency.params import Params


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


