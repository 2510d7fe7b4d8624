"""Shared facts about outbound contacts: replies on the customer's own channel, local time.

Used by ``consent`` and ``personalization``; the reference modules compute the same facts in
plain Python.
"""

from __future__ import annotations

import zoneinfo
from datetime import UTC, datetime, time, timedelta

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


def local_time_after(ts: pl.Expr, zone: pl.Expr, zones: list[str],
                     minute_of_day: pl.Expr) -> pl.Expr:
    """The first instant (UTC) after ``ts`` at which the clock in each row's time zone (null
    zone = UTC) reads ``minute_of_day``: today's if that minute is still ahead, else
    tomorrow's. A wall time the zone skips (a DST gap) moves an hour later; one it repeats
    is its first occurrence."""
    def at(z: str) -> pl.Expr:
        local = ts.dt.convert_time_zone(z)
        now = local.dt.hour().cast(pl.Int64) * 60 + local.dt.minute().cast(pl.Int64)
        day = local.dt.replace_time_zone(None).dt.truncate("1d") + pl.duration(
            days=(now >= minute_of_day).cast(pl.Int64))
        naive = day + pl.duration(minutes=minute_of_day)
        first, later = (t.dt.replace_time_zone(z, ambiguous="earliest", non_existent="null")
                        for t in (naive, naive + pl.duration(minutes=60)))
        return pl.coalesce(first, later).dt.convert_time_zone("UTC")

    expr: pl.Expr = at("UTC")
    for z in zones:
        if z != "UTC":
            expr = pl.when(zone == z).then(at(z)).otherwise(expr)
    return expr


def window_end(window: pl.Expr) -> pl.Expr:
    """The end of ``HH:MM-HH:MM`` as a minute of the day."""
    return window.str.slice(6, 2).cast(pl.Int64) * 60 + window.str.slice(9, 2).cast(pl.Int64)


# ---- the same facts in plain Python (reference checks, the streaming session) ---------------


def clock_minute(text: str) -> int:
    """``HH:MM`` as a minute of the day."""
    return int(text[:2]) * 60 + int(text[3:5])


def minute_in_window(minute: int, window: str) -> bool:
    """:func:`in_window` for one minute of the day."""
    start, end = clock_minute(window[:5]), clock_minute(window[6:])
    if start < end:
        return start <= minute < end
    if start > end:
        return minute >= start or minute < end
    return False


def quiet_until(ts: datetime, timezone: str | None, window: str | None) -> datetime | None:
    """When the customer's quiet hours ``window`` (in ``timezone``, UTC when unknown) that
    ``ts`` falls in end (UTC), or None when ``ts`` is not in them: :func:`in_window` and
    :func:`local_time_after` for one instant."""
    if not window:
        return None
    zone = zoneinfo.ZoneInfo(timezone or "UTC")
    local = ts.astimezone(zone)
    now = local.hour * 60 + local.minute
    if not minute_in_window(now, window):
        return None
    end = clock_minute(window[6:])
    day = local.date() + timedelta(days=1 if now >= end else 0)
    naive = datetime.combine(day, time(end // 60, end % 60))
    for wall in (naive, naive + timedelta(minutes=60)):
        aware = wall.replace(tzinfo=zone)  # fold=0: a repeated wall time's first occurrence
        if aware.astimezone(UTC).astimezone(zone).replace(tzinfo=None) == wall:
            return aware.astimezone(UTC)
    return (naive + timedelta(minutes=60)).replace(tzinfo=zone).astimezone(UTC)
