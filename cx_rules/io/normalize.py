"""Turn a raw frame (any export's columns) into the canonical interaction frame.

Every input row ends up either in the canonical frame or in the rejects frame with a reason
naming the field and the bad value, so ``rows_read == rows_evaluated + rows_rejected`` always.
(With a mapping whose transform adds events, e.g. one per ticket milestone, a "row" is such an
event; each names the file row it comes from.)

The work is vectorized: one lazy polars ``select`` validates every field of every row; the only
per-value Python is decoding the distinct non-null ``claims`` JSON texts. Text timestamps are
parsed in a cascade: each format is tried only on the values that no earlier format parsed, so
a file in one format costs one parsing pass. Enum fields (channel, direction...) are parsed
once per distinct raw value and looked up, and error texts are only assembled for the rows
that have an error, so a clean file with canonical types (e.g. Parquet) is never converted to
text.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

from cx_rules.errors import InputError
from cx_rules.io.limits import DEFAULT_LIMITS, Limits, size_text
from cx_rules.io.mapping import Condition, Mapping, fitting_mappings
from cx_rules.io.parsing import (
    ENUMS,
    clean_text,
    decode_claims,
    parse_bool,
    parse_enum,
    parse_float,
    shown,
)
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



@dataclass(frozen=True)
class NormalizedLog:
    """The canonical frame, the rejected rows, how many rows were read, and warnings (things
    worth telling the user that lost nothing, e.g. a reply cycle that was broken)."""

    interactions: pl.DataFrame
    rejects: pl.DataFrame
    rows_read: int
    warnings: tuple[str, ...] = ()






def _matches(cond: Condition) -> pl.Expr:
    wanted = [v.strip().lower() for v in cond.values]
    return clean_text(pl.col(cond.column)).str.to_lowercase().is_in(wanted).fill_null(False)


@dataclass(frozen=True)
class _Source:
    expr: pl.Expr
    dtype: pl.DataType
    error: pl.Expr | None = None
    column: str | None = None


def _source(field: str, columns: dict[str, pl.DataType], mapping: Mapping | None) -> _Source | None:
    """The raw expression feeding a canonical field, or None when the input lacks it."""
    found = _unconditional_source(field, columns, mapping)
    if found is not None and mapping is not None and field in mapping.only_when:
        cond = mapping.only_when[field]
        if cond.column in columns:
            return _Source(pl.when(_matches(cond)).then(found.expr), found.dtype, found.error,
                           found.column)
    return found


def _unconditional_source(
    field: str, columns: dict[str, pl.DataType], mapping: Mapping | None
) -> _Source | None:
    if mapping is not None:
        if field in mapping.columns and mapping.columns[field] in columns:
            name = mapping.columns[field]
            return _Source(pl.col(name), columns[name], column=name)
        if field in mapping.derive and mapping.derive[field].from_ in columns:
            rule = mapping.derive[field]
            key = clean_text(pl.col(rule.from_)).str.to_lowercase()
            table = {k.strip().lower(): v for k, v in rule.values.items()}
            value = key.replace_strict(
                table, default=pl.lit(rule.default, dtype=pl.String), return_dtype=pl.String
            )
            error = None
            if rule.default is None:
                error = pl.when(key.is_not_null() & value.is_null()).then(
                    pl.lit(f"{field}: {rule.from_} value ") + shown(key)
                    + pl.lit(f" is not one of {', '.join(sorted(table))}")
                )
            return _Source(value, pl.String(), error, rule.from_)
        if field in mapping.constants:
            return _Source(pl.lit(mapping.constants[field], dtype=pl.String), pl.String())
    if field in columns:
        return _Source(pl.col(field), columns[field], column=field)
    return None


def _parse_typed_timestamp(
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


def parse_timestamp_text(
    text: pl.Series, formats: tuple[str, ...] = (), assume_tz: str | None = None
) -> tuple[pl.Series, pl.Series]:
    """Parse stripped timestamp texts (nulls stay null) into UTC; returns (values, problems).

    The cascade tries each format only on the values still unparsed, so a file in one format
    costs one pass. A problem reads ``'x' has no UTC offset ...`` or ``cannot parse 'x' ...``
    (the caller adds the field name).
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

    for fmt in (*formats, *AWARE_FORMATS):
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
                         for f in NAIVE_FORMATS])
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








