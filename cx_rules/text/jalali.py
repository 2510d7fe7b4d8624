"""Solar hijri (Jalali, the Iranian civil calendar) dates as Gregorian dates.

dateparser reads Jalali dates only through ``convertdate``, which is not a dependency of this
project, so the conversion is done here with the standard arithmetic algorithm (Borkowski's
break years, as in jalaali-js): a year is leap when the 33-year cycles between the listed
break years say so, and 1 Farvardin falls on the March day that the leap counts of both
calendars give. It agrees with the astronomical calendar for years -61 to 3177.
"""

from __future__ import annotations

from datetime import date

__all__ = ["jalali_to_gregorian", "jalali_year_of"]

_BREAKS = (-61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192,
           2262, 2324, 2394, 2456, 3178)


def _calendar(jy: int) -> tuple[bool, int, int]:
    """(whether ``jy`` is leap, the Gregorian year of its 1 Farvardin, that day of March)."""
    if not _BREAKS[0] <= jy < _BREAKS[-1]:
        raise ValueError(f"Jalali year {jy} is out of range")
    gy = jy + 621
    leap_j = -14
    jp = _BREAKS[0]
    jump = 0
    for jm in _BREAKS[1:]:
        jump = jm - jp
        if jy < jm:
            break
        leap_j += jump // 33 * 8 + jump % 33 // 4
        jp = jm
    n = jy - jp
    leap_j += n // 33 * 8 + (n % 33 + 3) // 4
    if jump % 33 == 4 and jump - n == 4:
        leap_j += 1
    leap_g = gy // 4 - (gy // 100 + 1) * 3 // 4 - 150
    march = 20 + leap_j - leap_g
    if jump - n < 6:
        n = n - jump + (jump + 4) // 33 * 33
    leap = ((n + 1) % 33 - 1) % 4 == 0
    return leap, gy, march


def jalali_to_gregorian(jy: int, jm: int, jd: int) -> date | None:
    """The Gregorian date of day ``jd`` of month ``jm`` (1 Farvardin .. 12 Esfand) of Jalali
    year ``jy``, or None when there is no such day (Esfand has 30 days only in leap years)."""
    if not 1 <= jm <= 12 or jd < 1:
        return None
    try:
        leap, gy, march = _calendar(jy)
    except ValueError:
        return None
    length = 31 if jm <= 6 else 30 if jm <= 11 else 30 if leap else 29
    if jd > length:
        return None
    first = date(gy, 3, march).toordinal()
    return date.fromordinal(first + (jm - 1) * 31 - jm // 7 * (jm - 7) + jd - 1)


def jalali_year_of(day: date) -> int:
    """The Jalali year that the Gregorian ``day`` falls in."""
    jy = day.year - 621
    _, gy, march = _calendar(jy)
    return jy if day >= date(gy, 3, march) else jy - 1
