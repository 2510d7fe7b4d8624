"""io: read logs and customer profiles from files or records into canonical polars frames."""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Callable, Iterable, Sequence
from collections.abc import Mapping as AbcMapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import polars as pl
from pydantic import BaseModel

from cx_rules.collecting import ENGINE
from cx_rules.errors import InputError
from cx_rules.io.customers import normalize_customers
from cx_rules.io.database import DatabaseSource, read_query, read_tables
from cx_rules.io.inputs import expand_inputs
from cx_rules.io.json_reader import NESTED, json_marks
from cx_rules.io.limits import DEFAULT_LIMITS, Limits
from cx_rules.io.mapping import Mapping, detect_mapping, load_mapping
from cx_rules.io.normalize import NormalizedLog, check_assume_tz, normalize
from cx_rules.io.outcomes import normalize_outcomes
from cx_rules.io.readers import is_ragged_error, polars_message, read_raw
from cx_rules.io.remote import label, remote_url
from cx_rules.io.stdin import STDIN, is_stdin
from cx_rules.io.transforms import InputWarning
from cx_rules.schema import REJECT_SCHEMA

logger = logging.getLogger("cx_rules.io")

__all__ = [
    "CustomerTable",
    "DatabaseSource",
    "InputWarning",
    "Limits",
    "Mapping",
    "NormalizedLog",
    "OutcomeTable",
    "load_customers",
    "load_interactions",
    "load_mapping",
    "load_outcomes",
    "records_frame",
]

LogSource = (str | Path | Sequence[str | Path] | pl.DataFrame | pl.LazyFrame | DatabaseSource
             | Iterable[Any])


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
        elif isinstance(value, list | tuple) and value and all(
                isinstance(v, AbcMapping) and set(v) == {"key", "value"} for v in value):
            # claims in their canonical form (a list of key/value pairs), as a frame row has them
            out[key] = json.dumps({v["key"]: v["value"] for v in value}, default=str)
        elif isinstance(value, list | tuple):
            out[key] = ";".join(str(v) for v in value)
        elif value is None or isinstance(value, str):
            out[key] = value
        else:
            out[key] = str(value).lower() if isinstance(value, bool) else str(value)
    return out


def records_frame(records: Iterable[Any], source: str = "<records>") -> pl.LazyFrame:
    """Records (dicts or pydantic models) as a raw text frame, like a CSV would give."""
    datas = [r.model_dump() if isinstance(r, BaseModel) else dict(r) for r in records]
    rows = [_to_plain(d) for d in datas]
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    marks = [json_marks(d) for d in datas]
    if any(marks):
        names[NESTED] = None
        for row, mark in zip(rows, marks, strict=True):
            row[NESTED] = mark
    df = pl.DataFrame(
        {n: [row.get(n) for row in rows] for n in names}, schema=dict.fromkeys(names, pl.String)
    )
    return (
        df.with_row_index("_row", offset=1)
        .with_columns(pl.col("_row").cast(pl.Int64), pl.lit(source).alias("_source"))
        .lazy()
    )


def _raw_frames(source: LogSource, limits: Limits = DEFAULT_LIMITS) -> list[pl.LazyFrame]:
    if isinstance(source, str | Path):
        return [read_raw(p, limits=limits) for p in expand_inputs(source)]
    if isinstance(source, pl.DataFrame | pl.LazyFrame):
        lf = source.lazy()
        names = lf.collect_schema().names()
        if "_row" not in names:
            lf = lf.with_row_index("_row", offset=1).with_columns(pl.col("_row").cast(pl.Int64))
        if "_source" not in names:
            lf = lf.with_columns(pl.lit("<frame>").alias("_source"))
        return [lf]
    if isinstance(source, DatabaseSource):
        raise InputError("a database is read by load_interactions", file=source.label)
    items = list(source)
    if items and all(isinstance(i, str | Path) for i in items):
        return [read_raw(p, limits=limits) for p in expand_inputs(items)]
    return [records_frame(items)]


def _file_sources(source: LogSource) -> list[Path] | None:
    """The paths when the source is files (they can be read again), else None."""
    if isinstance(source, str | Path):
        return expand_inputs(source)
    if isinstance(source, list | tuple) and source and all(
        isinstance(i, str | Path) for i in source
    ):
        return expand_inputs(list(source))
    return None


def _choose_mapping(mapping: str | Path | Mapping | None, columns: list[str]) -> Mapping | None:
    if mapping == "auto":
        return detect_mapping([c for c in columns if not c.startswith("_")])
    if isinstance(mapping, Mapping) or mapping is None:
        return mapping
    return load_mapping(mapping)


