"""A timestamp compared with text: the text is an ISO 8601 time with a UTC offset (what a
generated SLA policy's ``where: timestamp < "..."`` says), the same in polars and Python."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import polars as pl
import pytest

from cx_rules.expr import ExprError, evaluate_row, parse
from cx_rules.expr.to_polars import to_polars

FIELDS = {"timestamp": "datetime", "priority": "str"}
TIMES = [datetime(2026, 3, 5, 9, 59, tzinfo=UTC), datetime(2026, 3, 5, 10, 0, tzinfo=UTC),
         datetime(2026, 3, 5, 10, 1, tzinfo=UTC)]


@pytest.mark.parametrize(("source", "expected"), [
    ('timestamp < "2026-03-05T10:00:00Z"', [True, False, False]),
    ('"2026-03-05T11:00:00+01:00" <= timestamp', [False, True, True]),
    ('timestamp == "2026-03-05T10:00:00+00:00"', [False, True, False]),
])
def test_both_compilers_agree(source: str, expected: list[bool]) -> None:
    expr = parse(source, FIELDS)
    frame = pl.DataFrame({"timestamp": TIMES}, schema={"timestamp": pl.Datetime("us", "UTC")})
    assert frame.select(to_polars(expr)).to_series().to_list() == expected
    assert [evaluate_row(expr, {"timestamp": t}) for t in TIMES] == expected
    assert evaluate_row(expr, {"timestamp": None}) is None


def test_offsets_are_kept() -> None:
    expr = parse('timestamp < "2026-03-05T12:00:00+02:00"', FIELDS)
    east = timezone(timedelta(hours=2))
    assert evaluate_row(expr, {"timestamp": datetime(2026, 3, 5, 11, 0, tzinfo=east)}) is True


@pytest.mark.parametrize("text", ["yesterday", "2026-03-05T10:00:00", "2026-03-05"])
def test_text_that_is_not_an_aware_time(text: str) -> None:
    with pytest.raises(ExprError, match="not a timestamp with a UTC offset"):
        parse(f'timestamp < "{text}"', FIELDS)


def test_text_fields_still_compare_as_text() -> None:
    expr = parse('priority < "n"', FIELDS)
    assert evaluate_row(expr, {"priority": "high"}) is True
