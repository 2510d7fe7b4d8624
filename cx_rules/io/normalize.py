"""Turn a raw frame (any export's columns) into the canonical interaction frame.

Every input row ends up either in the canonical frame or in the rejects frame with a reason
naming the field and the bad value, so ``rows_read == rows_evaluated + rows_rejected`` always.
(With a mapping whose transform adds events, e.g. one per ticket milestone, a "row" is such an
event; each names the file row it comes from.)

The work is vectorized (the per-field expressions are in :mod:`cx_rules.io.fields`, where
each field's values come from in :mod:`cx_rules.io.sources`, timestamp parsing in
:mod:`cx_rules.io.timestamps`); error texts are only assembled for the rows that have an
error, so a clean file with canonical types (e.g. Parquet) is never converted to text.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

from cx_rules.errors import InputError
from cx_rules.io.fields import (
    attach_claims,
    claims_text,
    field_exprs,
    resolve_enums,
    typed_claims,
)
from cx_rules.io.limits import DEFAULT_LIMITS, Limits, size_text
from cx_rules.io.mapping import Mapping
from cx_rules.io.parsing import clean_text, shown
from cx_rules.io.sources import condition_matches
from cx_rules.io.timestamps import check_assume_tz, parse_timestamp_text
from cx_rules.io.transform_base import InputWarning
from cx_rules.schema import INTERACTION_SCHEMA, REJECT_SCHEMA, UTC_TS

__all__ = ["NormalizedLog", "check_assume_tz", "normalize", "prepare"]


@dataclass(frozen=True)
class NormalizedLog:
    """The canonical frame, the rejected rows, how many rows were read, and warnings (things
    worth telling the user that lost nothing, e.g. a reply cycle that was broken)."""

    interactions: pl.DataFrame
    rejects: pl.DataFrame
    rows_read: int
    warnings: tuple[str, ...] = ()


def vendor_cells(raw: pl.LazyFrame, mapping: Mapping | None) -> pl.LazyFrame:
    """The mapping's ``rename`` and ``null_values`` applied to the export's own columns."""
    if mapping is None or not (mapping.rename or mapping.null_values):
        return raw
    names = raw.collect_schema().names()
    renames = {old: new for old, new in mapping.rename.items() if old in names}
    clash = [new for new in renames.values() if new in names and new not in renames]
    if clash:
        raise InputError(f"mapping {mapping.name!r}: rename to {clash[0]!r}, but the file "
                         "already has a column of that name")
    frame = raw.rename(renames) if renames else raw
    tokens = [t.strip() for t in mapping.null_values if t.strip()]
    if not tokens:
        return frame
    schema = frame.collect_schema()
    return frame.with_columns(
        pl.when(pl.col(n).str.strip_chars().is_in(tokens)).then(pl.lit(None, pl.String))
        .otherwise(pl.col(n)).alias(n)
        for n, t in schema.items() if t == pl.String and not n.startswith("_"))


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
                reasons.append(pl.when(condition_matches(rule)).then(
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
    frame = prepare(vendor_cells(raw, mapping), mapping, limits)
    if mapping is not None and mapping.transform is not None:
        from cx_rules.io.transforms import get_transform

        transform = get_transform(mapping.transform)
        if transform is None:
            raise InputError(f"mapping {mapping.name!r}: unknown transform {mapping.transform!r}")
        frame = transform(frame)
    columns = dict(frame.collect_schema().items())
    values, errors, deferred = field_exprs(columns, mapping, assume_tz)
    if typed_claims(columns, mapping):
        name = mapping.columns.get("claims", "claims") if mapping else "claims"
        claims = [pl.lit(None, pl.String).alias("_claims_raw"), pl.col(name).alias("claims")]
    else:
        claims = [_guard(claims_text(list(columns), mapping), limits).alias("_claims_raw")]
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
    df = attach_claims(df).rename({"_claims_err": "__cx_claims"})
    names.append("__cx_claims")
    derived = set(mapping.derive) if mapping else set()
    df, enum_errors = resolve_enums(df, deferred, mapping, derived)
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
    report_control_characters(ordered)
    return NormalizedLog(ordered, rejects, rows_read)


CONTROL_CHARACTERS = r"[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]"
"""C0 and C1 control characters (NUL, ESC, ...) and DEL; tab and line breaks are text."""


def report_control_characters(frame: pl.DataFrame, examples: int = 3) -> None:
    """Warn, per text field, about rows whose value holds control characters: they are kept
    (a rule may need the text as written); reports for people and CI logs escape them."""
    for name, dtype in INTERACTION_SCHEMA.items():
        if dtype != pl.String or name not in frame.columns:
            continue
        hit = frame.filter(pl.col(name).str.contains(CONTROL_CHARACTERS))
        if hit.height:
            rows = ", ".join(str(r) for r in hit["_row"].head(examples))
            more = ", ..." if hit.height > examples else ""
            warnings.warn(InputWarning(
                f"{name}: {hit.height} row(s) hold control characters (NUL, ESC, ...), kept "
                "as written (text reports and CI logs show them escaped; row "
                f"{rows}{more})"),
                stacklevel=2)
