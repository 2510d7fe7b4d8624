"""Promises made to the customer must be kept on time.

## What it checks
An outbound message with a `promise_due` is a **promise** ("we will call you back by 17:00",
"the replacement ships by Friday"). It is kept when the company's next outbound message in the
same case by one of `fulfil_by` (the first one with a strictly later timestamp; ties broken by
interaction id) comes no later than `promise_due` plus `grace`. A promise kept late is a
violation; so is one with no later message at all once the due time has passed by the end of
the log (`as_of`). Promises not yet due are not judged.

## Why customers care
A broken promise costs more trust than no promise: the customer kept the afternoon free for the
callback, or told their family the parcel comes on Friday. Keeping the date is what makes the
next promise believable.

## Example
```yaml
- id: callbacks-on-time
  kind: promise_kept
  category: honesty
  severity: error
  params: {grace: 15m, fulfil_by: [agent]}
```
A promise made by phone for 2026-03-03 16:45 UTC (due 17:00 with the grace) and kept with an
agent message at 20:00 gives:
"Promised by 2026-03-03 17:00 UTC on phone; kept 3h late."
Without any later message, evaluated as of 2026-03-04 09:00: "Promised by 2026-03-03 17:00 UTC
on phone; nothing happened by 2026-03-04 09:00 UTC." (the time is `as_of`, the end of the log, so
a streaming session knows the verdict is still open until the log ends).

## Parameters
- `grace`: extra time after `promise_due` before a promise counts as broken (default `0s`).
- `fulfil_by`: whose outbound messages count as keeping the promise (default
  `[agent, bot, system]`).
- `channels`: only promises made on these channels (default: all).
"""

from __future__ import annotations

from datetime import timedelta

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, field_validator

from cx_rules.durations import Duration
from cx_rules.models.enums import Actor, Channel
from cx_rules.rules._cases import UTC_US, is_outbound_by
from cx_rules.rules.base import EvalContext, RuleKind, duration_text, violation_rows

TIME_FORMAT = "%Y-%m-%d %H:%M UTC"


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    grace: Duration = Field(default=timedelta(0))
    fulfil_by: list[Actor] = Field(
        default_factory=lambda: [Actor.AGENT, Actor.BOT, Actor.SYSTEM], min_length=1
    )
    channels: list[Channel] | None = None

    @field_validator("grace")
    @classmethod
    def _not_negative(cls, value: timedelta) -> timedelta:
        if value < timedelta(0):
            raise ValueError("grace must not be negative")
        return value


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    promises = ctx.interactions.filter(
        (pl.col("direction") == "outbound") & pl.col("promise_due").is_not_null()
    )
    if params.channels is not None:
        promises = promises.filter(pl.col("channel").is_in([c.value for c in params.channels]))
    promises = promises.select(
        "case_id",
        "customer_id",
        "channel",
        pl.col("interaction_id").alias("p_id"),
        pl.col("timestamp").alias("p_ts"),
        (pl.col("promise_due") + pl.lit(params.grace)).alias("due"),
    )
    # candidates in (case, time, id) order; the first of each instant is the one that counts
    fulfilments = (
        ctx.interactions.filter(is_outbound_by([a.value for a in params.fulfil_by]))
        .select(
            "case_id",
            pl.col("interaction_id").alias("f_id"),
            pl.col("timestamp").alias("f_ts"),
        )
        .filter(pl.struct("case_id", "f_ts").is_first_distinct())
        .sort("f_ts")
    )
    matched = promises.sort("p_ts").join_asof(
        fulfilments,
        left_on="p_ts",
        right_on="f_ts",
        by="case_id",
        strategy="forward",
        allow_exact_matches=False,
        check_sortedness=False,
    )
    as_of = pl.lit(ctx.as_of).cast(UTC_US)
    kept = pl.col("f_ts").is_not_null()
    late = kept & (pl.col("f_ts") > pl.col("due"))
    lost = ~kept & (as_of > pl.col("due"))
    due_text = pl.col("due").dt.strftime(TIME_FORMAT)
    lateness = duration_text(pl.col("f_ts").dt.epoch("us") - pl.col("due").dt.epoch("us"))
    as_of_text = pl.lit(ctx.as_of.strftime(TIME_FORMAT))
    promised = pl.lit("Promised by ") + due_text + pl.lit(" on ") + pl.col("channel")
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
            pl.when(kept).then(promised + pl.lit("; kept ") + lateness + pl.lit(" late."))
            .otherwise(promised + pl.lit("; nothing happened by ") + as_of_text + pl.lit("."))
            .alias("message"),
        )
    )


KIND = RuleKind(name="promise_kept", params=Params, evaluate=evaluate, doc=__doc__ or "")
