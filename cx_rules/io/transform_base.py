"""What every whole-frame transform builds on: its type, its warning, and the helpers for ids,
timestamps and row problems (see :mod:`cx_rules.io.transforms` for the contract)."""

from __future__ import annotations

from collections.abc import Callable

import polars as pl

from cx_rules.errors import InputError
from cx_rules.io.parsing import clean_text

Transform = Callable[[pl.LazyFrame], pl.LazyFrame]
"""``function(raw: LazyFrame) -> LazyFrame``, run on the raw frame before the mapping."""

TRUE_WORDS = ("true", "t", "yes", "y", "1")
TS_FORMATS = ("%a %b %d %H:%M:%S %z %Y", "%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z")
MAX_EXAMPLES = 5


class InputWarning(UserWarning):
    """Something in an input file worth telling the user; nothing was lost."""


def id_text(expr: pl.Expr) -> pl.Expr:
    """An id as text; ``119242.0`` (an id that went through a float column) becomes ``119242``."""
    text = clean_text(expr)
    return pl.when(text.str.contains(r"^\d+\.0+$")).then(text.str.replace(r"\.0+$", "")) \
        .otherwise(text)


def need_columns(names: list[str], columns: tuple[str, ...], transform: str) -> None:
    missing = [c for c in columns if c not in names]
    if missing:
        raise InputError(f"transform {transform} needs column(s) {', '.join(missing)}; "
                         f"the file has {', '.join(n for n in names if not n.startswith('_'))}")


def loose_timestamp(expr: pl.Expr) -> pl.Expr:
    """A best-effort parse used only to order events inside a transform (never validated)."""
    text = clean_text(expr)
    return pl.coalesce([
        text.str.to_datetime(f, strict=False, time_zone="UTC", time_unit="us")
        for f in TS_FORMATS
    ])


def add_problem(df: pl.DataFrame, reason: pl.Expr) -> pl.Expr:
    """``_problem`` with ``reason`` added (a field-level reason, reported with the row's other
    problems; ``_reject`` instead would make it the row's only reason)."""
    if "_problem" not in df.columns:
        return reason.alias("_problem")
    return pl.concat_str([pl.col("_problem"), reason], separator="; ", ignore_nulls=True) \
        .alias("_problem")
