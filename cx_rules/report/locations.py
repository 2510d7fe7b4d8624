"""Where a violation points in the input: the file and row of its first event."""

from __future__ import annotations

import polars as pl

from cx_rules.app.result import Result


def with_locations(result: Result) -> pl.DataFrame:
    """The violations with ``source`` and ``row`` of their first interaction."""
    events = result.interactions.select(
        pl.col("interaction_id").alias("_first"), pl.col("_source").alias("source"),
        pl.col("_row").alias("row"))
    return result.violations.with_columns(
        pl.col("interaction_ids").list.first().alias("_first")
    ).join(events, on="_first", how="left", maintain_order="left").drop("_first")
