"""Time helpers: timestamps are Int64 microseconds since the epoch, UTC.

Unit constants, per-zone UTC offsets as a sorted lookup table, and moving instants into the
contact centre's business hours (Mon-Fri 09:00-18:00 Europe/Berlin, without ``HOLIDAYS``).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import polars as pl

from benchmarks.synthetic.vocab import BERLIN, HOLIDAYS, TIMEZONES

SECOND = 1_000_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def seconds_to_us(seconds: pl.Expr) -> pl.Expr:
    """Whole seconds (floored) as Int64 microseconds."""
    return seconds.floor().cast(pl.Int64) * SECOND


def as_utc(us: pl.Expr) -> pl.Expr:
    return us.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")


_ZONE_SPAN = 1 << 56
"""Key space per time zone in the offset table (microsecond instants must stay below it)."""
BERLIN_CODE = TIMEZONES.index(BERLIN)
_EPOCH_WEEKDAY = 3
"""1970-01-01 was a Thursday (Monday = 0)."""


@dataclass(frozen=True)
class OffsetTable:
    """UTC offsets of ``TIMEZONES`` as sorted (zone * span + instant) keys → offset µs."""

    keys: pl.Series
    offsets: pl.Series

    def offset(self, us: pl.Expr, zone: pl.Expr | int) -> pl.Expr:
        """UTC offset (µs) of each zone at each UTC instant."""
        key = pl.lit(zone, dtype=pl.Int64) if isinstance(zone, int) else zone.cast(pl.Int64)
        idx = pl.lit(self.keys).search_sorted(key * _ZONE_SPAN + us, side="right") - 1
        return pl.lit(self.offsets).gather(idx)

    def to_utc(self, naive: pl.Expr, zone: pl.Expr | int) -> pl.Expr:
        """Local wall-clock µs → UTC µs (times in a spring-forward gap move an hour on)."""
        return naive - self.offset(naive - self.offset(naive, zone), zone)


@functools.cache
def offset_table(lo_us: int, hi_us: int) -> OffsetTable:
    """Find each zone's offset changes between two instants (day scan, minute bisection)."""
    keys: list[int] = []
    offsets: list[int] = []
    for code, name in enumerate(TIMEZONES):
        zone = ZoneInfo(name)

        def offset_at(us: int, zone: ZoneInfo = zone) -> int:
            moment = datetime.fromtimestamp(us // SECOND, UTC).astimezone(zone)
            return int((moment.utcoffset() or timedelta(0)).total_seconds()) * SECOND

        current = offset_at(lo_us)
        keys.append(code * _ZONE_SPAN)
        offsets.append(current)
        day = lo_us
        while day < hi_us:
            following = offset_at(day + DAY)
            if following != current:
                low, high = day, day + DAY
                while high - low > MINUTE:
                    mid = (low + high) // 2
                    if offset_at(mid) == current:
                        low = mid
                    else:
                        high = mid
                keys.append(code * _ZONE_SPAN + high)
                offsets.append(following)
                current = following
            day += DAY
    return OffsetTable(pl.Series(keys, dtype=pl.Int64), pl.Series(offsets, dtype=pl.Int64))


def _next_open(frame: pl.LazyFrame, tz: OffsetTable, holidays: pl.Series) -> pl.LazyFrame:
    """Column ``m`` moved to the next opening of the contact centre (09:00 Berlin) unless it
    is open then. Intermediate columns are materialized so every lookup runs once."""
    m = pl.col("m")
    frame = frame.with_columns((m + tz.offset(m, BERLIN_CODE)).alias("_local"))
    frame = frame.with_columns((pl.col("_local") // DAY).alias("_day"))
    day = pl.col("_day")
    hour = (pl.col("_local") - day * DAY) // HOUR
    weekday = (day + _EPOCH_WEEKDAY) % 7
    frame = frame.with_columns(
        ((weekday < 5) & ~day.is_in(holidays.implode())).alias("_open_day"), hour.alias("_hour"),
        weekday.alias("_weekday"),
    )
    open_day, hour, weekday = pl.col("_open_day"), pl.col("_hour"), pl.col("_weekday")
    inside = open_day & (hour >= 9) & (hour < 18)
    ahead = (
        pl.when(open_day & (hour < 9)).then(0)
        .when(weekday == 4).then(3)
        .when(weekday == 5).then(2)
        .otherwise(1)
    )
    frame = frame.with_columns(
        inside.alias("_inside"), ((day + ahead) * DAY + 9 * HOUR).alias("_target")
    )
    target = pl.col("_target")
    return frame.with_columns(
        pl.when(pl.col("_inside")).then(m)
        .otherwise(target - tz.offset(target - 2 * HOUR, BERLIN_CODE))
        .alias("m")
    )


def into_business_hours(
    us: pl.Series, jitter: pl.Series, apply: pl.Series, tz: OffsetTable
) -> pl.Series:
    """Move the timestamps with ``apply`` set into business hours, ``jitter`` after opening."""
    holidays = pl.Series(
        [(d - date(1970, 1, 1)).days for d in HOLIDAYS], dtype=pl.Int64
    )
    frame = pl.DataFrame({"t": us, "m": us, "j": jitter, "a": apply}).lazy()
    for _ in range(3):  # weekend, then up to two holidays in a row
        frame = _next_open(frame, tz, holidays)
    out = frame.select(
        pl.when(pl.col("a") & (pl.col("m") != pl.col("t")))
        .then(pl.col("m") + pl.col("j"))
        .otherwise(pl.col("t"))
        .alias("t")
    )
    return out.collect().to_series()
