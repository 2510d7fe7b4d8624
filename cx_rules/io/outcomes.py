"""What customers did with earlier actions: the outcomes input (``--outcomes``).

One row per action shown to a customer and its outcome: ``customer_id, action_id, timestamp,
outcome`` with ``outcome`` one of ``accepted``, ``rejected``, ``ignored`` (any case). Rows are
validated like every input: a row with a missing id, a timestamp that cannot be read (or has no
UTC offset without ``--assume-tz``) or another outcome is rejected with its reason, and the
counts add up (read = kept + rejected).
"""

from __future__ import annotations

import polars as pl

from cx_rules.errors import InputError
from cx_rules.io.limits import DEFAULT_LIMITS, Limits
from cx_rules.io.normalize import prepare
from cx_rules.io.parsing import clean_text, shown
from cx_rules.io.timestamps import parse_timestamp_text, parse_typed_timestamp
from cx_rules.schema import REJECT_SCHEMA, UTC_TS

__all__ = ["OUTCOMES", "OUTCOME_SCHEMA", "normalize_outcomes"]

OUTCOMES = ("accepted", "rejected", "ignored")
OUTCOME_SCHEMA: dict[str, pl.DataType] = {
    "customer_id": pl.String(), "action_id": pl.String(), "timestamp": UTC_TS,
    "outcome": pl.String(),
}
_REQUIRED = tuple(OUTCOME_SCHEMA)


def normalize_outcomes(raw: pl.LazyFrame, assume_tz: str | None = None,
                       limits: Limits = DEFAULT_LIMITS
                       ) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Validate outcome rows; returns (outcomes, rejects, rows_read)."""
    raw = prepare(raw, None, limits)
    columns = dict(raw.collect_schema().items())
    if not [c for c in columns if not c.startswith("_")]:  # no records at all (an empty list)
        return (pl.DataFrame(schema=OUTCOME_SCHEMA), pl.DataFrame(schema=REJECT_SCHEMA),
                raw.select(pl.len()).collect().item())
    missing = [c for c in _REQUIRED if c not in columns]
    if missing:
        raise InputError(f"outcomes need the column(s) {', '.join(missing)} (have: "
                         f"{', '.join(c for c in columns if not c.startswith('_'))})")
    ts_type = columns["timestamp"]
    typed = isinstance(ts_type, pl.Datetime) or ts_type.is_numeric()
    df = raw.select(
        "_source", "_row", "_reject", "_too_long",
        clean_text(pl.col("customer_id")).alias("customer_id"),
        clean_text(pl.col("action_id")).alias("action_id"),
        clean_text(pl.col("outcome")).str.to_lowercase().alias("outcome"),
        (pl.col("timestamp") if typed else clean_text(pl.col("timestamp"))).alias("_ts"),
    ).collect()
    if typed:
        ts_df = df.select(*parse_typed_timestamp("timestamp", pl.col("_ts"), ts_type,
                                                  assume_tz))
        values, problems = ts_df.to_series(0), ts_df.to_series(1)
    else:
        values, problems = parse_timestamp_text(df["_ts"], (), assume_tz)
    df = df.with_columns(values.alias("timestamp"), problems.alias("_ts_problem"))
    reasons = [
        pl.col("_too_long"),
        pl.when(pl.col("customer_id").is_null()).then(pl.lit("customer_id: missing")),
        pl.when(pl.col("action_id").is_null()).then(pl.lit("action_id: missing")),
        pl.when(pl.col("_ts").is_null()).then(pl.lit("timestamp: missing")),
        pl.when(pl.col("_ts_problem").is_not_null()).then(
            pl.lit("timestamp: ") + pl.col("_ts_problem").cast(pl.String)),
        pl.when(pl.col("outcome").is_null()).then(pl.lit("outcome: missing"))
        .when(~pl.col("outcome").is_in(OUTCOMES)).then(
            pl.lit("outcome: ") + shown(pl.col("outcome"))
            + pl.lit(f" is not one of {', '.join(OUTCOMES)}")),
    ]
    df = df.with_columns(pl.coalesce(
        pl.col("_reject"),
        pl.concat_str(reasons, separator="; ", ignore_nulls=True).replace("", None),
    ).alias("_reason"))
    rejects = df.filter(pl.col("_reason").is_not_null()).select(
        pl.col("_source").alias("source"), pl.col("_row").alias("row"),
        pl.col("customer_id").alias("interaction_id"), pl.col("_reason").alias("reason"),
    ).cast(REJECT_SCHEMA)  # type: ignore[arg-type]
    kept = df.filter(pl.col("_reason").is_null()).select(
        pl.col(n).cast(t) for n, t in OUTCOME_SCHEMA.items()).sort(
        "timestamp", "customer_id", "action_id", maintain_order=True)
    return kept, rejects, df.height
