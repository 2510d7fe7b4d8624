"""Timestamps of any export, to UTC: the text formats tried, epoch numbers, typed columns.

Text timestamps are parsed in a cascade: each format is tried only on the values that no
earlier format parsed, so a file in one format costs one parsing pass.
"""

from __future__ import annotations

import zoneinfo

import polars as pl

from cx_rules.errors import InputError
from cx_rules.io.parsing import shown
from cx_rules.schema import UTC_TS

AWARE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S%.f%z",
    "%Y-%m-%dT%H:%M:%S%.fZ",
    "%Y-%m-%d %H:%M:%S%.f%z",
    "%Y-%m-%d %H:%M:%S%.fZ",
    "%Y-%m-%dT%H:%M%z",
    "%Y-%m-%dT%H:%MZ",
    "%a %b %d %H:%M:%S %z %Y",
    "%a, %d %b %Y %H:%M:%S %z",
    "%d %b %Y %H:%M:%S %z",
    "%a, %d %b %Y %H:%M %z",
)
"""Timestamp text formats with a UTC offset, tried in order: ISO 8601 (offset or ``Z``), the
Twitter form ``Tue Oct 31 22:10:47 +0000 2017`` and RFC 2822 (``Tue, 31 Oct 2017 22:10:47
+0000``; the zone names ``GMT``, ``UT``, ``UTC``, ``Z`` and the US zones ``EST``..``PDT`` are
read as their offsets). Digits only are Unix epoch time: 9-10 digits (optionally with a
fraction) are seconds, 12-13 digits are milliseconds."""

NAIVE_FORMATS: tuple[str, ...] = (
    "%Y-%m-%dT%H:%M:%S%.f",
    "%Y-%m-%d %H:%M:%S%.f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%d %H:%M",
)
"""Timestamp text formats without an offset: accepted only with ``assume_tz``."""

_ZONE_NAMES = {"GMT": "+0000", "UT": "+0000", "UTC": "+0000", "Z": "+0000",
               "EST": "-0500", "EDT": "-0400", "CST": "-0600", "CDT": "-0500",
               "MST": "-0700", "MDT": "-0600", "PST": "-0800", "PDT": "-0700"}
_EPOCH_SECONDS = r"^\d{9,10}(\.\d{1,9})?$"
_EPOCH_MILLIS = r"^\d{12,13}$"



def parse_typed_timestamp(
    field: str, raw: pl.Expr, dtype: pl.DataType, assume_tz: str | None
) -> tuple[pl.Expr, pl.Expr]:
    """Datetime and numeric (epoch) columns of typed inputs such as Parquet."""
    none = pl.lit(None, pl.String)
    if isinstance(dtype, pl.Datetime):
        if dtype.time_zone is not None:
            return raw.dt.convert_time_zone("UTC").cast(UTC_TS), none
        if assume_tz is not None:
            value = raw.dt.replace_time_zone(assume_tz, ambiguous="earliest", non_existent="null")
            return value.dt.convert_time_zone("UTC").cast(UTC_TS), none
        err = pl.when(raw.is_not_null()).then(
            pl.lit(f"{field}: timestamp has no time zone (pass --assume-tz)")
        )
        return pl.lit(None, UTC_TS), err
    # numbers: Unix epoch time, the unit guessed from the magnitude
    num = raw.cast(pl.Float64)
    size = num.abs()
    micros = (
        pl.when(size < 1e11).then(num * 1e6)
        .when(size < 1e14).then(num * 1e3)
        .when(size < 1e17).then(num)
        .otherwise(num / 1e3)
    )
    ok = micros.is_finite() & (micros.abs() < 2e17)
    value = pl.when(ok).then(micros.cast(pl.Int64, strict=False)).cast(pl.Datetime("us")) \
        .dt.replace_time_zone("UTC")
    err = pl.when(num.is_not_null() & ~ok).then(
        pl.lit(f"{field}: ") + shown(raw) + pl.lit(" is not an epoch timestamp")
    )
    return value, err


