"""Shared facts about outbound contacts: replies on the customer's own channel, local time.

Used by ``consent`` and ``personalization``; the reference modules compute the same facts in
plain Python.
"""

from __future__ import annotations

import polars as pl

INBOUND_CUSTOMER = (pl.col("direction") == "inbound") & (pl.col("actor") == "customer")


def customer_wrote_here_before() -> pl.Expr:
    """True when the customer sent an inbound message on this row's channel earlier in the
    case (frame sorted by case, time, id)."""
    inbound = INBOUND_CUSTOMER.cast(pl.Int64)
    return (inbound.cum_sum().over(["case_id", "channel"]) - inbound) > 0


def local_minute(ts: pl.Expr, zone: pl.Expr, zones: list[str]) -> pl.Expr:
    """Minute of the day (0-1439) of ``ts`` in each row's time zone (null zone = UTC).

    ``zones`` are the distinct zones present (read from the small customers frame), so the
    per-row conversion is one vectorized branch per zone.
    """
    def minute(z: str) -> pl.Expr:
        local = ts.dt.convert_time_zone(z)
        return local.dt.hour().cast(pl.Int64) * 60 + local.dt.minute().cast(pl.Int64)

    expr: pl.Expr = minute("UTC")
    for z in zones:
        if z != "UTC":
            expr = pl.when(zone == z).then(minute(z)).otherwise(expr)
    return expr


def in_window(minute: pl.Expr, window: pl.Expr) -> pl.Expr:
    """Whether a minute of the day lies in ``HH:MM-HH:MM`` (start inclusive, end exclusive,
    wrapping midnight when start > end; start == end is never)."""
    start = window.str.slice(0, 2).cast(pl.Int64) * 60 + window.str.slice(3, 2).cast(pl.Int64)
    end = window.str.slice(6, 2).cast(pl.Int64) * 60 + window.str.slice(9, 2).cast(pl.Int64)
    return (
        pl.when(start < end).then((minute >= start) & (minute < end))
        .when(start > end).then((minute >= start) | (minute < end))
        .otherwise(False)
    )


def customer_zones(customers: pl.LazyFrame | None) -> list[str]:
    """The distinct time zones of the profiles (small: collected once)."""
    if customers is None:
        return []
    return sorted(customers.select(pl.col("timezone").drop_nulls().unique()).collect()
                  .to_series().to_list())
