"""The vectorized polars plan of ``personalization``."""

from __future__ import annotations

from typing import Literal

import polars as pl

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import EvalContext, duration_text, violation_rows
from cx_rules.kinds.cases import first_of_case
from cx_rules.kinds.contact import INBOUND_CUSTOMER, customer_wrote_here_before
from cx_rules.kinds.personalization.contacts import ANNOUNCES_CALL, CALL_CHANNELS, FEED_RECORD
from cx_rules.kinds.personalization.messages import (
    FREQUENT,
    LOW_CSAT,
    LOW_SENTIMENT,
    PREFERRED,
    VIP_WAITED,
    VIP_WAITING,
)
from cx_rules.kinds.personalization.params import Params
from cx_rules.kinds.waits import clock_us, wait_episodes


def _number(x: pl.Expr) -> pl.Expr:
    """Python's ``f"{x:g}"`` for the values feedback takes (short decimals)."""
    whole = x == x.round(0)
    return pl.when(whole).then(x.cast(pl.Int64).cast(pl.String)).otherwise(
        x.round(6).cast(pl.String).str.replace(r"0+$", ""))


def _vip_waiting(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    if ctx.customers is None:
        return ctx.interactions.head(0).select("case_id", "customer_id")
    vips = ctx.customers.filter(pl.col("tier").is_in(params.tiers)).select("customer_id")
    waits = wait_episodes(ctx.interactions, [a.value for a in params.reply_by]).join(
        vips, on="customer_id", how="semi").filter(
        pl.col("reply_ts").is_not_null() | ~pl.col("reply_elsewhere"))  # unknown, not waiting
    business = params.hours == "business"
    as_of = pl.lit(ctx.as_of).cast(pl.Datetime("us", "UTC"))
    end = pl.coalesce(pl.col("reply_ts"), as_of)
    elapsed = clock_us(end, ctx.calendar, business) - clock_us(
        pl.col("start_ts"), ctx.calendar, business)
    answered = pl.col("reply_ts").is_not_null()
    largest: Literal["d", "h"] = "h" if business and ctx.calendar is not None else "d"
    limit = format_duration(params.limit, largest)
    took = duration_text(pl.col("_elapsed"), largest)
    return waits.with_columns(elapsed.alias("_elapsed")).filter(
        pl.col("_elapsed") > to_us(params.limit)
    ).with_columns(
        pl.when(answered).then(pl.concat_list("start_id", "reply_id"))
        .otherwise(pl.concat_list("start_id")).alias("interaction_ids"),
        end.alias("timestamp"),
        pl.when(answered).then(took).otherwise(pl.lit("not answered after ") + took)
        .alias("observed"),
        pl.lit(limit).alias("limit"),
        pl.when(answered)
        .then(VIP_WAITED.expr(took=took, channel=pl.col("channel"), limit=limit))
        .otherwise(VIP_WAITING.expr(took=took, channel=pl.col("channel"), limit=limit))
        .alias("message"),
    )


def _negative_feedback(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    low_csat = pl.col("csat") <= params.csat_at_most
    low_sentiment = pl.col("sentiment") <= params.sentiment_at_most
    csat = low_csat.fill_null(False)
    observed = pl.when(csat).then(pl.lit("csat ") + _number(pl.col("csat"))) \
        .otherwise(pl.lit("sentiment ") + _number(pl.col("sentiment")))
    message = pl.when(csat).then(
        LOW_CSAT.expr(channel=pl.col("channel"), score=_number(pl.col("csat")))).otherwise(
        LOW_SENTIMENT.expr(channel=pl.col("channel"), score=_number(pl.col("sentiment"))))
    limit = f"csat > {params.csat_at_most:g}, sentiment > {params.sentiment_at_most:g}"
    return ctx.interactions.filter(
        (pl.col("direction") == "inbound")
        & (low_csat.fill_null(False) | low_sentiment.fill_null(False))
    ).with_columns(
        pl.concat_list("interaction_id").alias("interaction_ids"),
        observed.alias("observed"),
        pl.lit(limit).alias("limit"),
        message.alias("message"),
    )


def _preferred_channel_ignored(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    rows = ctx.with_customers(
        ctx.interactions.with_columns(customer_wrote_here_before().alias("_replied_here")))
    preferred = pl.col("customer_preferred_channel")
    found = rows.filter(
        (pl.col("direction") == "outbound")
        & pl.col("actor").is_in([a.value for a in params.actors])
        & preferred.is_not_null() & (preferred != pl.col("channel")) & ~pl.col("_replied_here")
        & ~FEED_RECORD
    )
    # only the cases with a call to excuse have their outbound texts read
    calls = found.filter(pl.col("channel").is_in(CALL_CHANNELS)).select("case_id").unique()
    announced = (
        ctx.interactions.join(calls, on="case_id", how="semi")
        .filter((pl.col("direction") == "outbound") & ANNOUNCES_CALL)
        .group_by("case_id").agg(pl.col("timestamp").min().alias("_announced"))
    )
    found = found.join(announced, on="case_id", how="left", maintain_order="left").filter(
        ~(pl.col("channel").is_in(CALL_CHANNELS)
          & (pl.col("_announced") < pl.col("timestamp")).fill_null(False)))
    return found.with_columns(
        pl.concat_list("interaction_id").alias("interaction_ids"),
        pl.col("channel").alias("observed"),
        preferred.alias("limit"),
        PREFERRED.expr(channel=pl.col("channel"), preferred=preferred).alias("message"),
    )


def _frequent_contact(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    starts = ctx.interactions.filter(INBOUND_CUSTOMER).filter(
        first_of_case()).select(
        "case_id", "customer_id", "interaction_id", "timestamp")
    epoch = pl.col("timestamp").dt.epoch("us")
    window_us = to_us(params.window)
    ordered = starts.sort("customer_id", "timestamp")
    # starts of the same customer in (t - window, t]: sorted times, two binary searches
    counted = ordered.with_columns(
        (epoch.search_sorted(epoch, side="right")
         - epoch.search_sorted(epoch - window_us, side="right")).over("customer_id")
        .alias("_count"))
    window = format_duration(params.window)
    return counted.filter(pl.col("_count") >= params.min_cases).with_columns(
        pl.concat_list("interaction_id").alias("interaction_ids"),
        (pl.col("_count").cast(pl.String) + pl.lit(f" cases in {window}")).alias("observed"),
        pl.lit(f"fewer than {params.min_cases} cases in {window}").alias("limit"),
        FREQUENT.expr(count=pl.col("_count"), window=window).alias("message"),
    )


_TRIGGERS = {"vip_waiting": _vip_waiting, "negative_feedback": _negative_feedback,
             "preferred_channel_ignored": _preferred_channel_ignored,
             "frequent_contact": _frequent_contact}


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    found = _TRIGGERS[params.trigger](params, ctx)
    if params.trigger == "vip_waiting" and ctx.customers is None:
        found = ctx.interactions.head(0).with_columns(
            pl.lit([], pl.List(pl.String)).alias("interaction_ids"),
            *(pl.lit(None, pl.String).alias(c) for c in ("observed", "limit", "message")))
    return violation_rows(found)