def _name(frame: pl.LazyFrame, path: Path | None) -> str:
    if path is not None and is_stdin(path):
        return STDIN
    if path is not None and (url := remote_url(path)) is not None:
        return label(url)
    return str(path) if path is not None else _source_name(frame)


def _source_name(frame: pl.LazyFrame) -> str:
    try:
        return str(frame.select(pl.col("_source").first()).collect().item())
    except pl.exceptions.PolarsError:
        return "<input>"


def _normalize_one(
    frame: pl.LazyFrame, path: Path | None, mapping: str | Path | Mapping | None,
    assume_tz: str | None, limits: Limits, now: datetime | None,
) -> NormalizedLog:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InputWarning)
        try:
            try:
                chosen = _choose_mapping(mapping, frame.collect_schema().names())
                log = normalize(frame, chosen, assume_tz, limits=limits, now=now)
            except pl.exceptions.PolarsError as exc:
                if path is None or not is_ragged_error(exc):
                    raise
                # a row has more fields than the header: read again, rejecting those rows
                log = normalize(read_raw(path, limits=limits, ragged=True), chosen, assume_tz,
                                limits=limits, now=now)
        except InputError as exc:
            if exc.file is None:
                raise InputError(str(exc), file=_name(frame, path)) from None
            raise
        except pl.exceptions.PolarsError as exc:
            raise InputError(f"cannot read: {polars_message(exc)}",
                             file=_name(frame, path)) from None
    notes = tuple(str(w.message) for w in caught if issubclass(w.category, InputWarning))
    for w in caught:
        if not issubclass(w.category, InputWarning):
            warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    if path is not None and log.rows_read == 0:
        raise InputError("has no data rows (only a header?)", file=_name(frame, path))
    where = _name(frame, path) if notes else ""
    for note in notes:
        logger.warning("warning: %s: %s", where, note)
    return NormalizedLog(log.interactions, log.rejects, log.rows_read,
                         tuple(f"{where}: {n}" for n in notes))


def load_interactions(
    source: LogSource,
    mapping: str | Path | Mapping | None = None,
    assume_tz: str | None = None,
    *,
    limits: Limits = DEFAULT_LIMITS,
    now: datetime | None = None,
) -> NormalizedLog:
    """Read and validate interaction logs (files, frames or records) into the canonical frame.

    ``mapping`` is a shipped mapping name, a mapping file, a :class:`Mapping`, or ``"auto"`` to
    detect it per file from the columns. ``limits`` bounds hostile input (see
    :class:`~cx_rules.io.limits.Limits`); ``now`` (default: the wall clock) is what "in the
    future" is measured against. A file with no data rows is an :class:`InputError`.
    """
    check_assume_tz(assume_tz)
    if isinstance(source, DatabaseSource):
        return _load_database(source, mapping, assume_tz, limits, now)
    frames = _raw_frames(source, limits)
    if not frames:
        raise InputError("no log given")
    paths = _file_sources(source)
    chosen = [_mapping_of(frame, paths[i] if paths else None, mapping)
              for i, frame in enumerate(frames)]
    parts: list[NormalizedLog] = []
    combined: dict[str, list[int]] = {}
    for i, frame in enumerate(frames):
        m = chosen[i]
        if m is not None and m.files:  # read together with the other files of its export
            combined.setdefault(m.name, []).append(i)
            continue
        parts.append(_normalize_one(frame, paths[i] if paths else None, m, assume_tz, limits,
                                    now))
    for indexes in combined.values():
        m = chosen[indexes[0]]
        assert m is not None
        members = [_with_role(frames[i], paths[i] if paths else None, m, limits)
                   for i in indexes]
        together = pl.concat(members, how="diagonal_relaxed").lazy()
        parts.append(_normalize_one(together, None, m, assume_tz, limits, now))
    if len(parts) == 1:
        return parts[0]
    return _merge(parts)


def _load_database(source: DatabaseSource, mapping: str | Path | Mapping | None,
                   assume_tz: str | None, limits: Limits, now: datetime | None) -> NormalizedLog:
    """A query's rows read like one file; without a query, the mapping's tables read like
    the files of a multi-file export (see :mod:`cx_rules.io.database`)."""
    if source.query is not None:
        frame = read_query(source.url, source.query, batch_rows=source.batch_rows,
                           limits=limits)
        if frame.height == 0:
            raise InputError("the query returned no rows", file=source.label)
        return _normalize_one(frame.lazy(), None, mapping, assume_tz, limits, now)
    if mapping is None or mapping == "auto":
        raise InputError("a database without a query is read through a mapping's tables: "
                         "give --mapping NAME (e.g. fivetran-zendesk) or --query SQL",
                         file=source.label)
    chosen = mapping if isinstance(mapping, Mapping) else load_mapping(mapping)
    frames = read_tables(source, chosen, limits)
    together = pl.concat(frames, how="diagonal_relaxed").lazy()
    return _normalize_one(together, None, chosen, assume_tz, limits, now)


