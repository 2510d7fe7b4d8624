"""Customer profiles: the optional second input, joined on customer_id."""

from __future__ import annotations

import zoneinfo
from functools import cache

import polars as pl

from cx_rules.io.limits import DEFAULT_LIMITS, Limits
from cx_rules.io.normalize import prepare
from cx_rules.io.parsing import clean_text, parse_bool, parse_float, shown
from cx_rules.io.timestamps import parse_typed_timestamp
from cx_rules.models.enums import CHANNELS
from cx_rules.schema import CUSTOMER_SCHEMA, REJECT_SCHEMA, UTC_TS

QUIET_HOURS = r"^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]|24):[0-5]\d$"


@cache
def _zones() -> list[str]:
    return sorted(zoneinfo.available_timezones() | {"UTC"})


def _timestamp(field: str, raw: pl.Expr, dtype: pl.DataType) -> tuple[pl.Expr, pl.Expr]:
    """A profile timestamp: typed (with a zone), ISO text with a UTC offset, or a date alone
    (00:00 UTC that day); anything else is a reject naming the value."""
    if isinstance(dtype, pl.Datetime | pl.Date) or dtype.is_numeric():
        if isinstance(dtype, pl.Date):
            raw = raw.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")
            dtype = UTC_TS
        return parse_typed_timestamp(field, raw, dtype, None)
    text = clean_text(raw)
    value = pl.coalesce(
        text.str.to_datetime("%+", strict=False, time_zone="UTC", time_unit="us"),
        text.str.to_date("%Y-%m-%d", strict=False).cast(pl.Datetime("us"))
        .dt.replace_time_zone("UTC"),
    )
    err = pl.when(text.is_not_null() & value.is_null()).then(
        pl.lit(f"{field}: ") + shown(text)
        + pl.lit(" is not a date (YYYY-MM-DD) or a timestamp with a UTC offset"))
    return value, err


def normalize_customers(
    raw: pl.LazyFrame, limits: Limits = DEFAULT_LIMITS
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Validate profiles; returns (profiles, rejects, rows_read)."""
    from cx_rules.errors import InputError

    raw = prepare(raw, None, limits)
    columns = dict(raw.collect_schema().items())
    if "customer_id" not in columns:
        raise InputError("customer file has no customer_id column")
    values: list[pl.Expr] = []
    errors: list[pl.Expr] = [
        pl.when(clean_text(pl.col("customer_id")).is_null()).then(pl.lit("customer_id: missing"))
    ]
    for field, target in CUSTOMER_SCHEMA.items():
        if field not in columns:
            values.append(pl.lit(None, dtype=target).alias(field))
            continue
        raw_col, dtype = pl.col(field), columns[field]
        if field == "marketing_consent":
            value, err = parse_bool(field, raw_col, dtype)
        elif field == "lifetime_value":
            value, err = parse_float(field, raw_col, dtype)
        elif field == "opted_out_channels":
            if isinstance(dtype, pl.List):
                items = raw_col.cast(pl.List(pl.String))
            else:
                items = clean_text(raw_col).str.replace_all(r"[\[\]\"' ]", "").str.split(r";")
                items = items.list.eval(pl.element().str.split(",")).list.eval(
                    pl.element().explode()
                )
            value = items.list.eval(pl.element().filter(pl.element() != "")).fill_null([])
            unknown = value.list.eval(pl.element().filter(~pl.element().is_in(CHANNELS)))
            err = pl.when(unknown.list.len() > 0).then(
                pl.lit("opted_out_channels: unknown channel ") + shown(unknown.list.first())
            )
        elif field == "preferred_channel":
            value = clean_text(raw_col).str.to_lowercase()
            err = pl.when(value.is_not_null() & ~value.is_in(CHANNELS)).then(
                pl.lit("preferred_channel: unknown channel ") + shown(value)
            )
        elif field == "timezone":
            value = clean_text(raw_col)
            err = pl.when(value.is_not_null() & ~value.is_in(_zones())).then(
                pl.lit("timezone: unknown time zone ") + shown(value)
            )
        elif field == "quiet_hours":
            value = clean_text(raw_col)
            err = pl.when(value.is_not_null() & ~value.str.contains(QUIET_HOURS)).then(
                pl.lit("quiet_hours: ") + shown(value) + pl.lit(" is not HH:MM-HH:MM")
            )
        elif target == UTC_TS:
            value, err = _timestamp(field, raw_col, dtype)
        else:
            value, err = clean_text(raw_col), pl.lit(None, pl.String)
        values.append(value.alias(field))
        errors.append(err)
    df = raw.select(
        pl.col("_source"), pl.col("_row"), *values, pl.col("_reject"),
        pl.concat_str([pl.col("_too_long"), *errors], separator="; ", ignore_nulls=True)
        .alias("_reason"),
    ).collect()
    df = df.with_columns(pl.coalesce([
        pl.col("_reject"), pl.when(pl.col("_reason") != "").then(pl.col("_reason"))
    ]).alias("_reason")).drop("_reject")
    valid = df.filter(pl.col("_reason").is_null())
    dup = valid.with_columns(
        pl.when(~pl.col("customer_id").is_first_distinct())
        .then(pl.lit("customer_id: duplicate profile ") + shown(pl.col("customer_id")))
        .alias("_reason")
    )
    bad = pl.concat([df.filter(pl.col("_reason").is_not_null()),
                     dup.filter(pl.col("_reason").is_not_null())])
    rejects = bad.select(
        pl.col("_source").alias("source"), pl.col("_row").alias("row"),
        pl.col("customer_id").alias("interaction_id"), pl.col("_reason").alias("reason"),
    ).cast(REJECT_SCHEMA)  # type: ignore[arg-type]
    kept = dup.filter(pl.col("_reason").is_null()).select(list(CUSTOMER_SCHEMA))
    return kept, rejects, df.height
