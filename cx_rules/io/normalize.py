"""Turn a raw frame (any export's columns) into the canonical interaction frame.

Every input row ends up either in the canonical frame or in the rejects frame with a reason
naming the field and the bad value, so ``rows_read == rows_evaluated + rows_rejected`` always.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import polars as pl

from cx_rules.errors import InputError
from cx_rules.io.mapping import Mapping
from cx_rules.models.enums import Actor, Channel, Direction, Priority, Purpose, Status
from cx_rules.schema import (
    CLAIMS,
    INTERACTION_SCHEMA,
    REJECT_SCHEMA,
    REQUIRED_INTERACTION_FIELDS,
    UTC_TS,
)

AWARE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M%z",
    "%a %b %d %H:%M:%S %z %Y",
    "%a, %d %b %Y %H:%M:%S %z",
)
"""Timestamp text formats with a UTC offset, tried in order."""

NAIVE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
)
"""Timestamp text formats without an offset: accepted only with ``assume_tz``."""

ENUMS: dict[str, tuple[str, ...]] = {
    "channel": tuple(c.value for c in Channel),
    "direction": tuple(d.value for d in Direction),
    "actor": tuple(a.value for a in Actor),
    "priority": tuple(p.value for p in Priority),
    "status": tuple(s.value for s in Status),
    "purpose": tuple(p.value for p in Purpose),
}
TRUE_WORDS = ("true", "t", "yes", "y", "1")
FALSE_WORDS = ("false", "f", "no", "n", "0")
MAX_SHOWN_VALUE = 40


@dataclass(frozen=True)
class NormalizedLog:
    """The canonical frame, the rejected rows, and how many rows were read."""

    interactions: pl.DataFrame
    rejects: pl.DataFrame
    rows_read: int


def _shown(raw: pl.Expr) -> pl.Expr:
    """The offending value, quoted and shortened for an error message."""
    text = raw.cast(pl.String)
    short = pl.when(text.str.len_chars() > MAX_SHOWN_VALUE).then(
        text.str.slice(0, MAX_SHOWN_VALUE) + "…"
    ).otherwise(text)
    return pl.lit("'") + short + pl.lit("'")


def _source_expr(field: str, columns: list[str], mapping: Mapping | None) -> pl.Expr | None:
    """The raw expression feeding a canonical field, or None when the input lacks it."""
    if mapping is not None:
        if field in mapping.columns and mapping.columns[field] in columns:
            return pl.col(mapping.columns[field])
        if field in mapping.derive and mapping.derive[field].from_ in columns:
            rule = mapping.derive[field]
            key = pl.col(rule.from_).cast(pl.String).str.strip_chars().str.to_lowercase()
            return key.replace_strict(
                {k.lower(): v for k, v in rule.values.items()},
                default=pl.lit(rule.default, dtype=pl.String),
                return_dtype=pl.String,
            )
        if field in mapping.constants:
            return pl.lit(mapping.constants[field], dtype=pl.String)
    if field in columns:
        return pl.col(field)
    return None


def _text(raw: pl.Expr) -> pl.Expr:
    """Stripped text with empty strings as null."""
    stripped = raw.cast(pl.String).str.strip_chars()
    return pl.when(stripped.str.len_chars() > 0).then(stripped)


def _parse_timestamp(
    field: str, raw: pl.Expr, dtype: pl.DataType, formats: tuple[str, ...], assume_tz: str | None
) -> tuple[pl.Expr, pl.Expr]:
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:
            return raw.dt.convert_time_zone("UTC").cast(UTC_TS), pl.lit(None, pl.String)
        if assume_tz is not None:
            value = raw.dt.replace_time_zone(assume_tz, ambiguous="earliest", non_existent="null")
            return value.dt.convert_time_zone("UTC").cast(UTC_TS), pl.lit(None, pl.String)
        err = pl.when(raw.is_not_null()).then(
            pl.lit(f"{field}: timestamp has no time zone (pass --assume-tz)")
        )
        return pl.lit(None, UTC_TS), err
    text = _text(raw)
    attempts = [
        text.str.to_datetime(fmt, strict=False, time_zone="UTC", time_unit="us")
        for fmt in formats + AWARE_FORMATS
    ]
    aware = pl.coalesce(attempts)
    naive = pl.coalesce(
        [text.str.to_datetime(fmt, strict=False, time_unit="us") for fmt in NAIVE_FORMATS]
    )
    if assume_tz is not None:
        localized = naive.dt.replace_time_zone(
            assume_tz, ambiguous="earliest", non_existent="null"
        ).dt.convert_time_zone("UTC")
        value = pl.coalesce([aware, localized])
        naive_err = pl.lit(None, pl.String)
    else:
        value = aware
        naive_err = pl.when(aware.is_null() & naive.is_not_null()).then(
            pl.lit(f"{field}: ") + _shown(text)
            + pl.lit(" has no UTC offset (add one, or pass --assume-tz ZONE)")
        )
    err = pl.coalesce([
        naive_err,
        pl.when(text.is_not_null() & value.is_null()).then(
            pl.lit(f"{field}: cannot parse ") + _shown(text) + pl.lit(" as a timestamp")
        ),
    ])
    return value, err


def _parse_enum(field: str, raw: pl.Expr, mapping: Mapping | None) -> tuple[pl.Expr, pl.Expr]:
    value = _text(raw).str.to_lowercase()
    if mapping is not None and field in mapping.values:
        table = {k.lower(): v for k, v in mapping.values[field].items()}
        value = value.replace(table)
    allowed = ENUMS[field]
    err = pl.when(value.is_not_null() & ~value.is_in(allowed)).then(
        pl.lit(f"{field}: unknown value ") + _shown(value)
        + pl.lit(f" (expected one of {', '.join(allowed)})")
    )
    return pl.when(value.is_in(allowed)).then(value), err


def _parse_float(field: str, raw: pl.Expr, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    text = raw if dtype.is_numeric() else _text(raw)
    value = text.cast(pl.Float64, strict=False)
    bad = (text.is_not_null() & value.is_null()) | value.is_nan() | value.is_infinite()
    err = pl.when(bad).then(
        pl.lit(f"{field}: ") + _shown(text) + pl.lit(" is not a finite number")
    )
    return pl.when(~bad).then(value), err


def _parse_bool(field: str, raw: pl.Expr, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    if dtype == pl.Boolean:
        return raw, pl.lit(None, pl.String)
    text = _text(raw).str.to_lowercase()
    value = pl.when(text.is_in(TRUE_WORDS)).then(True).when(text.is_in(FALSE_WORDS)).then(False)
    err = pl.when(text.is_not_null() & value.is_null()).then(
        pl.lit(f"{field}: ") + _shown(text) + pl.lit(" is not true/false")
    )
    return value, err


def field_exprs(
    columns: dict[str, pl.DataType], mapping: Mapping | None, assume_tz: str | None
) -> tuple[list[pl.Expr], list[pl.Expr]]:
    """Value and error expressions for every canonical field (claims excepted)."""
    names = list(columns)
    missing = [
        f for f in REQUIRED_INTERACTION_FIELDS if _source_expr(f, names, mapping) is None
    ]
    if missing:
        raise InputError(
            f"missing required column(s) {', '.join(missing)}; the file has "
            f"{', '.join(n for n in names if not n.startswith('_'))[:400]}"
            " (use --mapping to translate an export's columns)"
        )
    formats = tuple(mapping.timestamp_formats) if mapping else ()
    values: list[pl.Expr] = []
    errors: list[pl.Expr] = []
    for field, target in INTERACTION_SCHEMA.items():
        if field == "claims":
            continue
        raw = _source_expr(field, names, mapping)
        if raw is None:
            values.append(pl.lit(None, dtype=target).alias(field))
            continue
        src_name = mapping.columns.get(field, field) if mapping else field
        dtype = columns.get(src_name, pl.String())
        if target == UTC_TS:
            value, err = _parse_timestamp(field, raw, dtype, formats, assume_tz)
        elif field in ENUMS:
            value, err = _parse_enum(field, raw, mapping)
        elif target == pl.Float64:
            value, err = _parse_float(field, raw, dtype)
        elif target == pl.Boolean:
            value, err = _parse_bool(field, raw, dtype)
        else:
            value, err = _text(raw), pl.lit(None, pl.String)
        if field in REQUIRED_INTERACTION_FIELDS:
            err = pl.coalesce([
                pl.when(_text(raw.cast(pl.String)).is_null()).then(pl.lit(f"{field}: missing")),
                err,
            ])
        values.append(value.alias(field))
        errors.append(err)
    return values, errors


def _claims_raw(columns: list[str], mapping: Mapping | None) -> pl.Expr:
    """JSON text of the claims: the claims column, or prefixed columns gathered into one."""
    prefix = mapping.claims_prefix if mapping else None
    prefixed = [c for c in columns if prefix and c.startswith(prefix)]
    if prefixed and prefix:
        fields = [_text(pl.col(c)).alias(c[len(prefix):]) for c in prefixed]
        present = pl.any_horizontal([_text(pl.col(c)).is_not_null() for c in prefixed])
        return pl.when(present).then(pl.struct(fields).struct.json_encode())
    source = _source_expr("claims", columns, mapping)
    return _text(source) if source is not None else pl.lit(None, pl.String)


def _typed_claims(columns: dict[str, pl.DataType], mapping: Mapping | None) -> bool:
    """True when the input already holds claims as the canonical list of key/value structs."""
    name = mapping.columns.get("claims", "claims") if mapping else "claims"
    return columns.get(name) == CLAIMS


def _decode_claims(text: str) -> tuple[list[dict[str, str]] | None, str | None]:
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
            return None, f"claims: value of {key!r} must be text or a number"
        if value is None:
            continue
        if isinstance(value, float) and not math.isfinite(value):
            return None, f"claims: value of {key!r} is not finite"
        out.append({"key": str(key), "value": str(value).strip()})
    return sorted(out, key=lambda kv: kv["key"]), None


def _attach_claims(df: pl.DataFrame) -> pl.DataFrame:
    """Decode claims text once per distinct value (claims are sparse) and add reasons."""
    if "claims" in df.columns:  # already typed in the input
        return df.drop("_claims_raw").with_columns(pl.lit(None, pl.String).alias("_claims_err"))
    distinct = df.select(pl.col("_claims_raw").drop_nulls().unique()).to_series().to_list()
    decoded = {text: _decode_claims(text) for text in distinct}
    table = pl.DataFrame(
        {
            "_claims_raw": list(decoded),
            "claims": [v[0] for v in decoded.values()],
            "_claims_err": [v[1] for v in decoded.values()],
        },
        schema={"_claims_raw": pl.String, "claims": CLAIMS, "_claims_err": pl.String},
    )
    return df.join(table, on="_claims_raw", how="left", maintain_order="left").drop("_claims_raw")


def normalize(
    raw: pl.LazyFrame, mapping: Mapping | None = None, assume_tz: str | None = None
) -> NormalizedLog:
    """Validate and convert a raw frame; returns canonical rows and rejected rows."""
    schema = raw.collect_schema()
    columns = dict(schema.items())
    values, errors = field_exprs(columns, mapping, assume_tz)
    text_cols = [n for n, t in columns.items() if t == pl.String and not n.startswith("_")]
    utf8_err = (
        pl.when(pl.any_horizontal([pl.col(c).str.contains("\ufffd", literal=True) for c in text_cols]))
        .then(pl.lit("row has bytes that are not valid UTF-8"))
        if text_cols else pl.lit(None, pl.String)
    )
    if _typed_claims(columns, mapping):
        name = mapping.columns.get("claims", "claims") if mapping else "claims"
        claims = [pl.lit(None, pl.String).alias("_claims_raw"), pl.col(name).alias("claims")]
    else:
        claims = [_claims_raw(list(columns), mapping).alias("_claims_raw")]
    df = raw.select(
        pl.col("_source"),
        pl.col("_row"),
        *values,
        *claims,
        pl.concat_str([utf8_err, *errors], separator="; ", ignore_nulls=True).alias("_reason"),
    ).collect()
    df = _attach_claims(df)
    reason = pl.concat_str(
        [pl.when(pl.col("_reason") != "").then(pl.col("_reason")), pl.col("_claims_err")],
        separator="; ", ignore_nulls=True,
    )
    df = df.with_columns(pl.when(reason != "").then(reason).alias("_reason")).drop("_claims_err")
    # duplicates: the first valid occurrence wins, later ones are rejected naming the first
    first_row = pl.col("_row").first().over("interaction_id")
    first_src = pl.col("_source").first().over("interaction_id")
    valid = df.filter(pl.col("_reason").is_null())
    valid = valid.with_columns(
        pl.when(pl.col("interaction_id").is_first_distinct().not_())
        .then(pl.lit("interaction_id: duplicate ") + _shown(pl.col("interaction_id"))
              + pl.lit(" (first at ") + first_src + pl.lit(" row ") + first_row.cast(pl.String)
              + pl.lit(")"))
        .alias("_reason")
    )
    rejected = pl.concat([df.filter(pl.col("_reason").is_not_null()),
                          valid.filter(pl.col("_reason").is_not_null())])
    kept = valid.filter(pl.col("_reason").is_null()).drop("_reason")
    rejects = rejected.select(
        pl.col("_source").alias("source"),
        pl.col("_row").alias("row"),
        pl.col("interaction_id"),
        pl.col("_reason").alias("reason"),
    ).sort("source", "row").cast(REJECT_SCHEMA)  # type: ignore[arg-type]
    ordered = kept.select(*INTERACTION_SCHEMA, "_source", "_row")
    return NormalizedLog(ordered, rejects, df.height)
