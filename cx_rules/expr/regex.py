"""Compile-time validation of ``matches`` patterns.

Polars (the Rust ``regex`` crate) runs the patterns, so it decides what is valid; Python's
``re`` is only asked for a precise position when both reject a pattern.
"""

from __future__ import annotations

import re
import warnings
from functools import lru_cache

import polars as pl


@lru_cache(maxsize=512)
def regex_problem(pattern: str) -> tuple[str, int | None] | None:
    """``None`` if polars accepts ``pattern``; else a message and, when known, the 0-based
    offset in the pattern where the problem is."""
    try:
        pl.select(pl.lit("", dtype=pl.String).str.contains(pattern))
    except (pl.exceptions.PanicException, Exception) as exc:  # polars raises several types
        return _describe(str(exc)), _python_offset(pattern)
    return None


def _describe(polars_message: str) -> str:
    lines = [line.strip() for line in polars_message.splitlines() if line.strip()]
    for line in lines:
        if line.startswith("error:"):
            return line.removeprefix("error:").strip()
    for line in lines:
        if "size limit" in line:
            return "pattern is too large once compiled"
    return lines[0][:120] if lines else "invalid pattern"


def _python_offset(pattern: str) -> int | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            re.compile(pattern)
        except re.error as exc:
            return exc.pos
        except (RecursionError, OverflowError, ValueError):
            return None
    return None
