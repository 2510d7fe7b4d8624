"""The vectorized polars plan of ``response_time``."""

from __future__ import annotations

from typing import Literal

import polars as pl

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import EvalContext, duration_text, violation_rows
from cx_rules.kinds.cases import first_of_case
from cx_rules.kinds.response_time.messages import (
    AT_RISK,
    BUSINESS,
    METRIC_TEXT,
    NOT_DONE,
    NOT_DONE_STOPPED,
    TOOK,
    TOOK_STOPPED,
)
from cx_rules.kinds.response_time.params import Params
from cx_rules.kinds.waits import clock_us, is_reply, wait_episodes
from cx_rules.models.enums import RESOLVED_STATUSES
from cx_rules.schema import VIOLATION_CORE_SCHEMA


def limit_expr(params: Params, priority: pl.Expr) -> pl.Expr:
    """Per-row limit in microseconds."""
    table = {p.value: to_us(d) for p, d in params.by_priority.items()}
    return priority.replace_strict(table, default=to_us(params.limit), return_dtype=pl.Int64)


def limit_text_expr(params: Params, priority: pl.Expr, largest: Literal["d", "h"] = "d"
                    ) -> pl.Expr:
    table = {p.value: format_duration(d, largest) for p, d in params.by_priority.items()}
    return priority.replace_strict(
        table, default=format_duration(params.limit, largest), return_dtype=pl.String
    )


