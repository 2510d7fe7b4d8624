"""Durations as written in rulesets (``90s``, ``2m``, ``4h``, ``3d``, ``1w``, ``1h30m``).

Internally every duration is an integer number of microseconds so that comparisons are exact.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Annotated, Literal

from pydantic import AfterValidator, BeforeValidator, PlainSerializer

_UNIT_US = {
    "ms": 1_000,
    "s": 1_000_000,
    "m": 60_000_000,
    "h": 3_600_000_000,
    "d": 86_400_000_000,
    "w": 604_800_000_000,
}
_PART = re.compile(r"(\d+(?:\.\d+)?)(ms|s|m|h|d|w)")
_WHOLE = re.compile(r"(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+")


def parse_duration(value: object) -> timedelta:
    """Parse ``'90s'``, ``'2m'``, ``'1h30m'`` (or a timedelta) into a :class:`timedelta`.

    Raises ``ValueError`` with a message fit for users for anything else.
    """
    if isinstance(value, timedelta):
        return value
    if isinstance(value, bool) or not isinstance(value, str):
        raise ValueError(f"{value!r} is not a duration (write e.g. 90s, 2m, 4h, 3d, 1w)")
    text = value.strip().replace(" ", "")
    if not _WHOLE.fullmatch(text):
        raise ValueError(f"{value!r} is not a duration (write e.g. 90s, 2m, 4h, 3d, 1w)")
    total = 0.0
    for number, unit in _PART.findall(text):
        total += float(number) * _UNIT_US[unit]
    return timedelta(microseconds=round(total))


def to_us(value: timedelta) -> int:
    """A timedelta as whole microseconds."""
    return (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds


def format_duration(value: timedelta | int | None, largest: Literal["d", "h"] = "d") -> str:
    """A compact human form: ``'2m 5s'``, ``'3d 4h'``, ``'45s'``; ints are microseconds.

    ``largest="h"`` never rolls hours into days (``'207h 12m'``): for business time, where a
    day of the calendar is not 24 hours and ``8d 15h`` would read as calendar days."""
    if value is None:
        return "-"
    us = value if isinstance(value, int) else to_us(value)
    sign = "-" if us < 0 else ""
    seconds = abs(us) // 1_000_000
    days, rest = divmod(seconds, 86_400) if largest == "d" else (0, seconds)
    hours, rest = divmod(rest, 3_600)
    minutes, secs = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "m"), (secs, "s")]
    shown = [f"{n}{u}" for n, u in parts if n]
    if not shown:
        return f"{sign}0s"
    # two most significant units are enough for a human sentence
    first = next(i for i, (n, _) in enumerate(parts) if n)
    shown = [f"{n}{u}" for n, u in parts[first : first + 2] if n]
    return sign + " ".join(shown)


def _serialize(value: timedelta) -> str:
    return format_duration(value).replace(" ", "")


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(_serialize, return_type=str),
]
"""A pydantic field type: accepts ``'2m'`` etc., holds a timedelta, serializes back to text."""


def positive(value: timedelta) -> timedelta:
    """Validator for limits that must be greater than zero."""
    if value <= timedelta(0):
        raise ValueError(f"must be greater than zero (got {format_duration(value)})")
    return value


PositiveDuration = Annotated[Duration, AfterValidator(positive)]
"""A :data:`Duration` that must be greater than zero (limits, windows)."""