def _missing_columns_error(
    missing: list[str], columns: dict[str, pl.DataType], mapping: Mapping | None
) -> InputError:
    names = [n for n in columns if not n.startswith("_")]
    listed = ", ".join(names)
    if len(listed) > 400:
        listed = listed[:400] + "…"
    if mapping is not None:
        hint = f"mapping {mapping.name!r} gives no source for them"
    else:
        fits = fitting_mappings(names)
        if fits:
            hint = (f"it looks like a {fits[0].name!r} export: pass --mapping {fits[0].name} "
                    "(or --mapping auto)")
        else:
            hint = "use --mapping to translate an export's columns"
    return InputError(
        f"missing required column(s) {', '.join(missing)}; the file has {listed} ({hint})"
    )


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
    missing = [f for f in REQUIRED_INTERACTION_FIELDS if _source(f, columns, mapping) is None]
    if missing:
        raise _missing_columns_error(missing, columns, mapping)
    values: list[pl.Expr] = []
    errors: list[pl.Expr] = []
    deferred = Deferred({}, {}, [])
    for field, target in INTERACTION_SCHEMA.items():
        if field == "claims":
            continue
        src = _source(field, columns, mapping)
        if src is None:
            values.append(pl.lit(None, dtype=target).alias(field))
            continue
        raw, dtype = src.expr, src.dtype
        if src.column is not None and f"{src.column}_duplicated_0" in columns:
            raise InputError(f"column {src.column!r} appears more than once in the header; "
                             f"which one is the {field}?")
        required = field in REQUIRED_INTERACTION_FIELDS
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
            values.append(raw.cast(pl.String).alias(deferred.enums[field]))
            values.append(pl.lit(None, pl.String).alias(field))
            if src.error is not None:  # derived: a missing source value is missing
                missing_err = pl.when(raw.is_null()).then(pl.lit(f"{field}: missing")) \
                    if required else pl.lit(None, pl.String)
                errors.append(pl.coalesce([src.error, missing_err]))
            continue
        if target == UTC_TS:
            value, err = _parse_typed_timestamp(field, raw, dtype, assume_tz)
        elif target == pl.Float64:
            value, err = parse_float(field, raw, dtype)
        elif target == pl.Boolean:
            value, err = parse_bool(field, raw, dtype)
        else:
            value, err = clean_text(raw), pl.lit(None, pl.String)
        if src.error is not None:
            err = pl.coalesce([src.error, err])
        if required:
            if target == pl.String and src.error is None:
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


def _lookup(raw: pl.Series, keys: pl.Series) -> pl.Series:
    """Index of each value of ``raw`` in ``keys`` (its distinct non-null values); null stays
    null. (An Enum cast is a hash lookup whose physical codes are exactly those indices.)"""
    return raw.cast(pl.Enum(keys)).to_physical()


SMALL_FRAME = 20_000
"""Below this many rows, enum columns are parsed row by row in one select (cheaper than
building the per-distinct-value tables)."""


