"""Business-hours calendar: weekly opening hours in a time zone, minus holidays.

Time rules with ``hours: business`` count only the seconds inside these hours. The clock is
integer microseconds, so elapsed business time is exact.

Business hours are local wall-clock intervals: on a daylight-saving change inside an interval
the interval keeps its wall-clock length (DST changes happen at night in most zones).
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_RANGE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_US = 1_000_000
DAY_US = 86_400 * _US
EPOCH_MONDAY = date(1970, 1, 5)


def _days(key: str) -> list[int]:
    parts = key.strip().lower().split("-")
    for p in parts:
        if p not in DAYS:
            raise ValueError(f"business_hours[{key!r}]: unknown day {p!r} (use mon..sun)")
    if len(parts) == 1:
        return [DAYS.index(parts[0])]
    if len(parts) != 2:
        raise ValueError(f"business_hours[{key!r}]: write a day or a range like mon-fri")
    start, end = DAYS.index(parts[0]), DAYS.index(parts[1])
    return [(start + i) % 7 for i in range((end - start) % 7 + 1)]


def _interval(key: str, text: str) -> tuple[int, int]:
    m = _RANGE.match(text.strip())
    if not m:
        raise ValueError(f"business_hours[{key!r}]: {text!r} is not HH:MM-HH:MM")
    h1, m1, h2, m2 = (int(x) for x in m.groups())
    start, end = (h1 * 60 + m1) * 60, (h2 * 60 + m2) * 60
    if h1 > 23 or m1 > 59 or m2 > 59 or end > 86_400 or (h2 == 24 and m2):
        raise ValueError(f"business_hours[{key!r}]: {text!r} is not a valid time range")
    if start >= end:
        raise ValueError(f"business_hours[{key!r}]: {text!r} must start before it ends")
    return start, end


class Calendar(BaseModel):
    """Opening hours: ``{timezone, business_hours: {mon-fri: "09:00-18:00"}, holidays: [...]}``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    timezone: str = "UTC"
    business_hours: dict[str, str | list[str]] = Field(min_length=1)
    holidays: list[date] = Field(default_factory=list)

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        try:
            zoneinfo.ZoneInfo(value)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @model_validator(mode="after")
    def _check(self) -> Calendar:
        _ = self.schedule
        if not any(self.schedule):
            raise ValueError("calendar has no business hours")
        return self

    @cached_property
    def wall_intervals(self) -> dict[date, list[tuple[datetime, datetime]]]:
        """Memo of each day's business intervals in naive local wall time."""
        return {}

    @cached_property
    def deadline_memo(self) -> dict[tuple[datetime, int], datetime]:
        """Memo of :func:`add_business_time` results (bounded, see there)."""
        return {}

    @cached_property
    def schedule(self) -> tuple[tuple[tuple[int, int], ...], ...]:
        """Per weekday (0=Mon) the sorted (start_second, end_second) intervals."""
        week: list[list[tuple[int, int]]] = [[] for _ in range(7)]
        seen: set[int] = set()
        for key, value in self.business_hours.items():
            ranges = [value] if isinstance(value, str) else list(value)
            for day in _days(key):
                if day in seen:
                    raise ValueError(f"business_hours: {DAYS[day]} is listed twice")
                seen.add(day)
                week[day] = sorted(_interval(key, r) for r in ranges)
                for (_, e1), (s2, _) in zip(week[day], week[day][1:], strict=False):
                    if s2 < e1:
                        raise ValueError(f"business_hours[{key!r}]: ranges overlap")
        return tuple(tuple(d) for d in week)

    @cached_property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    def day_us(self, weekday: int) -> int:
        return sum(e - s for s, e in self.schedule[weekday]) * _US

    @cached_property
    def week_us(self) -> int:
        return sum(self.day_us(d) for d in range(7))

    @cached_property
    def _holiday_days(self) -> list[int]:
        """Sorted day numbers (since the Monday epoch) of holidays on business days."""
        days = sorted({(h - EPOCH_MONDAY).days for h in self.holidays})
        return [d for d in days if self.day_us(d % 7) > 0]


