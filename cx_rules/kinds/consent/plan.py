"""Contact only the way the customer agreed to: opt-outs, marketing consent, quiet hours.

## What it checks
Every outbound message (by agents, bots or systems) to a customer who has a profile:
- **opt_out**: sent on a channel the customer opted out of — unless it is a service reply on a
  channel the customer themselves wrote in on earlier in the case;
- **marketing_consent**: a marketing message to a customer whose profile does not record
  marketing consent (false or missing);
- **quiet_hours**: a message of a listed purpose (default: marketing) sent inside the
  customer's quiet hours, in the customer's own time zone (UTC when unknown).
One violation per failed check. Customers without a profile are not judged.

## Why customers care
Being contacted on a channel you switched off, or woken by a promotion at 23:30, turns a
customer against a brand faster than a slow answer; in many countries it is also unlawful.

## Example
```yaml
- id: contact-consent
  kind: consent
  category: privacy
  severity: error
  params: {checks: [opt_out, marketing_consent, quiet_hours], quiet_hours_purposes: [marketing]}
```
A promotion by SMS at 23:30 Berlin time to a customer with quiet hours 21:00-08:00 gives:
"Marketing message on sms at 23:30 local time, inside the customer's quiet hours 21:00-08:00."

## Parameters
- `checks`: any of `opt_out`, `marketing_consent`, `quiet_hours` (default all three).
- `quiet_hours_purposes`: purposes quiet hours apply to (default `[marketing]`; a message
  without a purpose counts as `service`).
- `actors`: whose outbound messages are checked (default agent, bot, system).
"""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from cx_rules.models.enums import Actor, Purpose
from cx_rules.rules._contact import (
    INBOUND_CUSTOMER,
    customer_zones,
    in_window,
    local_minute,
)
from cx_rules.rules.base import EvalContext, RuleKind, violation_rows

Check = Literal["opt_out", "marketing_consent", "quiet_hours"]
ALL_CHECKS: tuple[Check, ...] = ("opt_out", "marketing_consent", "quiet_hours")


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    checks: list[Check] = Field(default_factory=lambda: list(ALL_CHECKS), min_length=1)
    quiet_hours_purposes: list[Purpose] = Field(default_factory=lambda: [Purpose.MARKETING])
    actors: list[Actor] = Field(
        default_factory=lambda: [Actor.AGENT, Actor.BOT, Actor.SYSTEM], min_length=1)


def _hhmm(minute: pl.Expr) -> pl.Expr:
    return (minute // 60).cast(pl.String).str.zfill(2) + pl.lit(":") + \
        (minute % 60).cast(pl.String).str.zfill(2)


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    empty = ctx.interactions.head(0)
    if ctx.customers is None:
        return violation_rows(empty.with_columns(
            pl.lit([], pl.List(pl.String)).alias("interaction_ids"),
            *(pl.lit(None, pl.String).alias(c) for c in ("observed", "limit", "message"))))
    positioned = ctx.interactions.with_row_index("_pos")
    rows = ctx.with_customers(positioned.filter(
        (pl.col("direction") == "outbound")
        & pl.col("actor").is_in([a.value for a in params.actors])
    ))
    rows = rows.join(ctx.customers.select("customer_id"), on="customer_id", how="semi")
    purpose = pl.col("purpose").fill_null("service")
    parts: list[pl.LazyFrame] = []
    if "opt_out" in params.checks:
        opted = rows.filter(
            pl.col("customer_opted_out_channels").list.contains(pl.col("channel"))
            .fill_null(False))
        # whether the customer wrote on this channel earlier in the case: looked up only for
        # the few contacts on an opted-out channel, against the case's first inbound message
        # per channel (positions in the case order)
        first_in = positioned.filter(INBOUND_CUSTOMER).group_by("case_id", "channel").agg(
            pl.col("_pos").min().alias("_first_in"))
        opted = opted.join(first_in, on=["case_id", "channel"], how="left",
                           maintain_order="left", nulls_equal=True)
        replied_here = (pl.col("_first_in") < pl.col("_pos")).fill_null(False)
        hit = ~(replied_here & (purpose == "service"))
        parts.append(opted.filter(hit).drop("_first_in").with_columns(
            (pl.lit("opted out of ") + pl.col("channel")).alias("observed"),
            pl.lit("no contact on opted-out channels").alias("limit"),
            (pl.lit("Contacted on ") + pl.col("channel")
             + pl.lit(" although the customer opted out of ") + pl.col("channel") + pl.lit("."))
            .alias("message"),
        ))
    if "marketing_consent" in params.checks:
        hit = (purpose == "marketing") & pl.col("customer_marketing_consent").ne_missing(True)
        parts.append(rows.filter(hit).with_columns(
            pl.lit("no marketing consent").alias("observed"),
            pl.lit("marketing only with consent").alias("limit"),
            (pl.lit("Marketing message on ") + pl.col("channel")
             + pl.lit(" without the customer's marketing consent.")).alias("message"),
        ))
    if "quiet_hours" in params.checks:
        minute = local_minute(pl.col("timestamp"), pl.col("customer_timezone"),
                              customer_zones(ctx.customers))
        window = pl.col("customer_quiet_hours")
        purposes = [p.value for p in params.quiet_hours_purposes]
        # the local time only for the rows the check can concern
        candidates = rows.filter(purpose.is_in(purposes) & window.is_not_null())
        label = purpose.str.slice(0, 1).str.to_uppercase() + purpose.str.slice(1)
        parts.append(candidates.filter(in_window(minute, window).fill_null(False)).with_columns(
            (_hhmm(minute) + pl.lit(" local")).alias("observed"),
            window.alias("limit"),
            (label + pl.lit(" message on ") + pl.col("channel") + pl.lit(" at ") + _hhmm(minute)
             + pl.lit(" local time, inside the customer's quiet hours ") + window + pl.lit("."))
            .alias("message"),
        ))
    found = pl.concat([p.with_columns(
        pl.concat_list(pl.col("interaction_id")).alias("interaction_ids")) for p in parts])
    return violation_rows(found)


KIND = RuleKind(name="consent", params=Params, evaluate=evaluate, doc=__doc__ or "",
                needs_customers=True)
