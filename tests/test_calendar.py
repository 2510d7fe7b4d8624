"""Business-hours calendar: vectorized clock equals the day-by-day reference."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cx_rules.calendar import (
    Calendar,
    add_business_time,
    business_elapsed_us,
    business_elapsed_us_reference,
    is_business_time,
)

BERLIN = Calendar(timezone="Europe/Berlin", business_hours={"mon-fri": "09:00-18:00"},
                  holidays=[date(2026, 3, 4)])
HOUR = 3_600_000_000


def elapsed(cal: Calendar | None, a: datetime, b: datetime) -> int:
    df = pl.DataFrame({"a": [a], "b": [b]}, schema={"a": pl.Datetime("us", "UTC"),
                                                   "b": pl.Datetime("us", "UTC")})
    return int(df.select(business_elapsed_us(cal, pl.col("a"), pl.col("b"))).item())


def test_friday_evening_to_monday_morning_is_short() -> None:
    a = datetime(2026, 3, 6, 18, 0, tzinfo=UTC)  # 19:00 in Berlin, after hours
    b = datetime(2026, 3, 9, 9, 30, tzinfo=UTC)  # Monday 10:30 in Berlin
    assert elapsed(BERLIN, a, b) == 1.5 * HOUR


def test_holidays_are_skipped_and_no_calendar_is_wall_clock() -> None:
    a = datetime(2026, 3, 3, 16, 0, tzinfo=UTC)  # Tue 17:00 Berlin
    b = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)  # Thu 10:00 Berlin; Wed is a holiday
    assert elapsed(BERLIN, a, b) == 2 * HOUR
    assert elapsed(None, a, b) == 41 * HOUR


def test_is_business_time_and_add() -> None:
    assert is_business_time(BERLIN, datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    assert not is_business_time(BERLIN, datetime(2026, 3, 4, 10, 0, tzinfo=UTC))
    start = datetime(2026, 3, 6, 16, 0, tzinfo=UTC)  # Fri 17:00 Berlin
    assert add_business_time(BERLIN, start, 2 * HOUR) == datetime(2026, 3, 9, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(("hours", "message"), [
    ({"mon-fry": "09:00-18:00"}, "unknown day 'fry'"),
    ({"mon": "18:00-09:00"}, "must start before it ends"),
    ({"mon": ["09:00-12:00", "11:00-13:00"]}, "overlap"),
    ({"mon": "9-5"}, "is not HH:MM-HH:MM"),
    ({"mon-fri": "09:00-18:00", "fri": "10:00-12:00"}, "fri is listed twice"),
])
def test_bad_calendars(hours: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        Calendar(timezone="UTC", business_hours=hours)
    with pytest.raises(ValidationError, match="unknown time zone"):
        Calendar(timezone="Mars/Base", business_hours={"mon": "09:00-10:00"})


def _ranges(draw: st.DrawFn) -> list[str]:
    cuts = sorted(draw(st.lists(st.integers(0, 96), min_size=2, max_size=4, unique=True)))
    out = []
    for lo, hi in zip(cuts[::2], cuts[1::2], strict=False):
        out.append(f"{lo * 15 // 60:02d}:{lo * 15 % 60:02d}-{hi * 15 // 60:02d}:{hi * 15 % 60:02d}")
    return out


@st.composite
def calendars(draw: st.DrawFn) -> Calendar:
    days = draw(st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]),
                         min_size=1, max_size=7, unique=True))
    hours = {d: _ranges(draw) for d in days}
    holidays = draw(st.lists(st.dates(date(2025, 12, 20), date(2026, 4, 10)), max_size=5))
    zone = draw(st.sampled_from(["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata"]))
    return Calendar(timezone=zone, business_hours=hours, holidays=holidays)


INSTANTS = st.datetimes(datetime(2025, 12, 20), datetime(2026, 4, 10)).map(
    lambda d: d.replace(tzinfo=UTC, microsecond=0))


@given(cal=calendars(), pairs=st.lists(st.tuples(INSTANTS, INSTANTS), min_size=1, max_size=8))
def test_vectorized_equals_reference(cal: Calendar,
                                     pairs: list[tuple[datetime, datetime]]) -> None:
    df = pl.DataFrame({"a": [p[0] for p in pairs], "b": [p[1] for p in pairs]},
                      schema={"a": pl.Datetime("us", "UTC"), "b": pl.Datetime("us", "UTC")})
    got = df.select(business_elapsed_us(cal, pl.col("a"), pl.col("b"))).to_series().to_list()
    assert got == [business_elapsed_us_reference(cal, a, b) for a, b in pairs]


@given(cal=calendars(), start=INSTANTS, hours=st.integers(0, 200))
def test_add_business_time_inverts_the_clock(cal: Calendar, start: datetime, hours: int) -> None:
    if cal.week_us == 0:
        return
    end = add_business_time(cal, start, hours * HOUR // 4)
    assert business_elapsed_us_reference(cal, start, end) == hours * HOUR // 4
    assert end - start >= timedelta(0)
