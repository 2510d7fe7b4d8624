"""Wait episodes: a customer writes, then waits until the company replies.

Shared by ``response_time`` and ``personalization``. Within a case (events ordered by timestamp,
then interaction_id) an inbound customer message starts a wait unless one is already open; the
next outbound message by one of the reply actors ends it. Episode 0 is the first reply wait.
"""

from __future__ import annotations

import polars as pl

from cx_rules.calendar import Calendar, business_clock_us
from cx_rules.kinds.cases import first_of_case

INBOUND_CUSTOMER = (pl.col("direction") == "inbound") & (pl.col("actor") == "customer")


def is_reply(actors: list[str]) -> pl.Expr:
    """An outbound message written by one of ``actors``."""
    return (pl.col("direction") == "outbound") & pl.col("actor").is_in(actors)


def clock_us(ts: pl.Expr, calendar: Calendar | None, business: bool) -> pl.Expr:
    """Microseconds on the clock that limits are measured with (wall clock or business)."""
    if business and calendar is not None:
        return business_clock_us(calendar, ts)
    return ts.dt.epoch("us")


def wait_episodes(interactions: pl.LazyFrame, reply_actors: list[str]) -> pl.LazyFrame:
    """One row per wait: case_id, customer_id, episode, start_id, start_ts, channel, priority,
    tier-independent fields, reply_id and reply_ts (null while unanswered), and
    reply_elsewhere (the export names a reply to one of the wait's messages that it does not
    hold: an unanswered wait is then unknown, not "still not answered"), and replies_before
    (the company's messages in the case before the wait started).

    The frame is sorted by case, so "within the case" is "between two case boundaries": the
    plan uses running sums, fills and shifts over whole columns (one linear pass each) instead
    of windows or joins on the string case key.
    """
    reply = is_reply(reply_actors).fill_null(False)
    case_no = first_of_case().cum_sum()
    n = reply.cast(pl.Int64)
    before = n.cum_sum() - n
    replies_before = before - pl.when(first_of_case()).then(before).forward_fill()
    has_priority = pl.col("priority").is_not_null()
    rows = interactions.select(
        "case_id",
        "customer_id",
        "interaction_id",
        "timestamp",
        "channel",
        pl.col("reply_not_in_log").fill_null(False).alias("_elsewhere"),
        case_no.alias("_c"),
        INBOUND_CUSTOMER.fill_null(False).alias("_in"),
        replies_before.alias("_rb"),
        pl.col("priority").forward_fill().alias("_prio"),
        pl.when(has_priority).then(case_no).forward_fill().alias("_prio_c"),
        # the next reply at or after the row (the start itself is never a reply)
        pl.when(reply).then(pl.col("interaction_id")).backward_fill().alias("reply_id"),
        pl.when(reply).then(pl.col("timestamp")).backward_fill().alias("reply_ts"),
        pl.when(reply).then(case_no).backward_fill().alias("_reply_c"),
    ).filter(pl.col("_in"))
    c = pl.col("_c")
    first_start = (c != c.shift(1)).fill_null(True)
    opens = (first_start | (pl.col("_rb") != pl.col("_rb").shift(1))).fill_null(True)
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    same_case_reply = pl.col("_reply_c") == c
    # a reply the export names but does not hold, to any message of the wait
    rows = rows.with_columns(
        pl.col("_elsewhere").any().over(opens.cast(pl.Int64).cum_sum()).alias("_elsewhere"))
    return rows.filter(opens).select(
        "case_id",
        "customer_id",
        (index - pl.when(first_start).then(index).forward_fill()).cast(pl.Int64)
        .alias("episode"),
        pl.col("interaction_id").alias("start_id"),
        pl.col("timestamp").alias("start_ts"),
        "channel",
        pl.when(pl.col("_prio_c") == c).then(pl.col("_prio")).alias("priority"),
        pl.when(same_case_reply).then(pl.col("reply_id")).alias("reply_id"),
        pl.when(same_case_reply).then(pl.col("reply_ts")).alias("reply_ts"),
        pl.col("_elsewhere").alias("reply_elsewhere"),
        pl.col("_rb").alias("replies_before"),
    )



COMPANY_REPLIERS = ("agent", "bot")
"""Who answers a customer, for the log-level count of open waits (any rule may narrow it)."""


def open_waits(interactions: pl.LazyFrame) -> pl.LazyFrame:
    """One row: ``open`` (customer waits no company reply ends before the log does) and
    ``cut_off`` (of those, waits whose reply the export names but does not hold: answered at
    an unknown time, not "still not answered"). ``interactions`` sorted as for the rules."""
    waits = wait_episodes(interactions, list(COMPANY_REPLIERS)).filter(
        pl.col("reply_id").is_null())
    return waits.select(
        pl.len().cast(pl.Int64).alias("open"),
        pl.col("reply_elsewhere").fill_null(False).sum().cast(pl.Int64).alias("cut_off"),
    )