def _resolve_enums(df: pl.DataFrame, deferred: Deferred, mapping: Mapping | None,
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


def _claims_raw(columns: list[str], mapping: Mapping | None) -> pl.Expr:
    """JSON text of the claims: the claims column, or prefixed columns gathered into one."""
    prefix = mapping.claims_prefix if mapping else None
    prefixed = [c for c in columns if prefix and c.startswith(prefix)]
    if prefixed and prefix:
        fields = [clean_text(pl.col(c)).alias(c[len(prefix):]) for c in prefixed]
        present = pl.any_horizontal([clean_text(pl.col(c)).is_not_null() for c in prefixed])
        return pl.when(present).then(pl.struct(fields).struct.json_encode())
    name = mapping.columns.get("claims", "claims") if mapping else "claims"
    return clean_text(pl.col(name)) if name in columns else pl.lit(None, pl.String)


def _typed_claims(columns: dict[str, pl.DataType], mapping: Mapping | None) -> bool:
    """True when the input already holds claims as the canonical list of key/value structs."""
    name = mapping.columns.get("claims", "claims") if mapping else "claims"
    return columns.get(name) == CLAIMS




def _attach_claims(df: pl.DataFrame) -> pl.DataFrame:
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


def check_assume_tz(assume_tz: str | None) -> None:
    """Refuse an unknown ``--assume-tz`` zone up front (not as a polars error later)."""
    if assume_tz is None:
        return
    try:
        zoneinfo.ZoneInfo(assume_tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise InputError(f"--assume-tz: unknown time zone {assume_tz!r} "
                         "(use an IANA name such as Europe/Berlin or UTC)") from None


def prepare(raw: pl.LazyFrame, mapping: Mapping | None, limits: Limits) -> pl.LazyFrame:
    """Row checks on the export's own columns, before any transform.

    Sets ``_reject`` (kept from the reader, else ``empty row``, else the mapping's exclusion
    reason; a row with one is rejected with that reason alone) and ``_too_long`` (the first
    column whose value is longer than :attr:`Limits.max_field_bytes`). Such a row is
    rejected: its over-long value never reaches the canonical frame (so no rule, report or
    export sees it), a message shows at most its first 40 characters, and its claims JSON is
    not decoded. (Values are not rewritten here: that would copy every text column of every
    file to protect against a rare row.)
    """
    schema = dict(raw.collect_schema().items())
    data = {n: t for n, t in schema.items() if not n.startswith("_")}
    text_cols = [n for n, t in data.items() if t == pl.String]
    reasons: list[pl.Expr] = [pl.col("_reject").cast(pl.String)] if "_reject" in schema else []
    if data:
        empty = pl.all_horizontal([
            pl.col(n).is_null() | (pl.col(n).str.len_bytes() == 0) if t == pl.String
            else pl.col(n).is_null() for n, t in data.items()
        ])
        reasons.append(pl.when(empty).then(pl.lit("empty row (no values)")))
    if mapping is not None:
        for rule in mapping.exclude:
            if rule.column in schema:
                reasons.append(pl.when(_matches(rule)).then(
                    pl.lit(f"{rule.column} ") + shown(clean_text(pl.col(rule.column)))
                    + pl.lit(f": {rule.reason} (excluded by mapping {mapping.name})")
                ))
    limit = limits.max_field_bytes
    too_long = [
        pl.when(pl.col(n).str.len_bytes() > limit).then(
            pl.lit(f"{n}: field longer than {size_text(limit)} (")
            + pl.col(n).str.len_bytes().cast(pl.String) + pl.lit(" bytes)")
        ) for n in text_cols
    ]
    return raw.with_columns(
        (pl.coalesce(reasons) if reasons else pl.lit(None, pl.String)).alias("_reject"),
        (pl.coalesce(too_long) if too_long else pl.lit(None, pl.String)).alias("_too_long"),
    )


def _guard(expr: pl.Expr, limits: Limits) -> pl.Expr:
    """Text no longer than the field limit (longer values were already given a reason)."""
    return pl.when(expr.str.len_bytes() <= limits.max_field_bytes).then(expr)


def normalize(
    raw: pl.LazyFrame,
    mapping: Mapping | None = None,
    assume_tz: str | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    now: datetime | None = None,
) -> NormalizedLog:
    """Validate and convert a raw frame; returns canonical rows and rejected rows.

    ``now`` (default: the wall clock) is what "in the future" is measured against.
    """
    check_assume_tz(assume_tz)
    frame = prepare(raw, mapping, limits)
    if mapping is not None and mapping.transform is not None:
        from cx_rules.io.transforms import get_transform

        transform = get_transform(mapping.transform)
        if transform is None:
            raise InputError(f"mapping {mapping.name!r}: unknown transform {mapping.transform!r}")
        frame = transform(frame)
    columns = dict(frame.collect_schema().items())
    values, errors, deferred = field_exprs(columns, mapping, assume_tz)
    if _typed_claims(columns, mapping):
        name = mapping.columns.get("claims", "claims") if mapping else "claims"
        claims = [pl.lit(None, pl.String).alias("_claims_raw"), pl.col(name).alias("claims")]
    else:
        claims = [_guard(_claims_raw(list(columns), mapping), limits).alias("_claims_raw")]
    problem = pl.col("_problem").cast(pl.String) if "_problem" in columns \
        else pl.lit(None, pl.String)
    error_cols = [pl.col("_too_long"), problem, *errors]
    names = [f"__cx_e{i}" for i in range(len(error_cols))]
    df = frame.select(
        pl.col("_source").cast(pl.String),
        pl.col("_row").cast(pl.Int64),
        *values,
        *claims,
        pl.col("_reject").alias("_pre"),
        problem.alias("__cx_problem"),
        *[e.alias(n) for e, n in zip(error_cols, names, strict=True)],
    ).collect()
    df = _attach_claims(df).rename({"_claims_err": "__cx_claims"})
    names.append("__cx_claims")
    derived = set(mapping.derive) if mapping else set()
    df, enum_errors = _resolve_enums(df, deferred, mapping, derived)
    names.extend(enum_errors)
    if deferred.missing:
        # not "missing" when a transform already said why the value is absent
        df = df.with_columns(
            pl.when(pl.col(f).is_null() & ~pl.col("__cx_problem").fill_null("")
                    .str.contains(f"{f}:", literal=True))
            .then(pl.lit(f"{f}: missing")).alias(f"__cx_m_{f}")
            for f in deferred.missing
        )
        names.extend(f"__cx_m_{f}" for f in deferred.missing)
    formats = tuple(mapping.timestamp_formats) if mapping else ()
    for field, column in deferred.timestamps.items():
        parsed, problems = parse_timestamp_text(df[column], formats, assume_tz)
        df = df.with_columns(parsed.alias(field), (f"{field}: " + problems)
                             .alias(f"__cx_p_{field}")).drop(column)
        names.append(f"__cx_p_{field}")
    if limits.future_tolerance is not None:
        df = df.with_columns(_future_error(limits, now).alias("__cx_future"))
        names.append("__cx_future")
    bad_mask = pl.any_horizontal([pl.col("_pre").is_not_null(),
                                  *[pl.col(n).is_not_null() for n in names]])
    marked = df.with_columns(bad_mask.alias("__cx_bad"))
    bad = marked.filter(pl.col("__cx_bad")).with_columns(
        pl.coalesce([pl.col("_pre"), pl.concat_str([pl.col(n) for n in names], separator="; ",
                                                   ignore_nulls=True)]).alias("_reason")
    ).drop(*names, "_pre", "__cx_bad", "__cx_problem")
    good = marked.filter(~pl.col("__cx_bad")).drop(*names, "_pre", "__cx_bad", "__cx_problem")
    return _split(good, bad, df.height)


def _future_error(limits: Limits, now: datetime | None) -> pl.Expr:
    assert limits.future_tolerance is not None
    current = (now or datetime.now(UTC)).astimezone(UTC)
    latest = current + limits.future_tolerance
    return pl.when(pl.col("timestamp") > pl.lit(latest, UTC_TS)).then(
        pl.lit("timestamp: in the future (") + pl.col("timestamp").dt.strftime("%Y-%m-%d %H:%M:%S")
        + pl.lit(f" UTC is after now + {_tolerance_text(limits)})")
    )


def _tolerance_text(limits: Limits) -> str:
    from cx_rules.durations import format_duration

    assert limits.future_tolerance is not None
    return format_duration(limits.future_tolerance)


def _split(good: pl.DataFrame, bad: pl.DataFrame, rows_read: int) -> NormalizedLog:
    """Canonical rows and rejects. Duplicate ids: the first valid occurrence wins, later ones
    are rejected naming where the first one is."""
    repeated = ~good["interaction_id"].is_first_distinct()
    if repeated.any():
        dups = good.filter(repeated)
        good = good.filter(~repeated)
        firsts = good.join(dups.select("interaction_id").unique(), on="interaction_id",
                           how="semi").select("interaction_id", pl.col("_source").alias("__s"),
                                              pl.col("_row").alias("__r"))
        dups = dups.join(firsts, on="interaction_id", how="left", maintain_order="left") \
            .with_columns(
                (pl.lit("interaction_id: duplicate ") + shown(pl.col("interaction_id"))
                 + pl.lit(" (first at ") + pl.col("__s") + pl.lit(" row ")
                 + pl.col("__r").cast(pl.String) + pl.lit(")")).alias("_reason")
            ).drop("__s", "__r")
        bad = pl.concat([bad, dups.select(bad.columns)])
    rejects = bad.select(
        pl.col("_source").alias("source"),
        pl.col("_row").alias("row"),
        pl.col("interaction_id"),
        pl.col("_reason").alias("reason"),
    ).sort("source", "row", maintain_order=True).cast(REJECT_SCHEMA)  # type: ignore[arg-type]
    ordered = good.select(*INTERACTION_SCHEMA, "_source", "_row")
    return NormalizedLog(ordered, rejects, rows_read)
