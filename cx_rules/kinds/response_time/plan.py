"""Replies and resolutions must come within a time limit.

## What it checks
For every case, how long the customer waited: for the **first reply** (from the customer's
first message to the company's first reply), every **next reply** (from a customer message that
follows a reply to the next reply), or the **resolution** (from the first event of the case to
its first `resolved`/`closed` status). Waits longer than the limit are violations, and so are
waits still open at the end of the log (`as_of`) that have already run past the limit.
Limits can differ per priority, and time can be counted in business hours of the ruleset's
calendar.

## Why customers care
Speed is the expectation customers name first: a chat answered after ten minutes feels like no
answer at all, and an e-mail that sits over a weekend tells the customer they are not a priority.

## Example
```yaml
- id: first-reply-chat
  kind: response_time
  category: speed
  severity: error
  params: {metric: first_reply, channels: [chat], limit: 2m, by_priority: {urgent: 1m}}
```
A chat opened at 10:00:00 and first answered at 10:09:12 gives:
"First reply on chat took 9m 12s (limit 2m)."

## Parameters
- `metric`: `first_reply` | `next_reply` | `resolution`.
- `limit`: the longest acceptable wait (`90s`, `2m`, `4h`, `3d`).
- `by_priority`: limits that replace `limit` for some priorities (`{urgent: 1m}`).
- `channels`: only waits that start on these channels (default: all).
- `hours`: `calendar` (24x7, default) or `business` (count only the ruleset calendar's hours).
- `reply_by`: which actors' outbound messages count as a reply (default `[agent]`; add `bot`
  if automated answers count).
- `unanswered`: also flag waits still open at the end of the log (default true).
"""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from cx_rules.durations import PositiveDuration, format_duration, to_us
from cx_rules.models.enums import RESOLVED_STATUSES, Actor, Channel, Priority
from cx_rules.rules._waits import clock_us, wait_episodes
from cx_rules.rules.base import EvalContext, RuleKind, duration_text, violation_rows

_METRIC_TEXT = {
    "first_reply": "First reply",
    "next_reply": "Next reply",
    "resolution": "Resolution",
}


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    metric: Literal["first_reply", "next_reply", "resolution"]
    limit: PositiveDuration
    by_priority: dict[Priority, PositiveDuration] = Field(default_factory=dict)
    channels: list[Channel] | None = None
    hours: Literal["calendar", "business"] = "calendar"
    reply_by: list[Actor] = Field(default_factory=lambda: [Actor.AGENT])
    unanswered: bool = True


    def limit_us_for(self, priority: str | None) -> int:
        """The limit in microseconds for a wait of that priority."""
        if priority is not None and Priority(priority) in self.by_priority:
            return to_us(self.by_priority[Priority(priority)])
        return to_us(self.limit)


def limit_expr(params: Params, priority: pl.Expr) -> pl.Expr:
    """Per-row limit in microseconds."""
    table = {p.value: to_us(d) for p, d in params.by_priority.items()}
    return priority.replace_strict(table, default=to_us(params.limit), return_dtype=pl.Int64)


def limit_text_expr(params: Params, priority: pl.Expr) -> pl.Expr:
    table = {p.value: format_duration(d) for p, d in params.by_priority.items()}
    return priority.replace_strict(
        table, default=format_duration(params.limit), return_dtype=pl.String
    )


def _waits(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    """Start and end of each wait the metric measures, with channel and priority."""
    if params.metric == "resolution":
        resolved = pl.col("status").is_in(RESOLVED_STATUSES)
        first = ctx.interactions.group_by("case_id", maintain_order=True).agg(
            pl.col("customer_id").first(),
            pl.col("interaction_id").first().alias("start_id"),
            pl.col("timestamp").first().alias("start_ts"),
            pl.col("channel").first(),
            pl.col("priority").drop_nulls().first().alias("priority"),
            pl.col("interaction_id").filter(resolved).first().alias("reply_id"),
            pl.col("timestamp").filter(resolved).first().alias("reply_ts"),
        )
        return first
    episodes = wait_episodes(ctx.interactions, [a.value for a in params.reply_by])
    if params.metric == "first_reply":
        return episodes.filter(pl.col("episode") == 0)
    return episodes.filter(pl.col("episode") > 0)


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    waits = _waits(params, ctx)
    if params.channels is not None:
        waits = waits.filter(pl.col("channel").is_in([c.value for c in params.channels]))
    business = params.hours == "business"
    as_of = pl.lit(ctx.as_of).cast(pl.Datetime("us", "UTC"))
    end_ts = pl.coalesce(pl.col("reply_ts"), as_of)
    elapsed = clock_us(end_ts, ctx.calendar, business) - clock_us(
        pl.col("start_ts"), ctx.calendar, business
    )
    answered = pl.col("reply_ts").is_not_null()
    waits = waits.with_columns(
        elapsed.alias("_elapsed"),
        limit_expr(params, pl.col("priority")).alias("_limit"),
        limit_text_expr(params, pl.col("priority")).alias("limit"),
    ).filter(pl.col("_elapsed") > pl.col("_limit"))
    if not params.unanswered:
        waits = waits.filter(answered)
    what = _METRIC_TEXT[params.metric]
    unit = " of business time" if business and ctx.calendar is not None else ""
    done = "resolved" if params.metric == "resolution" else "answered"
    took = duration_text(pl.col("_elapsed"))
    message = pl.when(answered).then(
        pl.lit(f"{what} on ") + pl.col("channel") + pl.lit(" took ") + took
        + pl.lit(f"{unit} (limit ") + pl.col("limit") + pl.lit(").")
    ).otherwise(
        pl.lit(f"{what} on ") + pl.col("channel") + pl.lit(f" still not {done} after ") + took
        + pl.lit(f"{unit} (limit ") + pl.col("limit") + pl.lit(").")
    )
    return violation_rows(
        waits.with_columns(
            pl.when(answered)
            .then(pl.concat_list(pl.col("start_id"), pl.col("reply_id")))
            .otherwise(pl.concat_list(pl.col("start_id")))
            .alias("interaction_ids"),
            end_ts.alias("timestamp"),
            pl.when(answered).then(took).otherwise(pl.lit(f"not {done} after ") + took)
            .alias("observed"),
            message.alias("message"),
        )
    )


KIND = RuleKind(name="response_time", params=Params, evaluate=evaluate, doc=__doc__ or "")
