"""Where a violation points in the input: the file, row and physical line of its first event.

``row`` is the record number the rejects and messages use; ``line`` is the line an editor
(and GitHub's annotations, SARIF viewers) shows: in a CSV the header is line 1 and a quoted
value may span lines, in JSON lines blank lines count. Formats without lines (Parquet, JSON
documents, in-memory records) have a null ``line``.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import polars as pl

from cx_rules.app.result import Result
from cx_rules.io.readers import record_lines


def with_locations(result: Result, violations: pl.DataFrame | None = None) -> pl.DataFrame:
    """The violations (or other rows of the violation schema: the waived ones) with
    ``source``, ``row`` and ``line`` of their first interaction."""
    events = result.interactions.select(
        pl.col("interaction_id").alias("_first"), pl.col("_source").alias("source"),
        pl.col("_row").alias("row"))
    rows = result.violations if violations is None else violations
    located = rows.with_columns(
        pl.col("interaction_ids").list.first().alias("_first")
    ).join(events, on="_first", how="left", maintain_order="left").drop("_first")
    lines: list[dict[str, object]] = []
    wanted = located.select("source", "row").drop_nulls().unique()
    for (source,), group in wanted.group_by("source"):
        found = record_lines(Path(str(source)), set(group["row"].to_list()))
        lines.extend({"source": source, "row": r, "line": n} for r, n in found.items())
    table = pl.DataFrame(lines, schema={"source": pl.String, "row": pl.Int64, "line": pl.Int64})
    return located.join(table, on=["source", "row"], how="left", maintain_order="left")


def relative_path(source: str, base: Path | None = None) -> str:
    """``source`` relative to ``base`` (default: the working folder) with ``/`` separators;
    ``..`` steps out when it lies elsewhere."""
    start = base or Path.cwd()
    path = Path(source)
    try:
        rel = os.path.relpath(path if path.is_absolute() else start / path, start)
    except ValueError:  # another drive on Windows: no relative form
        rel = str(path)
    return Path(rel).as_posix()


def relative_uri(source: str, base: Path | None = None) -> str:
    """:func:`relative_path` as a percent-encoded URI reference (for SARIF)."""
    return quote(relative_path(source, base))
