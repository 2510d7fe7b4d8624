"""The vectorized polars plan of ``repeat_contact``."""

from __future__ import annotations

import polars as pl

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import EvalContext, duration_text, violation_rows
from cx_rules.kinds.cases import (
    INBOUND_CUSTOMER,
    IS_RESOLUTION,
    case_starts,
    case_topics,
    first_of_case,
)
from cx_rules.kinds.repeat_contact.messages import (
    BACK_OTHER,
    BACK_OTHER_TOPIC,
    BACK_SAME,
    BACK_SAME_TOPIC,
    SWITCHED,
)
from cx_rules.kinds.repeat_contact.params import Params


def _after_resolution(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    starts = case_starts(ctx.interactions)
    if params.channels is not None:
        starts = starts.filter(pl.col("start_channel").is_in([c.value for c in params.channels]))
    resolutions = ctx.interactions.filter(IS_RESOLUTION).select(
        "customer_id",
        pl.col("case_id").alias("res_case"),
        pl.col("interaction_id").alias("res_id"),
        pl.col("timestamp").alias("res_ts"),
    )
    by = ["customer_id"]
    if params.same_topic:
        topics = case_topics(ctx.interactions)
        starts = starts.join(topics, on="case_id", how="inner")
        resolutions = resolutions.join(
            topics.rename({"case_id": "res_case"}), on="res_case", how="inner"
        )
        by.append("case_topic")
    # one candidate per (group, instant): the greatest interaction id wins ties
    resolutions = resolutions.sort("res_ts", "res_id").filter(
        pl.struct(*by, "res_ts").is_last_distinct()
    )
    matched = starts.sort("start_ts").join_asof(
        resolutions,
        left_on="start_ts",
        right_on="res_ts",
        by=by,
        strategy="backward",
        allow_exact_matches=False,
        check_sortedness=False,
    )
    gap = pl.col("start_ts").dt.epoch("us") - pl.col("res_ts").dt.epoch("us")
    found = matched.filter(pl.col("res_ts").is_not_null() & (gap <= to_us(params.window)))
    window = format_duration(params.window)
    values: dict[str, pl.Expr | str] = {"gap": duration_text(gap), "window": window,
                                        "topic": pl.col("case_topic"), "case": pl.col("res_case")}
    same, other = BACK_SAME, BACK_OTHER
    if params.same_topic:
        same, other = BACK_SAME_TOPIC, BACK_OTHER_TOPIC
    message = (pl.when(pl.col("res_case") == pl.col("case_id"))
               .then(same.expr(**values)).otherwise(other.expr(**values)))
    return found.with_columns(
        pl.concat_list(pl.col("res_id"), pl.col("start_id")).alias("interaction_ids"),
        pl.col("start_ts").alias("timestamp"),
        duration_text(gap).alias("observed"),
        pl.lit(window).alias("limit"),
        message.alias("message"),
    )


def _channel_switch(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    # the rows stay in case order, so each case's first inbound row is found by comparing
    # neighbours, and its position (never null) is carried down to the rest of the case
    first_at = pl.when(first_of_case()).then(pl.int_range(pl.len(), dtype=pl.Int64)).forward_fill()
    inbound = ctx.interactions.filter(INBOUND_CUSTOMER).with_columns(
        pl.col("channel").gather(first_at).alias("first_channel"),
        pl.col("interaction_id").gather(first_at).alias("first_id"),
    )
    if params.channels is not None:
        inbound = inbound.filter(
            pl.col("first_channel").is_in([c.value for c in params.channels])
        )
    switches = inbound.filter(pl.col("channel") != pl.col("first_channel")).filter(
        first_of_case()
    )
    return switches.with_columns(
        pl.concat_list(pl.col("first_id"), pl.col("interaction_id")).alias("interaction_ids"),
        (pl.col("first_channel") + pl.lit(" → ") + pl.col("channel")).alias("observed"),
        pl.lit("one channel").alias("limit"),
        SWITCHED.expr(first=pl.col("first_channel"), channel=pl.col("channel"),
                      case=pl.col("case_id")).alias("message"),
    )


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    if params.mode == "channel_switch":
        return violation_rows(_channel_switch(params, ctx))
    return violation_rows(_after_resolution(params, ctx))
