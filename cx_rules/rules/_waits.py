"""Wait episodes: a customer writes, then waits until the company replies.

Shared by ``response_time`` and ``personalization``. Within a case (events ordered by timestamp,
then interaction_id) an inbound customer message starts a wait unless one is already open; the
next outbound message by one of the reply actors ends it. Episode 0 is the first reply wait.
"""

from __future__ import annotations

import polars as pl

from cx_rules.calendar import Calendar, business_clock_us

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
    tier-independent fields, reply_id and reply_ts (null while unanswered)."""
    reply = is_reply(reply_actors)
    counted = interactions.with_columns(
        (reply.cast(pl.Int64).cum_sum().over("case_id") - reply.cast(pl.Int64)).alias(
            "_replies_before"
        ),
        pl.col("priority").forward_fill().over("case_id").alias("_priority"),
        reply.alias("_is_reply"),
    )
    starts = (
        counted.filter(INBOUND_CUSTOMER)
        .filter(pl.struct("case_id", "_replies_before").is_first_distinct())
        .select(
            "case_id",
            "customer_id",
            pl.int_range(pl.len()).over("case_id").alias("episode"),
            pl.col("interaction_id").alias("start_id"),
            pl.col("timestamp").alias("start_ts"),
            "channel",
            pl.col("_priority").alias("priority"),
            (pl.col("_replies_before") + 1).alias("_reply_no"),
        )
    )
    replies = counted.filter(pl.col("_is_reply")).select(
        "case_id",
        (pl.col("_replies_before") + 1).alias("_reply_no"),
        pl.col("interaction_id").alias("reply_id"),
        pl.col("timestamp").alias("reply_ts"),
    )
    return starts.join(
        replies, on=["case_id", "_reply_no"], how="left", maintain_order="left"
    ).drop("_reply_no")