def _mapping_of(frame: pl.LazyFrame, path: Path | None,
                mapping: str | Path | Mapping | None) -> Mapping | None:
    try:
        return _choose_mapping(mapping, frame.collect_schema().names())
    except InputError as exc:
        if exc.file is None:
            raise InputError(str(exc), file=_name(frame, path)) from None
        raise
    except pl.exceptions.PolarsError as exc:
        raise InputError(f"cannot read: {polars_message(exc)}", file=_name(frame, path)) from None


def _with_role(frame: pl.LazyFrame, path: Path | None, mapping: Mapping,
               limits: Limits) -> pl.DataFrame:
    """One file of a multi-file export, read, with its ``_file_role`` (see Mapping.files)."""
    names = frame.collect_schema().names()
    role = mapping.role_of(names)
    if role is None:
        wanted = "; ".join(f"{r}: {', '.join(c)}" for r, c in mapping.files.items())
        raise InputError(f"fits none of mapping {mapping.name!r}'s files ({wanted})",
                         file=_name(frame, path))
    try:
        try:
            df = frame.collect(engine=ENGINE)
        except pl.exceptions.PolarsError as exc:
            if path is None or not is_ragged_error(exc):
                raise
            df = read_raw(path, limits=limits, ragged=True).collect()
    except pl.exceptions.PolarsError as exc:
        raise InputError(f"cannot read: {polars_message(exc)}", file=_name(frame, path)) from None
    if path is not None and df.height == 0:
        raise InputError("has no data rows (only a header?)", file=_name(frame, path))
    return df.with_columns(pl.lit(role).alias("_file_role"))


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
    notes = tuple(n for p in parts for n in p.warnings)
    return NormalizedLog(merged.filter(~is_dup), rejects, sum(p.rows_read for p in parts), notes)


@dataclass(frozen=True)
class OutcomeTable:
    """What customers did with earlier actions (see :mod:`cx_rules.io.outcomes`)."""

    outcomes: pl.DataFrame
    rejects: pl.DataFrame
    rows_read: int


def load_outcomes(
    source: str | Path | pl.DataFrame | Iterable[Any], *, assume_tz: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> OutcomeTable:
    """Read and validate action outcomes (a file with no data rows is an InputError)."""
    check_assume_tz(assume_tz)
    kept, rejects, read = _side_table(
        source, limits, lambda frame: normalize_outcomes(frame, assume_tz, limits))
    if not kept:
        raise InputError("no outcomes given")
    return OutcomeTable(pl.concat(kept).sort("timestamp", "customer_id", "action_id",
                                             maintain_order=True), pl.concat(rejects), read)


def load_customers(
    source: str | Path | pl.DataFrame | Iterable[Any], *, limits: Limits = DEFAULT_LIMITS
) -> CustomerTable:
    """Read and validate customer profiles (a file with no data rows is an InputError)."""
    profiles, rejects, read = _side_table(
        source, limits, lambda frame: normalize_customers(frame, limits))
    return CustomerTable(pl.concat(profiles), pl.concat(rejects), read)


Normalizer = Callable[[pl.LazyFrame], tuple[pl.DataFrame, pl.DataFrame, int]]


def _side_table(source: str | Path | pl.DataFrame | Iterable[Any], limits: Limits,
                normalize: Normalizer) -> tuple[list[pl.DataFrame], list[pl.DataFrame], int]:
    """A second input (profiles, outcomes) read file by file: the kept rows and rejects of
    each, and the rows read. A CSV with a ragged row is read again row by row; every error
    names the file; a file with no data rows is an InputError."""
    kept, rejects, read = [], [], 0
    paths = _file_sources(source)
    for i, frame in enumerate(_raw_frames(source, limits)):
        path = paths[i] if paths else None
        try:
            try:
                k, r, n = normalize(frame)
            except pl.exceptions.PolarsError as exc:
                if path is None or not is_ragged_error(exc):
                    raise
                k, r, n = normalize(read_raw(path, limits=limits, ragged=True))
        except InputError as exc:
            if exc.file is None:
                raise InputError(str(exc), file=_name(frame, path)) from None
            raise
        except pl.exceptions.PolarsError as exc:
            raise InputError(f"cannot read: {polars_message(exc)}",
                             file=_name(frame, path)) from None
        if path is not None and n == 0:
            raise InputError("has no data rows (only a header?)", file=_name(frame, path))
        kept.append(k)
        rejects.append(r)
        read += n
    return kept, rejects, read
