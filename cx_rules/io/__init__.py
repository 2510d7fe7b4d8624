"""io: read logs and customer profiles from files or records into canonical polars frames."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping as AbcMapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import BaseModel

from cx_rules.errors import InputError
from cx_rules.io.customers import normalize_customers
from cx_rules.io.mapping import Mapping, detect_mapping, load_mapping
from cx_rules.io.normalize import NormalizedLog, normalize
from cx_rules.io.readers import read_raw
from cx_rules.schema import REJECT_SCHEMA

__all__ = [
    "CustomerTable",
    "Mapping",
    "NormalizedLog",
    "load_customers",
    "load_interactions",
    "load_mapping",
    "records_frame",
]

LogSource = str | Path | Sequence[str | Path] | pl.DataFrame | pl.LazyFrame | Iterable[Any]


@dataclass(frozen=True)
class CustomerTable:
    profiles: pl.DataFrame
    rejects: pl.DataFrame
    rows_read: int


def _to_plain(record: Any) -> dict[str, Any]:
    data = record.model_dump() if isinstance(record, BaseModel) else dict(record)
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, AbcMapping):
            out[key] = json.dumps(dict(value), default=str)
        elif isinstance(value, datetime):
            out[key] = value.isoformat()
        elif isinstance(value, list | tuple):
            out[key] = ";".join(str(v) for v in value)
        elif value is None or isinstance(value, str):
            out[key] = value
        else:
            out[key] = str(value).lower() if isinstance(value, bool) else str(value)
    return out


def records_frame(records: Iterable[Any], source: str = "<records>") -> pl.LazyFrame:
    """Records (dicts or pydantic models) as a raw text frame, like a CSV would give."""
    rows = [_to_plain(r) for r in records]
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    df = pl.DataFrame(
        {n: [row.get(n) for row in rows] for n in names}, schema=dict.fromkeys(names, pl.String)
    )
    return (
        df.with_row_index("_row", offset=1)
        .with_columns(pl.col("_row").cast(pl.Int64), pl.lit(source).alias("_source"))
        .lazy()
    )


def _raw_frames(source: LogSource) -> list[pl.LazyFrame]:
    if isinstance(source, str | Path):
        return [read_raw(Path(source))]
    if isinstance(source, pl.DataFrame | pl.LazyFrame):
        lf = source.lazy()
        names = lf.collect_schema().names()
        if "_row" not in names:
            lf = lf.with_row_index("_row", offset=1).with_columns(pl.col("_row").cast(pl.Int64))
        if "_source" not in names:
            lf = lf.with_columns(pl.lit("<frame>").alias("_source"))
        return [lf]
    items = list(source)
    if items and all(isinstance(i, str | Path) for i in items):
        return [read_raw(Path(i)) for i in items]
    return [records_frame(items)]


def load_interactions(
    source: LogSource, mapping: str | Path | Mapping | None = None, assume_tz: str | None = None
) -> NormalizedLog:
    """Read and validate interaction logs (files, frames or records) into the canonical frame.

    ``mapping`` is a shipped mapping name, a mapping file, or ``"auto"`` to detect it.
    """
    frames = _raw_frames(source)
    if not frames:
        raise InputError("no log given")
    columns = frames[0].collect_schema().names()
    chosen: Mapping | None
    if mapping == "auto":
        chosen = detect_mapping(columns)
    elif isinstance(mapping, Mapping) or mapping is None:
        chosen = mapping
    else:
        chosen = load_mapping(mapping)
    parts = []
    for frame in frames:
        try:
            parts.append(normalize(frame, chosen, assume_tz))
        except InputError as exc:
            src = frame.select(pl.col("_source").first()).collect().item()
            if exc.file is None:
                raise InputError(str(exc), file=src) from None
            raise
        except pl.exceptions.PolarsError as exc:
            src = frame.select(pl.col("_source").first()).collect().item()
            raise InputError(f"cannot read: {str(exc).splitlines()[0]}", file=src) from None
    if len(parts) == 1:
        return parts[0]
    return _merge(parts)


def _merge(parts: list[NormalizedLog]) -> NormalizedLog:
    """Concatenate several files; ids duplicated across files are rejected in the later file."""
    merged = pl.concat([p.interactions for p in parts])
    is_dup = ~pl.col("interaction_id").is_first_distinct()
    dups = merged.filter(is_dup).select(
        pl.col("_source").alias("source"), pl.col("_row").alias("row"), "interaction_id",
        (pl.lit("interaction_id: duplicate '") + pl.col("interaction_id")
         + pl.lit("' (also in an earlier file)")).alias("reason"),
    ).cast(REJECT_SCHEMA)  # type: ignore[arg-type]
    rejects = pl.concat([*(p.rejects for p in parts), dups])
    return NormalizedLog(merged.filter(~is_dup), rejects, sum(p.rows_read for p in parts))


def load_customers(source: str | Path | pl.DataFrame | Iterable[Any]) -> CustomerTable:
    """Read and validate customer profiles."""
    frames = _raw_frames(source)  # type: ignore[arg-type]
    profiles, rejects, read = [], [], 0
    for frame in frames:
        p, r, n = normalize_customers(frame)
        profiles.append(p)
        rejects.append(r)
        read += n
    return CustomerTable(pl.concat(profiles), pl.concat(rejects), read)
