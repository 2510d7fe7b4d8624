"""Case-level facts shared by the resolution kinds (``repeat_contact``, ``follow_up``).

Every helper takes the canonical interactions (sorted by case_id, timestamp, interaction_id)
and returns at most one row per case, in case order. "First" always means first in that order.
"""

from __future__ import annotations

import polars as pl

from cx_rules.models.enums import RESOLVED_STATUSES

INBOUND_CUSTOMER = (pl.col("direction") == "inbound") & (pl.col("actor") == "customer")
IS_RESOLUTION = pl.col("status").is_in(RESOLVED_STATUSES)
UTC_US = pl.Datetime("us", "UTC")


def first_of_case() -> pl.Expr:
    """True on the first row of each case in a frame kept in case order: the same answer as
    ``pl.col("case_id").is_first_distinct()`` (nulls included), from a comparison with the
    row above instead of a hash table of the string keys."""
    case = pl.col("case_id")
    return case.ne_missing(case.shift(1)) | (pl.int_range(pl.len()) == 0)


def is_outbound_by(actors: list[str]) -> pl.Expr:
    """An outbound row written by one of ``actors``."""
    return (pl.col("direction") == "outbound") & pl.col("actor").is_in(actors)


def case_starts(interactions: pl.LazyFrame) -> pl.LazyFrame:
    """The case's first inbound customer event: case_id, customer_id, start_id, start_ts,
    start_channel. Cases without an inbound customer event have no row."""
    return (
        interactions.filter(INBOUND_CUSTOMER)
        .filter(first_of_case())
        .select(
            "case_id",
            "customer_id",
            pl.col("interaction_id").alias("start_id"),
            pl.col("timestamp").alias("start_ts"),
            pl.col("channel").alias("start_channel"),
        )
    )


def case_topics(interactions: pl.LazyFrame) -> pl.LazyFrame:
    """The first non-null topic among the case's events: case_id, case_topic (cases whose events
    carry no topic have no row)."""
    return (
        interactions.filter(pl.col("topic").is_not_null())
        .filter(first_of_case())
        .select("case_id", pl.col("topic").alias("case_topic"))
    )


def first_resolutions(interactions: pl.LazyFrame) -> pl.LazyFrame:
    """The case's first row with status resolved/closed: case_id, customer_id, res_id, res_ts.
    Cases never resolved have no row."""
    return (
        interactions.filter(IS_RESOLUTION)
        .filter(first_of_case())
        .select(
            "case_id",
            "customer_id",
            pl.col("interaction_id").alias("res_id"),
            pl.col("timestamp").alias("res_ts"),
        )
    )


def case_first_channels(interactions: pl.LazyFrame) -> pl.LazyFrame:
    """The channel of the case's first event: case_id, case_channel."""
    return interactions.filter(first_of_case()).select(
        "case_id", pl.col("channel").alias("case_channel")
    )