def business_clock_us(cal: Calendar, ts: pl.Expr) -> pl.Expr:
    """Business microseconds from a fixed epoch to ``ts`` (a UTC datetime expression)."""
    local = ts.dt.convert_time_zone(cal.timezone)
    day = (local.dt.date().cast(pl.Int32) - (EPOCH_MONDAY - date(1970, 1, 1)).days).cast(pl.Int64)
    weekday = day % 7
    seconds_us = (
        local.dt.hour().cast(pl.Int64) * 3_600 + local.dt.minute().cast(pl.Int64) * 60
        + local.dt.second().cast(pl.Int64)
    ) * _US + local.dt.microsecond().cast(pl.Int64)
    prefix = [0]
    for d in range(6):
        prefix.append(prefix[-1] + cal.day_us(d))
    before_day = (day // 7) * cal.week_us + weekday.replace_strict(
        dict(enumerate(prefix)), return_dtype=pl.Int64)
    within = pl.lit(0, pl.Int64)
    for d, intervals in enumerate(cal.schedule):
        for start, end in intervals:
            part = (seconds_us - start * _US).clip(0, (end - start) * _US)
            within = within + pl.when(weekday == d).then(part).otherwise(0)
    holidays = cal._holiday_days
    if holidays:
        hol = pl.Series("h", holidays, dtype=pl.Int64)
        cum = [0]
        for h in holidays:
            cum.append(cum[-1] + cal.day_us(h % 7))
        idx = pl.lit(hol).search_sorted(day, side="left")
        lost_before = idx.replace_strict(dict(enumerate(cum)), return_dtype=pl.Int64)
        is_holiday = day.is_in(holidays)
        within = pl.when(is_holiday).then(0).otherwise(within)
        before_day = before_day - lost_before
    return pl.when(ts.is_null()).then(None).otherwise(before_day + within)


def business_elapsed_us(cal: Calendar | None, start: pl.Expr, end: pl.Expr) -> pl.Expr:
    """Business microseconds between two UTC datetime expressions (wall clock when no calendar)."""
    if cal is None:
        return end.dt.epoch("us") - start.dt.epoch("us")
    return business_clock_us(cal, end) - business_clock_us(cal, start)


def _day_intervals(cal: Calendar, day: date) -> list[tuple[datetime, datetime]]:
    """The day's business intervals as naive local wall times (memoised per calendar)."""
    cache = cal.wall_intervals
    found = cache.get(day)
    if found is not None:
        return found
    out = []
    if day not in cal.holidays:
        midnight = datetime.combine(day, time())
        for s, e in cal.schedule[day.weekday()]:
            out.append((midnight + timedelta(seconds=s), midnight + timedelta(seconds=e)))
    cache[day] = out
    return out


def _wall_us(a: datetime, b: datetime) -> int:
    """Microseconds between two local wall times of one zone, as wall-clock difference."""
    delta = a.replace(tzinfo=None) - b.replace(tzinfo=None)
    return (delta.days * 86_400 + delta.seconds) * _US + delta.microseconds


def business_elapsed_us_reference(cal: Calendar | None, start: datetime, end: datetime) -> int:
    """Plain-Python twin of :func:`business_elapsed_us`, walking day by day."""
    if cal is None:
        delta = end - start
        return (delta.days * 86_400 + delta.seconds) * _US + delta.microseconds
    if end < start:
        return -business_elapsed_us_reference(cal, end, start)
    a = start.astimezone(cal.zone).replace(tzinfo=None)
    b = end.astimezone(cal.zone).replace(tzinfo=None)
    total = 0
    day = a.date()
    while day <= b.date():
        for lo, hi in _day_intervals(cal, day):
            lo_w = max(lo, a)
            hi_w = min(hi, b)
            if hi_w > lo_w:
                total += _wall_us(hi_w, lo_w)
        day += timedelta(days=1)
    return total


def is_business_time(cal: Calendar | None, ts: datetime) -> bool:
    """Whether ``ts`` falls inside business hours."""
    if cal is None:
        return True
    local = ts.astimezone(cal.zone)
    second = local.hour * 3600 + local.minute * 60 + local.second
    return local.date() not in cal.holidays and any(
        s <= second < e for s, e in cal.schedule[local.weekday()])


def add_business_time(cal: Calendar | None, start: datetime, duration_us: int) -> datetime:
    """The instant when ``duration_us`` of business time has passed after ``start``."""
    if cal is None:
        return start + timedelta(microseconds=duration_us)
    memo = cal.deadline_memo
    found = memo.get((start, duration_us))
    if found is None:
        if len(memo) >= _DEADLINE_MEMO_SIZE:
            memo.clear()
        found = memo[(start, duration_us)] = _add_business_time(cal, start, duration_us)
    return found


_DEADLINE_MEMO_SIZE = 100_000
"""A streaming session asks for the same deadline (a wait's start plus its limit) after every
event of the case; the memo is cleared when it reaches this many entries."""


def _add_business_time(cal: Calendar, start: datetime, duration_us: int) -> datetime:
    local = start.astimezone(cal.zone).replace(tzinfo=None)
    remaining = duration_us
    day = local.date()
    for _ in range(366 * 50):
        for lo, hi in _day_intervals(cal, day):
            lo_w = max(lo, local)
            hi_w = hi
            if hi_w <= lo_w:
                continue
            span = _wall_us(hi_w, lo_w)
            if remaining <= span:
                found = lo_w + timedelta(microseconds=remaining)
                return found.replace(tzinfo=cal.zone).astimezone(UTC)
            remaining -= span
        day += timedelta(days=1)
    raise ValueError("calendar has no business hours within 50 years")
