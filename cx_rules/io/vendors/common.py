"""Helpers shared by the help-desk vendor transforms."""

from __future__ import annotations

import polars as pl

from cx_rules.io.parsing import clean_text

_AWARE = ("%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%d %H:%M:%S%.f%z", "%Y-%m-%dT%H:%M:%S%.fZ",
          "%Y-%m-%d %H:%M:%S %z", "%Y-%m-%d %H:%M %z")
_NAIVE = ("%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M",
          "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M",
          "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M")


def order_time(expr: pl.Expr) -> pl.Expr:
    """A best-effort time used only to put a case's events in order inside a transform
    (never validated: the normalizer parses the real timestamp with the mapping's formats and
    ``--assume-tz``). Aware times are taken in UTC, naive ones as they are, epoch seconds as
    UTC; within one export the times are all of one kind."""
    text = clean_text(expr)
    aware = [text.str.to_datetime(f, strict=False, time_zone="UTC", time_unit="us")
             .dt.replace_time_zone(None) for f in _AWARE]
    naive = [text.str.to_datetime(f, strict=False, time_unit="us") for f in _NAIVE]
    epoch = pl.when(text.str.contains(r"^\d{9,10}$")).then(
        pl.from_epoch(text.cast(pl.Int64, strict=False), "s").dt.cast_time_unit("us"))
    return pl.coalesce([*aware, *naive, epoch])


def lower(expr: pl.Expr) -> pl.Expr:
    """Trimmed, lower-cased text (empty -> null)."""
    return clean_text(expr).str.to_lowercase()
