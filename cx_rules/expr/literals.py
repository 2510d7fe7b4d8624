"""Decoding literal tokens: strings, integers, floats and durations, with range checks.

Each decoder raises ``ValueError`` with a user-facing message; the parser adds the position.
"""

from __future__ import annotations

import math
import re
from datetime import timedelta

INT64_MAX = 2**63 - 1

_UNIT_US = {"ms": 1_000, "s": 1_000_000, "m": 60_000_000, "h": 3_600_000_000,
            "d": 86_400_000_000, "w": 604_800_000_000}
_DURATION_PART = re.compile(r"([0-9]+)(ms|s|m|h|d|w)")
_ESCAPES = {"\\": "\\", '"': '"', "'": "'", "n": "\n", "t": "\t", "r": "\r"}


def unquote(token: str) -> tuple[str, list[int]]:
    """The text of a quoted string token, and for each of its characters the offset of the
    source character it came from (to point errors inside regexes at the right column).

    ``\\\\``, ``\\"``, ``\\'``, ``\\n``, ``\\t`` and ``\\r`` are escapes; any other backslash is
    kept as written, so regexes read naturally (``"\\d+"`` is the regex ``\\d+``).
    """
    body = token[1:-1]
    out: list[str] = []
    offsets: list[int] = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body) and body[i + 1] in _ESCAPES:
            out.append(_ESCAPES[body[i + 1]])
            offsets.append(i + 1)
            i += 2
            continue
        out.append(ch)
        offsets.append(i + 1)
        i += 1
    return "".join(out), offsets


def decode_int(token: str) -> int:
    """A whole number that fits a 64-bit integer."""
    digits = token.lstrip("0") or "0"
    if len(digits) > 19 or int(digits) > INT64_MAX:
        raise ValueError(f"number {_short(token)} is too large (at most {INT64_MAX})")
    return int(digits)


def decode_float(token: str) -> float:
    """A decimal number that is finite as a 64-bit float."""
    value = float(token)
    if not math.isfinite(value):
        raise ValueError(f"number {_short(token)} is too large")
    return value


def decode_duration(token: str) -> timedelta:
    """``90s``, ``2m``, ``1h30m``, ``250ms`` ... as a timedelta (parts add up)."""
    total = 0
    for number, unit in _DURATION_PART.findall(token):
        if len(number) > 19:
            raise ValueError(f"duration {_short(token)} is too long")
        total += int(number) * _UNIT_US[unit]
    if total > INT64_MAX:
        raise ValueError(f"duration {_short(token)} is too long")
    return timedelta(microseconds=total)


def _short(token: str) -> str:
    return token if len(token) <= 24 else token[:20] + "..."
