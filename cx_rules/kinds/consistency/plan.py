"""The vectorized polars plan of ``consistency``."""

from __future__ import annotations

import polars as pl

from cx_rules.durations import to_us
from cx_rules.kinds.base import EvalContext, template_expr, violation_rows
from cx_rules.kinds.cases import is_outbound_by
from cx_rules.kinds.consistency.messages import OTHER_CASE, SAME_CASE
from cx_rules.kinds.consistency.params import OBSERVED, Params
from cx_rules.kinds.text_inputs import FACT_DTYPE, text_facts, zone_expr


def normalised(value: pl.Expr) -> pl.Expr:
    """Trimmed, inner whitespace collapsed to one space, lowercased."""
    return value.str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()


def statements(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    """One row per (outbound message, claim): case_id, customer_id, interaction_id, timestamp,
    channel, key, value (stripped), norm (normalised), quote (the sentence of a text fact,
    null for a structured claim)."""
    base = ctx.interactions.filter(is_outbound_by([a.value for a in params.actors]))
    cols = ("case_id", "customer_id", "interaction_id", "timestamp", "channel")
    out = (
        base.filter(pl.col("claims").is_not_null())
        .select(*cols, "claims")
        .explode("claims")
        .unnest("claims")
        .filter(pl.col("key").is_not_null() & pl.col("value").is_not_null())
        .with_columns(pl.lit(None, dtype=pl.String).alias("quote"), pl.lit(0).alias("_src"))
        .select(*cols, "key", "value", "quote", "_src")
    )
    if params.from_text:
        texts = ctx.with_customers(base.filter(pl.col("text").is_not_null())).select(
            *cols,
            pl.struct(pl.col("text"), pl.col("timestamp"), zone_expr(ctx.calendar).alias("z"))
            .map_elements(lambda r: text_facts(r["text"], r["timestamp"], r["z"]),
                          return_dtype=FACT_DTYPE)
            .alias("facts"),
        )
        from_text = (
            texts.explode("facts").unnest("facts").filter(pl.col("key").is_not_null())
            .with_columns(pl.lit(1).alias("_src"))
            .select(*cols, "key", "value", "quote", "_src")
        )
        # a structured claim of the same key in the same message wins
        from_text = from_text.join(out.select("interaction_id", "key").unique(),
                                   on=["interaction_id", "key"], how="anti")
        out = pl.concat([out, from_text], how="vertical_relaxed").sort(
            "interaction_id", "_src", maintain_order=True)
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
            for c in ("case_id", "interaction_id", "timestamp", "channel", "value", "norm",
                      "quote")
        ),
    )
    hit = pl.col("_same") & (pl.col("norm") != pl.col("prev_norm"))
    if params.window is not None:
        gap = pl.col("timestamp").dt.epoch("us") - pl.col("prev_timestamp").dt.epoch("us")
        hit = hit & (gap <= to_us(params.window))
    found = compared.filter(hit)
    def quote(col: str) -> pl.Expr:
        return pl.when(pl.col(col).is_not_null()).then(
            pl.lit(' ("') + pl.col(col) + pl.lit('")')).otherwise(pl.lit(""))

    values = {"key": pl.col("key"), "value": pl.col("value"), "quote": quote("quote"),
              "channel": pl.col("channel"), "prev_value": pl.col("prev_value"),
              "prev_quote": quote("prev_quote"), "prev_channel": pl.col("prev_channel")}
    return violation_rows(
        found.with_columns(
            pl.concat_list(pl.col("prev_interaction_id"), pl.col("interaction_id")).alias(
                "interaction_ids"
            ),
            template_expr(OBSERVED, **values).alias("observed"),
            pl.lit("same value").alias("limit"),
            pl.when(pl.col("prev_case_id") == pl.col("case_id"))
            .then(SAME_CASE.expr(**values))
            .otherwise(OTHER_CASE.expr(**values, prev_case=pl.col("prev_case_id")))
            .alias("message"),
        )
    )


