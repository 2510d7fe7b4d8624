"""The vectorized polars plan of ``consent``."""

from __future__ import annotations

import polars as pl

from cx_rules.kinds.base import EvalContext, violation_rows
from cx_rules.kinds.consent.messages import NO_CONSENT, OPTED_OUT, QUIET_HOURS
from cx_rules.kinds.consent.params import Params
from cx_rules.kinds.contact import (
    INBOUND_CUSTOMER,
    customer_zones,
    in_window,
    local_minute,
)


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
    outbound = positioned.filter(
        (pl.col("direction") == "outbound")
        & pl.col("actor").is_in([a.value for a in params.actors])
    ).select("_pos", "interaction_id", "case_id", "customer_id", "timestamp", "channel",
             pl.col("purpose").fill_null("service").alias("_purpose"))
    purpose = pl.col("_purpose")
    customers = ctx.customers

    def profiled(rows: pl.LazyFrame, keep: pl.Expr | None, *fields: str) -> pl.LazyFrame:
        """``rows`` of customers with a profile (that ``keep`` holds for), with ``fields`` of
        it as ``customer_<field>``: each check joins the few profile fields it reads, to the
        contacts it can concern, instead of every field to every contact."""
        table = customers if keep is None else customers.filter(keep)
        return rows.join(table.select("customer_id", *(pl.col(f).alias(f"customer_{f}")
                                                       for f in fields)),
                         on="customer_id", how="inner", maintain_order="left")

    parts: list[pl.LazyFrame] = []
    if "opt_out" in params.checks:
        opted = profiled(outbound, pl.col("opted_out_channels").list.len() > 0,
                         "opted_out_channels").filter(
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
            OPTED_OUT.expr(channel=pl.col("channel")).alias("message"),
        ))
    if "marketing_consent" in params.checks:
        marketing = profiled(outbound.filter(purpose == "marketing"), None, "marketing_consent")
        parts.append(marketing.filter(
            pl.col("customer_marketing_consent").ne_missing(True)).with_columns(
            pl.lit("no marketing consent").alias("observed"),
            pl.lit("marketing only with consent").alias("limit"),
            NO_CONSENT.expr(channel=pl.col("channel")).alias("message"),
        ))
    if "quiet_hours" in params.checks:
        minute = local_minute(pl.col("timestamp"), pl.col("customer_timezone"),
                              customer_zones(customers))
        window = pl.col("customer_quiet_hours")
        purposes = [p.value for p in params.quiet_hours_purposes]
        # the local time only for the rows the check can concern
        candidates = profiled(outbound.filter(purpose.is_in(purposes)),
                              pl.col("quiet_hours").is_not_null(), "timezone", "quiet_hours")
        label = purpose.str.slice(0, 1).str.to_uppercase() + purpose.str.slice(1)
        parts.append(candidates.filter(in_window(minute, window).fill_null(False)).with_columns(
            (_hhmm(minute) + pl.lit(" local")).alias("observed"),
            window.alias("limit"),
            QUIET_HOURS.expr(purpose=label, channel=pl.col("channel"), time=_hhmm(minute),
                             window=window).alias("message"),
        ))
    return pl.concat([violation_rows(p.with_columns(
        pl.concat_list(pl.col("interaction_id")).alias("interaction_ids"))) for p in parts])
