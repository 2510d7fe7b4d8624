"""The vectorized polars plan of ``phone_queue``."""

from __future__ import annotations

import polars as pl

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import EvalContext, duration_text, violation_rows
from cx_rules.kinds.phone_queue.messages import ABANDONED, ANSWERED_LATE, STILL_WAITING
from cx_rules.kinds.phone_queue.params import Params


def queue_waits(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    """One row per queue wait: the `queued` event that opened it (``start_id``, ``start_ts``,
    ``customer_id``, ``priority``) and the `answered`/`abandoned` event that closed it
    (``end_id``, ``end_ts``, ``end_event``; null while still waiting)."""
    event = pl.col("queue_event")
    rows = ctx.interactions.with_columns(
        # the case's priority as last set by any event up to this one
        pl.col("priority").forward_fill().over("case_id").alias("_priority"),
    ).filter(event.is_not_null()
             & pl.col("channel").is_in([c.value for c in params.channels]))
    closes = event.is_in(["answered", "abandoned"])
    queued = event == "queued"
    # a wait is the stretch of queue events after the previous close up to the next one:
    # its first `queued` opens it (a later `queued` is the same caller, still waiting)
    segment = closes.cast(pl.Int64).cum_sum().over("case_id") - closes.cast(pl.Int64)
    waits = rows.with_columns(segment.alias("_wait")).group_by(
        "case_id", "_wait", maintain_order=True).agg(
        pl.col("customer_id").filter(queued).first(),
        pl.col("interaction_id").filter(queued).first().alias("start_id"),
        pl.col("timestamp").filter(queued).first().alias("start_ts"),
        pl.col("_priority").filter(queued).first().alias("priority"),
        pl.col("interaction_id").filter(closes).first().alias("end_id"),
        pl.col("timestamp").filter(closes).first().alias("end_ts"),
        event.filter(closes).first().alias("end_event"),
    )
    # an answer or hang-up with no `queued` before it is no wait we can measure
    return waits.filter(pl.col("start_id").is_not_null())


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    waits = queue_waits(params, ctx)
    as_of = pl.lit(ctx.as_of).cast(pl.Datetime("us", "UTC"))
    end = pl.coalesce(pl.col("end_ts"), as_of)
    elapsed = (end - pl.col("start_ts")).dt.total_microseconds()
    waits = waits.with_columns(elapsed.alias("_elapsed"), end.alias("timestamp"))
    took = duration_text(pl.col("_elapsed"))
    if params.metric == "abandonment":
        found = waits.filter((pl.col("end_event") == "abandoned")
                             & (pl.col("_elapsed") > params.min_wait_us))
        return violation_rows(found.with_columns(
            pl.concat_list(pl.col("start_id"), pl.col("end_id")).alias("interaction_ids"),
            (pl.lit("abandoned after ") + took).alias("observed"),
            pl.lit(format_duration(params.min_wait)).alias("limit"),
            ABANDONED.expr(took=took).alias("message"),
        ))
    assert params.limit is not None  # the model requires it for speed_of_answer
    limit_us = pl.col("priority").replace_strict(
        {p.value: to_us(d) for p, d in params.by_priority.items()},
        default=to_us(params.limit), return_dtype=pl.Int64)
    limit_text = pl.col("priority").replace_strict(
        {p.value: format_duration(d) for p, d in params.by_priority.items()},
        default=format_duration(params.limit), return_dtype=pl.String)
    answered = pl.col("end_event") == "answered"
    waiting = pl.col("end_event").is_null()
    found = waits.filter((answered | waiting) & (pl.col("_elapsed") > limit_us))
    return violation_rows(found.with_columns(
        pl.when(answered).then(pl.concat_list(pl.col("start_id"), pl.col("end_id")))
        .otherwise(pl.concat_list(pl.col("start_id"))).alias("interaction_ids"),
        pl.when(answered).then(took).otherwise(pl.lit("not answered after ") + took)
        .alias("observed"),
        limit_text.alias("limit"),
        pl.when(answered).then(ANSWERED_LATE.expr(took=took, limit=limit_text))
        .otherwise(STILL_WAITING.expr(took=took, limit=limit_text)).alias("message"),
    ))
