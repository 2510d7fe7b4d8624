"""Durations print right at the extremes: the vectorized form (column and literal) agrees with
:func:`format_duration` over every span two timestamps between years 1 and 9999 can have."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import duration_text
from tests.kinds._rows import event, run

SPAN = to_us(datetime(9999, 12, 31, 23, 59, 59, 999_999) - datetime(1, 1, 1))
LARGEST: list[Literal["d", "h"]] = ["d", "h"]
spans = st.one_of(st.integers(-SPAN, SPAN),
                  st.integers(-10**7, 10**7),
                  st.sampled_from([0, SPAN, -SPAN, 693_600 * 86_400 * 10**6,
                                   693_595 * 86_400 * 10**6 + 3_600 * 10**6]))


@given(st.lists(spans, min_size=1, max_size=20), st.sampled_from(LARGEST))
def test_column_and_literal_agree_with_format_duration(values: list[int],
                                                       largest: Literal["d", "h"]) -> None:
    expected = [format_duration(v, largest) for v in values]
    column = pl.DataFrame({"us": values}, schema={"us": pl.Int64}).select(
        duration_text(pl.col("us"), largest)).to_series().to_list()
    assert column == expected
    literal = pl.select(duration_text(pl.lit(values[0]), largest)).item()
    assert literal == expected[0]


def test_known_extremes() -> None:
    assert format_duration(693_600 * 86_400 * 10**6) == "693600d"
    assert format_duration(timedelta(days=3_652_058, hours=23)) == "3652058d 23h"
    assert format_duration(timedelta(days=3, hours=4), largest="h") == "76h"


def test_a_wait_of_two_thousand_years_reads_right_in_the_finding() -> None:
    """Year 1 to year 1900 is 693,595 days plus the leap-day quirks: the message says it."""
    start, end = datetime(1, 1, 1, 9), datetime(1900, 1, 1, 9)
    rows = [event("a", 0, "inbound", "customer", channel="email"),
            event("b", 0, "outbound", "agent", channel="email")]
    rows[0]["timestamp"], rows[1]["timestamp"] = start, end
    found = run("response_time", {"metric": "first_reply", "limit": "1h"}, rows,
                category="speed")
    assert len(found) == 1
    gap = format_duration(end - start)
    assert gap == f"{(end - start).days}d"
    assert gap in found[0]["message"]
