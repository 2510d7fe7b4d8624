"""Parsing one canonical field from raw export text, with the error text for bad values.

Each parser returns ``(value, error)`` expressions: the typed value (null when it is missing
or bad) and, on the rows where the value is bad, a reason naming the field and the value
(shortened to ``MAX_SHOWN_VALUE`` characters). Used by the normalizer, the customer-profile
reader and the streaming event parser, so every entry point reads a field the same way.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING

import polars as pl

from cx_rules.models.record import ENUMS

if TYPE_CHECKING:
    from cx_rules.io.mapping import Mapping

__all__ = [
    "ENUMS", "FALSE_WORDS", "MAX_SHOWN_VALUE", "TRUE_WORDS", "clean_text", "decode_claims",
    "parse_bool", "parse_enum", "parse_float", "parse_text", "shown",
]

TRUE_WORDS = ("true", "t", "yes", "y", "1")


FALSE_WORDS = ("false", "f", "no", "n", "0")


MAX_SHOWN_VALUE = 40


def shown(raw: pl.Expr) -> pl.Expr:
    """The offending value, quoted and shortened for an error message."""
    text = raw.cast(pl.String)
    short = pl.when(text.str.len_chars() > MAX_SHOWN_VALUE).then(
        text.str.slice(0, MAX_SHOWN_VALUE) + "…"
    ).otherwise(text)
    return pl.lit("'") + short + pl.lit("'")


def clean_text(raw: pl.Expr) -> pl.Expr:
    """Stripped text with empty strings as null."""
    stripped = raw.cast(pl.String).str.strip_chars()
    return pl.when(stripped.str.len_chars() > 0).then(stripped)


def parse_text(field: str, raw: pl.Expr, dtype: pl.DataType,
               ) -> tuple[pl.Expr, pl.Expr, str | None]:
    """A text field (an id, an agent, the message) from a column of any type: value, error and
    a note for the user when the column's type is not text.

    Integers are read as their digits (exact); floating-point numbers with no fraction as the
    integer (``119242.0`` -> ``119242``, a column that held a missing value in pandas) and
    with one are rejected, as are booleans, dates, binary data and nested values (a JSON object
    or list where text belongs): none of them is an id or a message.
    """
    none = pl.lit(None, pl.String)
    if dtype == pl.String or dtype == pl.Null:
        return clean_text(raw), none, None
    kind = _type_name(dtype)
    if dtype.is_integer():
        return raw.cast(pl.String), none, f"holds {kind} ({dtype}), read as their digits"
    if dtype.is_float():
        whole = raw.is_finite() & (raw == raw.floor())
        err = pl.when(raw.is_not_null() & ~whole).then(
            pl.lit(f"{field}: ") + shown(raw) + pl.lit(" is not text or a whole number"))
        value = pl.when(whole).then(raw.cast(pl.Int64, strict=False).cast(pl.String))
        return value, err, (f"holds {kind} ({dtype}): whole ones read as their digits, "
                            "others rejected")
    err = pl.when(raw.is_not_null()).then(pl.lit(f"{field}: {kind}, not text"))
    return pl.lit(None, pl.String), err, None


def _type_name(dtype: pl.DataType) -> str:
    if dtype.is_integer():
        return "integers"
    if dtype.is_float():
        return "floating-point numbers"
    if dtype == pl.Boolean:
        return "a boolean (true/false)"
    if isinstance(dtype, pl.Struct):
        return "a JSON object"
    if isinstance(dtype, pl.List | pl.Array):
        return "a list"
    if dtype.is_temporal():
        return "a date or time"
    if dtype == pl.Binary:
        return "binary data"
    return f"a {dtype} value"


def parse_enum(field: str, raw: pl.Expr, mapping: Mapping | None) -> tuple[pl.Expr, pl.Expr]:
    value = clean_text(raw).str.to_lowercase()
    if mapping is not None and field in mapping.values:
        table = {k.strip().lower(): v for k, v in mapping.values[field].items()}
        value = value.replace(table)
    allowed = ENUMS[field]
    err = pl.when(value.is_not_null() & ~value.is_in(allowed)).then(
        pl.lit(f"{field}: unknown value ") + shown(value)
        + pl.lit(f" (expected one of {', '.join(allowed)})")
    )
    return pl.when(value.is_in(allowed)).then(value), err


def parse_float(field: str, raw: pl.Expr, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    text = raw if dtype.is_numeric() else clean_text(raw)
    value = text.cast(pl.Float64, strict=False)
    bad = (text.is_not_null() & value.is_null()) | value.is_nan() | value.is_infinite()
    err = pl.when(bad).then(
        pl.lit(f"{field}: ") + shown(text) + pl.lit(" is not a finite number")
    )
    return pl.when(~bad).then(value), err


def parse_bool(field: str, raw: pl.Expr, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    if dtype == pl.Boolean:
        return raw, pl.lit(None, pl.String)
    text = clean_text(raw).str.to_lowercase()
    value = pl.when(text.is_in(TRUE_WORDS)).then(True).when(text.is_in(FALSE_WORDS)).then(False)
    err = pl.when(text.is_not_null() & value.is_null()).then(
        pl.lit(f"{field}: ") + shown(text) + pl.lit(" is not true/false")
    )
    return value, err


def decode_claims(text: str) -> tuple[list[dict[str, str]] | None, str | None]:
    """Parse one claims cell: a JSON object of scalars, or our gathered-columns form."""
    try:
        data = json.loads(text)
    except (json.JSONDecodeError, RecursionError):
        return None, "claims: not valid JSON"
    if not isinstance(data, dict):
        return None, "claims: not a JSON object"
    out: list[dict[str, str]] = []
    for key, value in data.items():
        if isinstance(value, dict | list):
            return None, f"claims: value of {str(key)[:MAX_SHOWN_VALUE]!r} must be text or a number"
        if value is None:
            continue
        if isinstance(value, float) and not math.isfinite(value):
            return None, f"claims: value of {str(key)[:MAX_SHOWN_VALUE]!r} is not finite"
        text_value = "true" if value is True else "false" if value is False else str(value)
        out.append({"key": str(key), "value": text_value.strip()})
    return sorted(out, key=lambda kv: kv["key"]), None
