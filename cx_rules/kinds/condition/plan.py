"""The vectorized polars plan of ``condition``."""

from __future__ import annotations

import polars as pl

from cx_rules.expr import referenced_fields, to_polars
from cx_rules.kinds.base import EvalContext, violation_rows
from cx_rules.kinds.condition.params import Params


def derived(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Add ``since_prev`` and ``since_case_start`` (frame sorted by case, time, id)."""
    ts = pl.col("timestamp")
    return frame.with_columns(
        (ts - ts.shift(1).over("case_id")).alias("since_prev"),
        (ts - ts.first().over("case_id")).alias("since_case_start"),
    )


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    columns = referenced_fields(params.expr)
    frame = ctx.interactions
    if columns & {"since_prev", "since_case_start"}:
        frame = derived(frame)
    if any(c.startswith("customer_") for c in columns):
        frame = ctx.with_customers(frame)
    hits = frame.filter(to_polars(params.expr).fill_null(False))
    return violation_rows(hits.with_columns(
        pl.concat_list(pl.col("interaction_id")).alias("interaction_ids"),
        pl.lit("condition met").alias("observed"),
        pl.lit("condition false").alias("limit"),
        pl.lit(params.sentence).alias("message"),
    ))


