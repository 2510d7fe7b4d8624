"""The vectorized polars plan of ``follow_up``."""

from __future__ import annotations

import polars as pl

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import EvalContext, duration_text, violation_rows
from cx_rules.kinds.cases import (
    UTC_US,
    case_first_channels,
    first_of_case,
    first_resolutions,
    is_outbound_by,
)
from cx_rules.kinds.follow_up.messages import MISSING, UNWANTED
from cx_rules.kinds.follow_up.params import TIME_FORMAT, Params


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    resolved = first_resolutions(ctx.interactions)
    if params.channels is not None:
        resolved = resolved.join(
            case_first_channels(ctx.interactions), on="case_id", how="inner",
            maintain_order="left",
        ).filter(pl.col("case_channel").is_in([c.value for c in params.channels]))
    within_us = to_us(params.within)
    res_us = pl.col("res_ts").dt.epoch("us")
    follow_ups = (
        ctx.interactions.filter(is_outbound_by([a.value for a in params.actors]))
        .select(
            "case_id",
            pl.col("interaction_id").alias("f_id"),
            pl.col("timestamp").alias("f_ts"),
        )
        .join(resolved.select("case_id", "res_ts"), on="case_id", how="inner",
              maintain_order="left")
        .filter(
            (pl.col("f_ts") > pl.col("res_ts"))
            & (pl.col("f_ts").dt.epoch("us") <= res_us + within_us)
        )
        .filter(first_of_case())
        .select("case_id", "f_id", "f_ts")
    )
    within = format_duration(params.within)
    if params.require:
        end = pl.col("res_ts") + pl.lit(params.within)
        as_of = pl.lit(ctx.as_of).cast(UTC_US)
        missing = resolved.join(follow_ups, on="case_id", how="anti").filter(as_of >= end)
        return violation_rows(
            missing.with_columns(
                pl.concat_list(pl.col("res_id")).alias("interaction_ids"),
                end.alias("timestamp"),
                pl.lit(f"no follow-up within {within}").alias("observed"),
                pl.lit(within).alias("limit"),
                MISSING.expr(resolved=pl.col("res_ts").dt.strftime(TIME_FORMAT),
                             within=within).alias("message"),
            )
        )
    contacted = resolved.join(follow_ups, on="case_id", how="inner")
    after = duration_text(pl.col("f_ts").dt.epoch("us") - res_us)
    return violation_rows(
        contacted.with_columns(
            pl.concat_list(pl.col("res_id"), pl.col("f_id")).alias("interaction_ids"),
            pl.col("f_ts").alias("timestamp"),
            (pl.lit("contacted after ") + after).alias("observed"),
            pl.lit(f"no contact within {within}").alias("limit"),
            UNWANTED.expr(after=after, within=within).alias("message"),
        )
    )


