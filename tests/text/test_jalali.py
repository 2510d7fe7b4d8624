"""Solar hijri (Jalali) dates: the arithmetic conversion."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

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

