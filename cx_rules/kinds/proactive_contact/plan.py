"""The vectorized polars plan of ``proactive_contact``."""

from __future__ import annotations

import polars as pl

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import EvalContext, duration_text, template_expr, violation_rows
from cx_rules.kinds.cases import INBOUND_CUSTOMER, UTC_US, is_outbound_by
from cx_rules.kinds.phrases import HAS_TEXT, normalised
from cx_rules.kinds.proactive_contact.messages import ASKED, LATE
from cx_rules.kinds.proactive_contact.params import (
    ASKED_OBSERVED,
    LATE_OBSERVED,
    LIMIT,
    TIME_FORMAT,
    Params,
)


def _first_after(left: pl.LazyFrame, right: pl.LazyFrame, on: str,
                 at_once: bool = False) -> pl.LazyFrame:
    """Each row of ``left`` with the customer's first row of ``right`` strictly after ``t``
    (``at_once``: at ``t`` or after)."""
    return left.sort("t").join_asof(
        right.sort(on), left_on="t", right_on=on, by="customer_id", strategy="forward",
        allow_exact_matches=at_once, check_sortedness=False)


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    rows = ctx.interactions
    # one problem per instant (the smallest id); a problem within `window` of the previous one
    # with nothing ended in between is the same problem (an update), judged once
    problems = rows.filter(pl.col("event").is_in(params.events)).select(
        "case_id", "customer_id", pl.col("interaction_id").alias("inc_id"),
        pl.col("timestamp").alias("t"), pl.col("event").alias("ev")).sort("t", "inc_id").filter(
        pl.struct("customer_id", "t").is_first_distinct())
    previous = problems.select("customer_id", pl.col("t").alias("p_ts"))
    last_end = rows.filter(pl.col("event").is_in(params.resolved_events)).select(
        "customer_id", pl.col("timestamp").alias("e_ts")).unique().sort("e_ts")
    incidents = problems.join_asof(
        previous, left_on="t", right_on="p_ts", by="customer_id", strategy="backward",
        allow_exact_matches=False, check_sortedness=False).join_asof(
        last_end, left_on="t", right_on="e_ts", by="customer_id", strategy="backward",
        allow_exact_matches=True, check_sortedness=False).filter(
        pl.col("p_ts").is_null()
        | (pl.col("t").dt.epoch("us") - pl.col("p_ts").dt.epoch("us") > to_us(params.window))
        | (pl.col("e_ts").is_not_null() & (pl.col("e_ts") > pl.col("p_ts"))))
    # the customer's first message of each instant: the smallest interaction id
    asks = rows.filter(INBOUND_CUSTOMER).select(
        "customer_id", pl.col("interaction_id").alias("i_id"),
        pl.col("timestamp").alias("i_ts")).sort("i_ts", "i_id").filter(
        pl.struct("customer_id", "i_ts").is_first_distinct())
    notices = rows.filter(is_outbound_by([a.value for a in params.notify_by])
                          & normalised(pl.col("text")).str.contains(HAS_TEXT).fill_null(False)
                          ).select(
        "customer_id", pl.col("timestamp").alias("n_ts")).unique()
    ends = rows.filter(pl.col("event").is_in(params.resolved_events)).select(
        "customer_id", pl.col("timestamp").alias("r_ts")).unique()
    found = _first_after(_first_after(_first_after(incidents, asks, "i_ts"), notices, "n_ts", True),
                         ends, "r_ts")
    t_us = pl.col("t").dt.epoch("us")
    deadline = pl.col("t") + pl.lit(params.notify_within)
    gap = pl.col("i_ts").dt.epoch("us") - t_us
    asked = (pl.col("i_ts").is_not_null() & (gap <= to_us(params.window))
             & (pl.col("i_ts") <= deadline))
    told_first = pl.col("n_ts").is_not_null() & (pl.col("n_ts") <= pl.col("i_ts"))
    told_in_time = pl.col("n_ts").is_not_null() & (pl.col("n_ts") <= deadline)
    ended = pl.col("r_ts").is_not_null() & (pl.col("r_ts") <= deadline)
    late = ~asked & ~told_in_time & ~ended & (pl.lit(ctx.as_of).cast(UTC_US) > deadline)
    within = format_duration(params.notify_within)
    time = pl.col("t").dt.strftime(TIME_FORMAT)
    after = duration_text(gap)
    flagged = found.filter((asked & ~told_first) | late).with_columns(asked.alias("_asked"))
    first = pl.col("_asked")
    return violation_rows(flagged.with_columns(
        pl.when(first).then(pl.concat_list("inc_id", "i_id")).otherwise(
            pl.concat_list("inc_id")).alias("interaction_ids"),
        pl.when(first).then(pl.col("i_ts")).otherwise(deadline).alias("timestamp"),
        pl.when(first).then(template_expr(ASKED_OBSERVED, after=after, event=pl.col("ev")))
        .otherwise(pl.lit(LATE_OBSERVED.format(within=within))).alias("observed"),
        pl.lit(LIMIT.format(within=within)).alias("limit"),
        pl.when(first).then(ASKED.expr(after=after, event=pl.col("ev"), time=time))
        .otherwise(LATE.expr(event=pl.col("ev"), time=time, within=within))
        .alias("message"),
    ))
