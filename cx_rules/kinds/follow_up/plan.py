"""A resolved case gets a follow-up (or, where unwanted, is left alone) after resolution.

## What it checks
A case is resolved at its first event with status `resolved` or `closed`. A **follow-up** is an
outbound message by one of `actors` in the same case, strictly later than the resolution and at
most `within` after it.

- `require: true` (default): a resolution without any follow-up is a violation once the whole
  window has passed by the end of the log (`as_of`); windows still running are not judged yet.
- `require: false`: the first follow-up is a violation (for customers who asked not to be
  chased, or cases where a survey would be intrusive).

## Why customers care
A short "is everything working now?" after a fix shows the company cares whether the problem
is really gone, and catches the fixes that did not work before the customer has to come back.
Where contact is unwanted, a message right after closing feels like spam.

## Example
```yaml
- id: follow-up-3d
  kind: follow_up
  category: resolution
  severity: warning
  params: {within: 3d, actors: [agent, system]}
```
A case resolved on 2026-03-02 at 10:00 UTC with no outbound message in the next three days gives:
"Case resolved 2026-03-02 10:00 UTC got no follow-up within 3d."

With `require: false` and an agent message four hours after resolution:
"Customer contacted 4h after case resolution (none wanted within 3d)."

## Parameters
- `within`: the follow-up window after resolution (required, e.g. `3d`).
- `require`: true (default) to require a follow-up, false to forbid one.
- `actors`: whose outbound messages count as follow-ups (default `[agent, system]`).
- `channels`: only cases whose first event came on these channels (default: all).
"""

from __future__ import annotations

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from cx_rules.durations import PositiveDuration, format_duration, to_us
from cx_rules.models.enums import Actor, Channel
from cx_rules.rules._cases import (
    UTC_US,
    case_first_channels,
    first_of_case,
    first_resolutions,
    is_outbound_by,
)
from cx_rules.rules.base import EvalContext, RuleKind, duration_text, violation_rows

TIME_FORMAT = "%Y-%m-%d %H:%M UTC"


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    within: PositiveDuration
    require: bool = True
    actors: list[Actor] = Field(default_factory=lambda: [Actor.AGENT, Actor.SYSTEM], min_length=1)
    channels: list[Channel] | None = None



def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    resolved = first_resolutions(ctx.interactions)
    if params.channels is not None:
        resolved = resolved.join(
            case_first_channels(ctx.interactions), on="case_id", how="inner",
            maintain_order="left",
        ).filter(pl.col("case_channel").is_in([c.value for c in params.channels]))
    within_us = to_us(params.within)
    res_us = pl.col("res_ts").dt.epoch("us")
    follow_ups = (
        ctx.interactions.filter(is_outbound_by([a.value for a in params.actors]))
        .select(
            "case_id",
            pl.col("interaction_id").alias("f_id"),
            pl.col("timestamp").alias("f_ts"),
        )
        .join(resolved.select("case_id", "res_ts"), on="case_id", how="inner",
              maintain_order="left")
        .filter(
            (pl.col("f_ts") > pl.col("res_ts"))
            & (pl.col("f_ts").dt.epoch("us") <= res_us + within_us)
        )
        .filter(first_of_case())
        .select("case_id", "f_id", "f_ts")
    )
    within = format_duration(params.within)
    if params.require:
        end = pl.col("res_ts") + pl.lit(params.within)
        as_of = pl.lit(ctx.as_of).cast(UTC_US)
        missing = resolved.join(follow_ups, on="case_id", how="anti").filter(as_of >= end)
        return violation_rows(
            missing.with_columns(
                pl.concat_list(pl.col("res_id")).alias("interaction_ids"),
                end.alias("timestamp"),
                pl.lit(f"no follow-up within {within}").alias("observed"),
                pl.lit(within).alias("limit"),
                (
                    pl.lit("Case resolved ") + pl.col("res_ts").dt.strftime(TIME_FORMAT)
                    + pl.lit(f" got no follow-up within {within}.")
                ).alias("message"),
            )
        )
    contacted = resolved.join(follow_ups, on="case_id", how="inner")
    after = duration_text(pl.col("f_ts").dt.epoch("us") - res_us)
    return violation_rows(
        contacted.with_columns(
            pl.concat_list(pl.col("res_id"), pl.col("f_id")).alias("interaction_ids"),
            pl.col("f_ts").alias("timestamp"),
            (pl.lit("contacted after ") + after).alias("observed"),
            pl.lit(f"no contact within {within}").alias("limit"),
            (
                pl.lit("Customer contacted ") + after
                + pl.lit(f" after case resolution (none wanted within {within}).")
            ).alias("message"),
        )
    )


KIND = RuleKind(name="follow_up", params=Params, evaluate=evaluate, doc=__doc__ or "")