def is_aware_format(fmt: str) -> bool:
    """True when a format reads a UTC offset or zone (``%z``, ``%Z``, ``%s``, a literal ``Z``
    at the end); a format without one gives naive times, which need ``assume_tz``."""
    return any(d in fmt for d in ("%z", "%:z", "%#z", "%Z", "%s", "%+")) or (
        fmt.endswith("Z") and not fmt.endswith("%Z"))


def parse_timestamp_text(
    text: pl.Series, formats: tuple[str, ...] = (), assume_tz: str | None = None
) -> tuple[pl.Series, pl.Series]:
    """Parse stripped timestamp texts (nulls stay null) into UTC; returns (values, problems).

    The cascade tries each format only on the values still unparsed, so a file in one format
    costs one pass. ``formats`` (a mapping's own) come first; those without an offset are
    naive, read like naive ISO times (only with ``assume_tz``), never silently as UTC. A
    problem reads ``'x' has no UTC offset ...`` or ``cannot parse 'x' ...`` (the caller adds
    the field name).
    """
    n = text.len()
    values = pl.repeat(None, n, dtype=UTC_TS, eager=True).alias(text.name)
    problems = pl.repeat(None, n, dtype=pl.String, eager=True).alias(text.name)
    todo = text.is_not_null().arg_true()
    t = pl.col("t")

    def attempt(parse: pl.Expr) -> None:
        nonlocal todo
        if todo.len() == 0:
            return
        parsed = pl.DataFrame({"t": text.gather(todo)}).select(parse).to_series()
        ok = parsed.is_not_null()
        if ok.any():
            values.scatter(todo.filter(ok), parsed.filter(ok))
            todo = todo.filter(~ok)

    aware = tuple(f for f in formats if is_aware_format(f))
    naive_extra = tuple(f for f in formats if not is_aware_format(f))
    for fmt in (*aware, *AWARE_FORMATS):
        attempt(t.str.to_datetime(fmt, strict=False, time_zone="UTC", time_unit="us"))
    attempt(pl.when(t.str.contains(_EPOCH_SECONDS)).then(
        pl.from_epoch((t.cast(pl.Float64, strict=False) * 1e6).cast(pl.Int64), "us")
    ).dt.replace_time_zone("UTC"))
    attempt(pl.when(t.str.contains(_EPOCH_MILLIS)).then(
        pl.from_epoch(t.cast(pl.Int64, strict=False), "ms")
    ).dt.cast_time_unit("us").dt.replace_time_zone("UTC"))
    named: pl.Expr = pl.lit(None, pl.String)
    for zone in sorted(_ZONE_NAMES, key=len):  # longest last, so it is checked first
        named = pl.when(t.str.ends_with(f" {zone}")).then(
            t.str.slice(0, t.str.len_chars() - len(zone)) + pl.lit(_ZONE_NAMES[zone])
        ).otherwise(named)
    for fmt in AWARE_FORMATS[6:]:
        attempt(named.str.to_datetime(fmt, strict=False, time_zone="UTC", time_unit="us"))
    naive = pl.coalesce([t.str.to_datetime(f, strict=False, time_unit="us")
                         for f in (*naive_extra, *NAIVE_FORMATS)])
    if assume_tz is not None:
        attempt(naive.dt.replace_time_zone(assume_tz, ambiguous="earliest", non_existent="null")
                .dt.convert_time_zone("UTC"))
    if todo.len():
        if assume_tz is None:
            naive_text = " has no UTC offset (add one, or pass --assume-tz ZONE)"
        else:
            naive_text = f" does not exist in {assume_tz} (skipped by a daylight-saving change)"
        messages = pl.DataFrame({"t": text.gather(todo)}).select(
            pl.when(naive.is_not_null()).then(shown(t) + pl.lit(naive_text))
            .otherwise(pl.lit("cannot parse ") + shown(t) + pl.lit(" as a timestamp"))
        ).to_series()
        problems.scatter(todo, messages)
    return values, problems








def check_assume_tz(assume_tz: str | None) -> None:
    """Refuse an unknown ``--assume-tz`` zone up front (not as a polars error later)."""
    if assume_tz is None:
        return
    try:
        zoneinfo.ZoneInfo(assume_tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(f"--assume-tz: unknown time zone {assume_tz!r} "
                         "(use an IANA name such as Europe/Berlin or UTC)") from None
