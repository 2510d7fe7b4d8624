"""Value and error expressions for every canonical field of a raw frame.

One lazy polars ``select`` validates every field of every row; the only per-value Python is
decoding the distinct non-null ``claims`` JSON texts. Enum fields (channel, direction...) are
parsed once per distinct raw value and looked up, and timestamps are parsed after the select
(:class:`Deferred`), on the collected text columns.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import polars as pl

from cx_rules.errors import InputError
from cx_rules.io.json_reader import NESTED
from cx_rules.io.mapping import Mapping
from cx_rules.io.parsing import (
    ENUMS,
    clean_text,
    decode_claims,
    parse_bool,
    parse_enum,
    parse_float,
    parse_text,
)
from cx_rules.io.sources import Source, missing_columns_error, source_of
from cx_rules.io.timestamps import parse_typed_timestamp
from cx_rules.io.transform_base import InputWarning
from cx_rules.schema import CLAIMS, INTERACTION_SCHEMA, REQUIRED_INTERACTION_FIELDS, UTC_TS


@dataclass
class Deferred:
    """Checks done after the main select, on the collected columns (cheaper there)."""

    timestamps: dict[str, str]
    """Timestamp field -> its stripped text column, parsed by :func:`parse_timestamp_text`."""
    enums: dict[str, str]
    """Enum field -> its raw text column, resolved once per distinct value."""
    missing: list[str]
    """Required text fields whose "missing" check is a null test on the value column."""


def field_exprs(
    columns: dict[str, pl.DataType], mapping: Mapping | None, assume_tz: str | None
) -> tuple[list[pl.Expr], list[pl.Expr], Deferred]:
    """Value and error expressions for every canonical field (claims excepted), and the checks
    left for after the select (see :class:`Deferred`)."""
    missing = [f for f in REQUIRED_INTERACTION_FIELDS if source_of(f, columns, mapping) is None]
    if missing:
        raise missing_columns_error(missing, columns, mapping)
    values: list[pl.Expr] = []
    errors: list[pl.Expr] = []
    deferred = Deferred({}, {}, [])
    for field, target in INTERACTION_SCHEMA.items():
        if field == "claims":
            continue
        src = source_of(field, columns, mapping)
        if src is None:
            values.append(pl.lit(None, dtype=target).alias(field))
            continue
        raw, dtype = src.expr, src.dtype
        if src.column is not None and f"{src.column}_duplicated_0" in columns:
            raise InputError(f"column {src.column!r} appears more than once in the header; "
                             f"which one is the {field}?")
        required = field in REQUIRED_INTERACTION_FIELDS
        typed_err = False
        if target == UTC_TS and not (isinstance(dtype, pl.Datetime) or dtype.is_numeric()):
            deferred.timestamps[field] = f"__cx_ts_{field}"
            values.append(clean_text(raw).alias(deferred.timestamps[field]))
            values.append(pl.lit(None, UTC_TS).alias(field))
            err: pl.Expr = pl.lit(None, pl.String)
            if required:
                err = pl.when(clean_text(raw).is_null()).then(pl.lit(f"{field}: missing"))
            errors.append(err if src.error is None else pl.coalesce([src.error, err]))
            continue
        if field in ENUMS:
            deferred.enums[field] = f"__cx_enum_{field}"
            if dtype.is_nested() or dtype == pl.Binary:  # no text to look up
                _, nested_err, _ = parse_text(field, raw, dtype)
                src = Source(pl.lit(None, pl.String), pl.String(),
                             nested_err if src.error is None
                             else pl.coalesce([src.error, nested_err]), src.column)
                raw = src.expr
            values.append(raw.cast(pl.String).alias(deferred.enums[field]))
            values.append(pl.lit(None, pl.String).alias(field))
            if src.error is not None:  # derived: a missing source value is missing
                missing_err = pl.when(raw.is_null()).then(pl.lit(f"{field}: missing")) \
                    if required else pl.lit(None, pl.String)
                errors.append(pl.coalesce([src.error, missing_err]))
            continue
        if target == UTC_TS:
            value, err = parse_typed_timestamp(field, raw, dtype, assume_tz)
            if dtype.is_numeric():
                warnings.warn(InputWarning(
                    f"{field}: {_where(src)} holds numbers ({dtype}), read as Unix epoch time "
                    "in UTC, the unit (s, ms, µs or ns) guessed from each value's size"),
                    stacklevel=2)
        elif target == pl.Float64:
            value, err = parse_float(field, raw, dtype)
        elif target == pl.Boolean:
            value, err = parse_bool(field, raw, dtype)
        else:
            value, err, note = parse_text(field, raw, dtype)
            typed_err = not (dtype in (pl.String, pl.Null) or dtype.is_integer())
            if field in NOT_NESTED and src.column is not None and NESTED in columns:
                err = pl.coalesce([nested_error(field, src.column), err])
            if note is not None:
                warnings.warn(InputWarning(f"{field}: {_where(src)} {note}"), stacklevel=2)
        if src.error is not None:
            err = pl.coalesce([src.error, err])
        if required:
            if target == pl.String and src.error is None and not typed_err:
                deferred.missing.append(field)
            else:
                present = raw.is_not_null() if dtype != pl.String else clean_text(raw).is_not_null()
                err = pl.coalesce([
                    pl.when(~present & (src.error if src.error is not None
                                        else pl.lit(None, pl.String)).is_null())
                    .then(pl.lit(f"{field}: missing")),
                    err,
                ])
        values.append(value.alias(field))
        errors.append(err)
    return values, errors, deferred


NOT_NESTED = ("interaction_id", "case_id", "customer_id", "agent_id", "text")
"""Text fields a JSON object, list or boolean cannot feed (``topic`` may: a list of tags is
joined)."""


MARKED = {"object": "a JSON object", "list": "a JSON list", "boolean": "a boolean (true/false)"}
"""What each :data:`NESTED` mark says a value was."""


def nested_error(field: str, column: str) -> pl.Expr:
    """The reason for rows whose ``column`` was a JSON object, list or boolean (see
    :data:`NESTED`)."""
    marks = pl.col(NESTED)
    return pl.coalesce([
        pl.when(marks.str.contains(f"|{column}={mark}|", literal=True))
        .then(pl.lit(f"{field}: {what}, not text")) for mark, what in MARKED.items()])


def _where(src: Source) -> str:
    return f"column {src.column!r}" if src.column else "its source"


def _lookup(raw: pl.Series, keys: pl.Series) -> pl.Series:
    """Index of each value of ``raw`` in ``keys`` (its distinct non-null values); null stays
    null. (An Enum cast is a hash lookup whose physical codes are exactly those indices.)"""
    return raw.cast(pl.Enum(keys)).to_physical()


SMALL_FRAME = 20_000
"""Below this many rows, enum columns are parsed row by row in one select (cheaper than
building the per-distinct-value tables)."""


def resolve_enums(df: pl.DataFrame, deferred: Deferred, mapping: Mapping | None,
                   derived: set[str]) -> tuple[pl.DataFrame, list[str]]:
    """Parse enum columns once per distinct raw value; returns the frame and error columns."""
    names: list[str] = []
    if df.height <= SMALL_FRAME:
        exprs: list[pl.Expr] = []
        for field, column in deferred.enums.items():
            value_e, err_e = parse_enum(field, pl.col(column), mapping)
            if field in REQUIRED_INTERACTION_FIELDS and field not in derived:
                err_e = pl.when(value_e.is_null() & err_e.is_null()).then(
                    pl.lit(f"{field}: missing")).otherwise(err_e)
            exprs.extend([value_e.alias(field), err_e.alias(f"__cx_v_{field}")])
            names.append(f"__cx_v_{field}")
        if not exprs:
            return df, names
        return df.with_columns(exprs).drop(list(deferred.enums.values())), names
    new: list[pl.Series] = []
    for field, column in deferred.enums.items():
        raw = df[column]
        value_expr, err_expr = parse_enum(field, pl.col("raw"), mapping)
        table = pl.DataFrame({"raw": raw.drop_nulls().unique()}).with_columns(
            value_expr.alias("value"), err_expr.alias("err"))
        index = _lookup(raw, table["raw"])
        value = table["value"].gather(index)
        err = table["err"].gather(index)
        if field in REQUIRED_INTERACTION_FIELDS and field not in derived:
            err = pl.select(pl.when(pl.lit(value).is_null() & pl.lit(err).is_null())
                            .then(pl.lit(f"{field}: missing")).otherwise(pl.lit(err))
                            ).to_series()
        name = f"__cx_v_{field}"
        new.extend([value.alias(field), err.alias(name)])
        names.append(name)
    if not new:
        return df, names
    return df.with_columns(new).drop(list(deferred.enums.values())), names


def claims_text(columns: list[str], mapping: Mapping | None) -> pl.Expr:
    """JSON text of the claims: the claims column, or prefixed columns gathered into one."""
    prefix = mapping.claims_prefix if mapping else None
    prefixed = [c for c in columns if prefix and c.startswith(prefix)]
    if prefixed and prefix:
        fields = [clean_text(pl.col(c)).alias(c[len(prefix):]) for c in prefixed]
        present = pl.any_horizontal([clean_text(pl.col(c)).is_not_null() for c in prefixed])
        return pl.when(present).then(pl.struct(fields).struct.json_encode())
    name = mapping.columns.get("claims", "claims") if mapping else "claims"
    return clean_text(pl.col(name)) if name in columns else pl.lit(None, pl.String)


def typed_claims(columns: dict[str, pl.DataType], mapping: Mapping | None) -> bool:
    """True when the input already holds claims as the canonical list of key/value structs."""
    name = mapping.columns.get("claims", "claims") if mapping else "claims"
    return columns.get(name) == CLAIMS




def attach_claims(df: pl.DataFrame) -> pl.DataFrame:
    """Decode claims text once per distinct value (claims are sparse) and add reasons."""
    if "claims" in df.columns:  # already typed in the input
        return df.drop("_claims_raw").with_columns(pl.lit(None, pl.String).alias("_claims_err"))
    raw = df["_claims_raw"]
    distinct = raw.drop_nulls().unique()
    decoded = [decode_claims(text) for text in distinct.to_list()]
    claims = pl.Series("claims", [d[0] for d in decoded], dtype=CLAIMS)
    errors = pl.Series("_claims_err", [d[1] for d in decoded], dtype=pl.String)
    index = _lookup(raw, distinct)
    return df.with_columns(claims.gather(index), errors.gather(index)).drop("_claims_raw")