def _waits(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    """Start and end of each wait the metric measures, with channel and priority (and, for
    the case clocks, ``_stopped``)."""
    if params.case_clock:
        resolved = pl.col("status").is_in(RESOLVED_STATUSES)
        business = params.hours == "business"
        # grouped by the case number (the frame is in case order, so its groups are the
        # case_id groups, in the same order) rather than by hashing the string key
        rows = ctx.interactions.with_columns(first_of_case().cum_sum().alias("_case"))
        first = rows.group_by("_case", maintain_order=True).agg(
            pl.col("case_id").first(),
            pl.col("customer_id").first(),
            pl.col("interaction_id").first().alias("start_id"),
            pl.col("timestamp").first().alias("start_ts"),
            pl.col("channel").first(),
            pl.col("priority").drop_nulls().first().alias("priority"),
            pl.col("interaction_id").filter(resolved).first().alias("reply_id"),
            pl.col("timestamp").filter(resolved).first().alias("reply_ts"),
            pl.col("status").is_not_null().any().alias("_status_known"),
        )
        if params.pauses:
            first = first.join(_stopped(params, ctx, rows, business), on="_case", how="left",
                               maintain_order="left")
        else:
            first = first.with_columns(pl.lit(0, pl.Int64).alias("_stopped"))
        # a case without any status is unknown, not "never resolved"
        return first.filter(pl.col("reply_ts").is_not_null() | pl.col("_status_known")) \
            .drop("_case").with_columns(pl.col("_stopped").fill_null(0))
    if params.metric == "periodic_update":
        return _updates(params, ctx)
    episodes = wait_episodes(ctx.interactions, [a.value for a in params.reply_by])
    # answered by a reply the export does not hold: unknown, never "still not answered"
    episodes = episodes.filter(pl.col("reply_ts").is_not_null() | ~pl.col("reply_elsewhere"))
    # a case the company opened (it wrote first) has no first reply to wait for: the
    # customer's messages in it wait for next replies (as help desks measure it)
    opening = (pl.col("episode") == 0) & (pl.col("replies_before") == 0)
    if params.metric == "first_reply":
        return episodes.filter(opening)
    return episodes.filter(~opening)


def _updates(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    """Periodic updates: from the case's first event, and from each company message, to the
    company's next message, until the first resolution (the last wait of an unresolved case
    is open). A case without any status is unknown."""
    case = "case_id"
    resolved = pl.col("status").is_in(RESOLVED_STATUSES).fill_null(False)
    done_before = resolved.cast(pl.Int64).cum_sum().over(case) - resolved.cast(pl.Int64)
    rows = ctx.interactions.filter(
        (done_before == 0) & pl.col("status").is_not_null().any().over(case))
    update = is_reply([a.value for a in params.reply_by]).fill_null(False)
    anchor = first_of_case() | update
    rows = rows.with_columns(
        update.alias("_update"), first_of_case().alias("_first"),
        pl.when(anchor).then(pl.col("timestamp")).alias("_a_ts"),
        pl.when(anchor).then(pl.col("interaction_id")).alias("_a_id"),
        pl.when(anchor).then(pl.col("channel")).alias("_a_ch"),
        pl.when(anchor).then(pl.col("priority").forward_fill().over(case)).alias("_a_prio"),
        resolved.any().over(case).alias("_resolved"),
    )
    previous = [pl.col(c).shift(1).forward_fill().over(case) for c in
                ("_a_ts", "_a_id", "_a_ch", "_a_prio")]
    answered = rows.with_columns(
        *(p.alias(f"_p{c}") for p, c in zip(previous, ("ts", "id", "ch", "prio"), strict=True))
    ).filter(pl.col("_update") & ~pl.col("_first")).select(
        case, "customer_id", pl.col("_pid").alias("start_id"), pl.col("_pts").alias("start_ts"),
        pl.col("_pch").alias("channel"), pl.col("_pprio").alias("priority"),
        pl.col("interaction_id").alias("reply_id"), pl.col("timestamp").alias("reply_ts"))
    still_open = rows.filter(~pl.col("_resolved")).group_by(case, maintain_order=True).agg(
        pl.col("customer_id").first(),
        pl.col("_a_id").drop_nulls().last().alias("start_id"),
        pl.col("_a_ts").drop_nulls().last().alias("start_ts"),
        pl.col("_a_ch").drop_nulls().last().alias("channel"),
        pl.col("_a_prio").filter(pl.col("_a_ts").is_not_null()).last().alias("priority"),
    ).with_columns(pl.lit(None, pl.String).alias("reply_id"),
                   pl.lit(None, pl.Datetime("us", "UTC")).alias("reply_ts"))
    return pl.concat([answered, still_open.select(answered.collect_schema().names())])


def _stopped(params: Params, ctx: EvalContext, rows: pl.LazyFrame, business: bool
             ) -> pl.LazyFrame:
    """Per case (``_case``, the case number of ``rows``, sorted by case, time, id), the time
    on the rule's clock during which the status last set by an event of the case is one of the
    stopping statuses and the case is not resolved yet: from each such event to the next one of
    its case (or ``as_of``). Linear passes over case boundaries, no window on the string key;
    the clock (a time zone conversion) is only read for the stopped events."""
    ts, case_no = pl.col("timestamp"), pl.col("_case")
    new_case = first_of_case()
    resolved = pl.col("status").is_in(RESOLVED_STATUSES).fill_null(False).cast(pl.Int64)
    seen = resolved.cum_sum()
    before = seen - resolved - pl.when(new_case).then(seen - resolved).forward_fill()
    set_in = pl.when(pl.col("status").is_not_null()).then(case_no).forward_fill()
    status = pl.when(set_in == case_no).then(pl.col("status").forward_fill())
    same_case_next = (case_no.shift(-1) == case_no).fill_null(False)
    as_of = pl.lit(ctx.as_of).cast(pl.Datetime("us", "UTC"))
    paused = status.is_in(sorted(params.pauses)).fill_null(False) & (before == 0) \
        & (resolved == 0)
    spans = rows.select(
        case_no, ts.alias("_from"),
        pl.when(same_case_next).then(ts.shift(-1)).otherwise(as_of).alias("_to"),
        paused.alias("_paused"),
    ).filter(pl.col("_paused"))
    part = clock_us(pl.col("_to"), ctx.calendar, business) \
        - clock_us(pl.col("_from"), ctx.calendar, business)
    return spans.group_by("_case").agg(part.sum().cast(pl.Int64).alias("_stopped"))


def _measured(params: Params, ctx: EvalContext) -> tuple[pl.LazyFrame, Literal["d", "h"]]:
    """Every wait the rule measures, with its elapsed time on the rule's clock (``_elapsed``,
    net of stopped time), its limit (``_limit`` and the text ``limit``), its end (``_end``:
    the reply, or ``as_of``) and ``_stopped``; and the largest unit durations are shown in."""
    business = params.hours == "business"
    waits = _waits(params, ctx)
    if not params.case_clock:
        waits = waits.with_columns(pl.lit(0, dtype=pl.Int64).alias("_stopped"))
    if params.channels is not None:
        waits = waits.filter(pl.col("channel").is_in([c.value for c in params.channels]))
    # business time is shown in hours: a business day is not 24 hours
    largest: Literal["d", "h"] = "h" if business and ctx.calendar is not None else "d"
    as_of = pl.lit(ctx.as_of).cast(pl.Datetime("us", "UTC"))
    end_ts = pl.coalesce(pl.col("reply_ts"), as_of)
    elapsed = clock_us(end_ts, ctx.calendar, business) - clock_us(
        pl.col("start_ts"), ctx.calendar, business
    ) - pl.col("_stopped").fill_null(0)
    return waits.with_columns(
        elapsed.alias("_elapsed"),
        end_ts.alias("_end"),
        limit_expr(params, pl.col("priority")).alias("_limit"),
        limit_text_expr(params, pl.col("priority"), largest).alias("limit"),
    ), largest


def _unit(params: Params, ctx: EvalContext) -> str:
    return BUSINESS if params.hours == "business" and ctx.calendar is not None else ""


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    waits, largest = _measured(params, ctx)
    waits = waits.filter(pl.col("_elapsed") > pl.col("_limit"))
    answered = pl.col("reply_ts").is_not_null()
    if not params.unanswered:
        waits = waits.filter(answered)
    what = METRIC_TEXT[params.metric]
    unit = _unit(params, ctx)
    done = params.done
    took = duration_text(pl.col("_elapsed"), largest)
    values: dict[str, pl.Expr | str | int] = {
        "what": what, "channel": pl.col("channel"), "took": took, "unit": unit,
        "limit": pl.col("limit"), "done": done}
    stopped = pl.col("_stopped").fill_null(0) > 0
    message = (
        pl.when(answered & stopped)
        .then(TOOK_STOPPED.expr(**values, stopped=duration_text(pl.col("_stopped"), largest)))
        .when(answered).then(TOOK.expr(**values))
        .when(stopped)
        .then(NOT_DONE_STOPPED.expr(**values,
                                    stopped=duration_text(pl.col("_stopped"), largest)))
        .otherwise(NOT_DONE.expr(**values))
    )
    return violation_rows(
        waits.with_columns(
            pl.when(answered)
            .then(pl.concat_list(pl.col("start_id"), pl.col("reply_id")))
            .otherwise(pl.concat_list(pl.col("start_id")))
            .alias("interaction_ids"),
            pl.col("_end").alias("timestamp"),
            pl.when(answered).then(took).otherwise(pl.lit(f"not {done} after ") + took)
            .alias("observed"),
            message.alias("message"),
        )
    )


def warn_expr(params: Params, priority: pl.Expr) -> pl.Expr:
    """Per-row warning point in microseconds."""
    table = {p.value: params.warn_us_for(p.value) for p in params.by_priority}
    return priority.replace_strict(table, default=params.warn_us_for(None),
                                   return_dtype=pl.Int64)


def at_risk(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    """Waits still open at ``as_of`` past their warning point but not yet past the limit
    (rows of the violation schema; ``limit`` holds the warning point)."""
    if params.warn_at is None or not params.unanswered:
        return pl.LazyFrame(schema=VIOLATION_CORE_SCHEMA)
    waits, largest = _measured(params, ctx)
    warn = warn_expr(params, pl.col("priority"))
    waits = waits.filter(pl.col("reply_ts").is_null() & (pl.col("_elapsed") > warn)
                         & (pl.col("_elapsed") <= pl.col("_limit")))
    done = params.done
    took = duration_text(pl.col("_elapsed"), largest)
    warn_text = duration_text(warn, largest)
    return violation_rows(waits.with_columns(
        pl.concat_list(pl.col("start_id")).alias("interaction_ids"),
        pl.col("_end").alias("timestamp"),
        (pl.lit(f"not {done} after ") + took).alias("observed"),
        warn_text.alias("limit"),
        AT_RISK.expr(what=METRIC_TEXT[params.metric], channel=pl.col("channel"), done=done,
                     took=took, unit=_unit(params, ctx), warn=warn_text,
                     limit=pl.col("limit")).alias("message"),
    ))
