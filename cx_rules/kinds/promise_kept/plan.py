"""The vectorized polars plan of ``promise_kept``."""

from __future__ import annotations

import polars as pl

from cx_rules.kinds.base import EvalContext, duration_text, violation_rows
from cx_rules.kinds.cases import UTC_US, is_outbound_by
from cx_rules.kinds.promise_kept.messages import (
    KEPT_LATE,
    KEPT_LATE_QUOTED,
    NOT_KEPT,
    NOT_KEPT_QUOTED,
    WHAT,
)
from cx_rules.kinds.promise_kept.params import (
    CALLBACK_CHANNELS,
    CALLBACK_EVENTS,
    FEED_KINDS,
    REFUND_EVENTS,
    SHIPMENT_EVENTS,
    TIME_FORMAT,
    Params,
)
from cx_rules.kinds.text_inputs import PROMISE_DTYPE, text_promises, zone_expr
from cx_rules.text import is_delay_notice

_COLS = ("case_id", "customer_id", "channel", "p_id", "p_ts", "due", "kind", "quote")


def made(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    """One row per promise: structured (kind ``any``) and, with ``from_text``, from text."""
    outbound = ctx.interactions.filter(pl.col("direction") == "outbound")
    if params.channels is not None:
        outbound = outbound.filter(pl.col("channel").is_in([c.value for c in params.channels]))
    named = (pl.col("interaction_id").alias("p_id"), pl.col("timestamp").alias("p_ts"))
    structured = outbound.filter(pl.col("promise_due").is_not_null()).select(
        "case_id", "customer_id", "channel", *named,
        (pl.col("promise_due") + pl.lit(params.grace)).alias("due"),
        pl.lit("any").alias("kind"), pl.lit(None, dtype=pl.String).alias("quote"),
    )
    if not params.from_text:
        return structured
    calendar = ctx.calendar
    texts = ctx.with_customers(
        outbound.filter(pl.col("promise_due").is_null() & pl.col("text").is_not_null())
    ).select(
        "case_id", "customer_id", "channel", *named,
        pl.struct(pl.col("text"), pl.col("timestamp"), zone_expr(calendar).alias("z"))
        .map_elements(lambda r: text_promises(r["text"], r["timestamp"], r["z"], calendar),
                      return_dtype=PROMISE_DTYPE)
        .alias("found"),
    )
    from_text = (
        texts.explode("found").unnest("found")
        .filter(pl.col("kind").is_in(list(params.text_kinds)))
        .with_columns((pl.col("due").cast(UTC_US) + pl.lit(params.grace)).alias("due"))
        .select(*_COLS)
    )
    return pl.concat([structured.with_columns(pl.col("due").cast(UTC_US)), from_text],
                     how="vertical_relaxed")


def keeps(params: Params, kind: str) -> pl.Expr:
    """The rows that keep a promise of ``kind`` (the reference's ``keeps``)."""
    event = pl.col("event")
    if kind == "callback":
        return event.is_in(list(CALLBACK_EVENTS)).fill_null(False) | (
            (pl.col("direction") == "outbound") & (pl.col("actor") == "agent")
            & pl.col("channel").is_in(list(CALLBACK_CHANNELS)))
    if kind == "shipment":
        return event.is_in(list(SHIPMENT_EVENTS)).fill_null(False)
    if kind == "refund":
        return event.is_in(list(REFUND_EVENTS)).fill_null(False)
    outbound = is_outbound_by([a.value for a in params.fulfil_by])
    if kind == "reply":
        delay = pl.col("text").map_elements(is_delay_notice, return_dtype=pl.Boolean)
        return outbound & ~delay.fill_null(False)
    return outbound


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    promises = made(params, ctx)
    fed = ctx.interactions.filter(pl.col("event").is_not_null()).select("case_id").unique()
    matched_parts: list[pl.LazyFrame] = []
    kinds = ([*(["any"] if params.structured else []), *params.text_kinds]
             if params.from_text else ["any"])
    for kind in kinds:
        # candidates in (case, time, id) order; the first of each instant is the one that counts
        fulfilments = (
            ctx.interactions.filter(keeps(params, kind))
            .select("case_id", pl.col("interaction_id").alias("f_id"),
                    pl.col("timestamp").alias("f_ts"))
            .filter(pl.struct("case_id", "f_ts").is_first_distinct())
            .sort("f_ts")
        )
        these = promises.filter(pl.col("kind") == kind)
        if kind in FEED_KINDS:  # judged only where the feed says something about the case
            these = these.join(fed, on="case_id", how="semi")
        matched_parts.append(
            these.sort("p_ts").join_asof(
                fulfilments, left_on="p_ts", right_on="f_ts", by="case_id",
                strategy="forward", allow_exact_matches=False, check_sortedness=False,
            )
        )
    matched = pl.concat(matched_parts, how="vertical_relaxed")
    as_of = pl.lit(ctx.as_of).cast(UTC_US)
    kept = pl.col("f_ts").is_not_null()
    late = kept & (pl.col("f_ts") > pl.col("due"))
    lost = ~kept & (as_of > pl.col("due"))
    due_text = pl.col("due").dt.strftime(TIME_FORMAT)
    lateness = duration_text(pl.col("f_ts").dt.epoch("us") - pl.col("due").dt.epoch("us"))
    as_of_text = pl.lit(ctx.as_of.strftime(TIME_FORMAT))
    what = pl.col("kind").replace_strict(WHAT, return_dtype=pl.String)
    quoted = pl.col("quote").is_not_null()
    said = {"what": what, "due": due_text, "channel": pl.col("channel")}
    message = (pl.when(kept & quoted)
               .then(KEPT_LATE_QUOTED.expr(**said, quote=pl.col("quote"), late=lateness))
               .when(kept).then(KEPT_LATE.expr(**said, late=lateness))
               .when(quoted).then(NOT_KEPT_QUOTED.expr(**said, quote=pl.col("quote"),
                                                       now=as_of_text))
               .otherwise(NOT_KEPT.expr(**said, now=as_of_text)))
    return violation_rows(
        matched.filter(late | lost).with_columns(
            pl.when(kept)
            .then(pl.concat_list(pl.col("p_id"), pl.col("f_id")))
            .otherwise(pl.concat_list(pl.col("p_id")))
            .alias("interaction_ids"),
            pl.when(kept).then(pl.col("f_ts")).otherwise(pl.col("due")).alias("timestamp"),
            pl.when(kept).then(pl.lit("kept ") + lateness + pl.lit(" late"))
            .otherwise(pl.lit("not kept by ") + as_of_text).alias("observed"),
            due_text.alias("limit"),
            message.alias("message"),
        )
    )
