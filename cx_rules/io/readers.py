"""Readers: CSV, JSONL and Parquet files into raw polars frames.

A raw frame has the file's own columns plus ``_source`` (file name) and ``_row`` (1-based data
row). CSV and JSONL columns are read as text so that no value is lost to type inference; the
normalizer parses them field by field and reports each bad value with its row.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl

from cx_rules.errors import InputError

Reader = Callable[[Path], pl.LazyFrame]

_TEXT_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".txt": "csv"}


def _check_file(path: Path) -> None:
    if not path.exists():
        raise InputError("no such file", file=str(path))
    if path.is_dir():
        raise InputError("is a directory, not a log file", file=str(path))
    if path.stat().st_size == 0:
        raise InputError("file is empty (no header, no rows)", file=str(path))


def read_csv(path: Path, separator: str = ",") -> pl.LazyFrame:
    """Every column as text; invalid UTF-8 is kept (as U+FFFD) and rejected per row later."""
    try:
        lf = pl.scan_csv(
            path,
            separator=separator,
            infer_schema=False,
            encoding="utf8-lossy",
            row_index_name="_row",
            row_index_offset=1,
            truncate_ragged_lines=False,
        )
        lf.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(f"cannot read as CSV: {_first_line(exc)}", file=str(path)) from None
    return lf.with_columns(pl.col("_row").cast(pl.Int64))


def read_jsonl(path: Path) -> pl.LazyFrame:
    """One JSON object per line; nested objects (e.g. ``claims``) are kept as JSON text."""
    try:
        df = pl.read_ndjson(path, infer_schema_length=None)
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(f"cannot read as JSON lines: {_first_line(exc)}", file=str(path)) from None
    casts = []
    for name, dtype in df.schema.items():
        if isinstance(dtype, pl.Struct | pl.List):
            casts.append(pl.col(name).struct.json_encode().alias(name)
                         if isinstance(dtype, pl.Struct)
                         else pl.col(name).cast(pl.List(pl.String)).list.join(";").alias(name))
        elif dtype != pl.String:
            casts.append(pl.col(name).cast(pl.String))
    df = df.with_columns(casts).with_row_index("_row", offset=1)
    return df.lazy().with_columns(pl.col("_row").cast(pl.Int64))


def read_parquet(path: Path) -> pl.LazyFrame:
    """Typed columns are kept as they are; the normalizer only converts what differs."""
    try:
        lf = pl.scan_parquet(path, row_index_name="_row", row_index_offset=1)
        lf.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(f"cannot read as Parquet: {_first_line(exc)}", file=str(path)) from None
    return lf.with_columns(pl.col("_row").cast(pl.Int64))


READERS: dict[str, Reader] = {
    "csv": read_csv,
    "tsv": lambda p: read_csv(p, separator="\t"),
    "jsonl": read_jsonl,
    "ndjson": read_jsonl,
    "json": read_jsonl,
    "parquet": read_parquet,
    "pq": read_parquet,
}


def format_of(path: Path) -> str:
    """The reader name for a file, from its extension."""
    suffix = path.suffix.lower()
    return _TEXT_SUFFIXES.get(suffix, suffix.lstrip("."))


def read_raw(path: Path, fmt: str | None = None) -> pl.LazyFrame:
    """Read one file with the reader for its format and tag rows with their source."""
    _check_file(path)
    name = fmt or format_of(path)
    reader = READERS.get(name)
    if reader is None:
        known = ", ".join(sorted(READERS))
        raise InputError(f"unknown file format {name!r} (known: {known})", file=str(path))
    return reader(path).with_columns(pl.lit(str(path)).alias("_source"))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
