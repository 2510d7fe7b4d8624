# ruff: noqa: RUF001 - Persian sentences on purpose
"""Solar hijri (Jalali) dates: the arithmetic conversion, and Persian month names in text."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cx_rules.text import extract_facts, extract_promises
from cx_rules.text.jalali import jalali_to_gregorian, jalali_year_of


@pytest.mark.parametrize(("jalali", "gregorian"), [
    ((1357, 11, 22), date(1979, 2, 11)),   # 22 Bahman 1357
    ((1398, 10, 11), date(2020, 1, 1)),
    ((1399, 12, 30), date(2021, 3, 20)),   # 1399 is leap
    ((1400, 1, 1), date(2021, 3, 21)),
    ((1403, 12, 30), date(2025, 3, 20)),   # 1403 is leap
    ((1404, 1, 1), date(2025, 3, 21)),
    ((1404, 6, 31), date(2025, 9, 22)),    # the first six months have 31 days
    ((1404, 7, 1), date(2025, 9, 23)),
    ((1404, 12, 29), date(2026, 3, 20)),   # 1404 is not leap
    ((1405, 1, 1), date(2026, 3, 21)),
    ((1408, 12, 30), date(2030, 3, 20)),   # the 33-year cycle's five-year gap: 1403, 1408
])
def test_known_dates(jalali: tuple[int, int, int], gregorian: date) -> None:
    assert jalali_to_gregorian(*jalali) == gregorian
    assert jalali_year_of(gregorian) == jalali[0]


@pytest.mark.parametrize("jalali", [(1404, 12, 30), (1404, 7, 31), (1404, 13, 1), (1404, 0, 1),
                                    (1404, 1, 0), (5000, 1, 1)])
def test_days_that_do_not_exist(jalali: tuple[int, int, int]) -> None:
    assert jalali_to_gregorian(*jalali) is None


def test_consecutive_days_over_sixty_years() -> None:
    day, expected = (1380, 1, 1), jalali_to_gregorian(1380, 1, 1)
    assert expected == date(2001, 3, 21)
    while day[0] < 1440:
        y, m, d = day
        nxt = (y, m, d + 1)
        if jalali_to_gregorian(*nxt) is None:
            nxt = (y, m + 1, 1) if m < 12 else (y + 1, 1, 1)
        assert jalali_to_gregorian(*nxt) == expected + timedelta(days=1), nxt
        day, expected = nxt, expected + timedelta(days=1)


WED = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)  # 13 Esfand 1404


@pytest.mark.parametrize(("text", "value"), [
    ("سفارش شما ۱۵ اسفند تحویل داده می‌شود.", "2026-03-06"),
    # Farvardin of this Jalali year (1404) is long past: the next one, 1405
    ("سفارش شما ۱۰ فروردین تحویل داده می‌شود.", "2026-03-30"),
    ("سفارش شما ۱۰ فروردین ۱۴۰۵ تحویل داده می‌شود.", "2026-03-30"),
    ("سفارش شما در تاریخ ۱۴۰۴/۱۲/۲۰ تحویل داده می‌شود.", "2026-03-11"),
    ("سفارش شما ۱۸ مارس تحویل داده می‌شود.", "2026-03-18"),  # a Gregorian month stays one
])
def test_jalali_dates_in_persian_text(text: str, value: str) -> None:
    assert [(f.key, f.value) for f in extract_facts(text, WED, "Asia/Tehran")] == [
        ("delivery_date", value)]


def test_a_jalali_promise_is_due_at_the_end_of_that_day_in_tehran() -> None:
    (promise,) = extract_promises("سفارش شما ۵ فروردین ارسال خواهد شد.", WED, "Asia/Tehran")
    assert promise.kind == "shipment"
    assert promise.due == datetime(2026, 3, 25, 20, 29, 59, tzinfo=UTC)


def test_a_day_esfand_does_not_have_is_no_fact() -> None:
    assert extract_facts("سفارش شما ۳۰ اسفند تحویل داده می‌شود.", WED, "UTC") == ()
