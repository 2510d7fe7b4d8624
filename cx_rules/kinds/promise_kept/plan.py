"""The vectorized polars plan of ``promise_kept``."""

from __future__ import annotations

import polars as pl

from cx_rules.kinds.base import EvalContext, duration_text, violation_rows
from cx_rules.kinds.cases import UTC_US, is_outbound_by
from cx_rules.kinds.promise_kept.params import TIME_FORMAT, Params


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    promises = ctx.interactions.filter(
        (pl.col("direction") == "outbound") & pl.col("promise_due").is_not_null()
    )
    if params.channels is not None:
        promises = promises.filter(pl.col("channel").is_in([c.value for c in params.channels]))
    promises = promises.select(
        "case_id",
        "customer_id",
        "channel",
        pl.col("interaction_id").alias("p_id"),
        pl.col("timestamp").alias("p_ts"),
        (pl.col("promise_due") + pl.lit(params.grace)).alias("due"),
    )
    # candidates in (case, time, id) order; the first of each instant is the one that counts
    fulfilments = (
        ctx.interactions.filter(is_outbound_by([a.value for a in params.fulfil_by]))
        .select(
            "case_id",
            pl.col("interaction_id").alias("f_id"),
            pl.col("timestamp").alias("f_ts"),
        )
        .filter(pl.struct("case_id", "f_ts").is_first_distinct())
        .sort("f_ts")
    )
    matched = promises.sort("p_ts").join_asof(
        fulfilments,
        left_on="p_ts",
        right_on="f_ts",
        by="case_id",
        strategy="forward",
        allow_exact_matches=False,
        check_sortedness=False,
    )
    as_of = pl.lit(ctx.as_of).cast(UTC_US)
    kept = pl.col("f_ts").is_not_null()
    late = kept & (pl.col("f_ts") > pl.col("due"))
    lost = ~kept & (as_of > pl.col("due"))
    due_text = pl.col("due").dt.strftime(TIME_FORMAT)
    lateness = duration_text(pl.col("f_ts").dt.epoch("us") - pl.col("due").dt.epoch("us"))
    as_of_text = pl.lit(ctx.as_of.strftime(TIME_FORMAT))
    promised = pl.lit("Promised by ") + due_text + pl.lit(" on ") + pl.col("channel")
    return violation_rows(
        matched.filter(late | lost).with_columns(
            pl.when(kept)
            .then(pl.concat_list(pl.col("p_id"), pl.col("f_id")))
            .otherwise(pl.concat_list(pl.col("p_id")))
            .alias("interaction_ids"),
            pl.when(kept).then(pl.col("f_ts")).otherwise(pl.col("due")).alias("timestamp"),
            pl.when(kept).then(pl.lit("kept ") + lateness + pl.lit(" late"))
            .otherwise(pl.lit("not kept by ") + as_of_text).alias("observed"),
            due_text.alias("limit"),
            pl.when(kept).then(promised + pl.lit("; kept ") + lateness + pl.lit(" late."))
            .otherwise(promised + pl.lit("; nothing happened by ") + as_of_text + pl.lit("."))
            .alias("message"),
        )
    )


