"""Where a violation points in the input: the file, row and physical line of its first event.

``row`` is the record number the rejects and messages use; ``line`` is the line an editor
(and GitHub's annotations, SARIF viewers) shows: in a CSV the header is line 1 and a quoted
value may span lines, in JSON lines blank lines count. Formats without lines (Parquet, JSON
documents, in-memory records) have a null ``line``. ``path`` is the file relative to the
working folder, null when the source is no file (records, ``<stdin>``).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

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
    sources = located["source"].drop_nulls().unique().to_list()
    paths = pl.DataFrame(
        {"source": sources, "path": [relative_path(s) if Path(s).is_file() else None
                                     for s in sources]},
        schema={"source": pl.String, "path": pl.String})
    return located.join(table, on=["source", "row"], how="left", maintain_order="left") \
        .join(paths, on="source", how="left", maintain_order="left")


def violation_fingerprint(row: dict[str, object]) -> str:
    """A stable id of one finding (rule, case, events), for SARIF and GitLab to track it."""
    ids = row["interaction_ids"]
    assert isinstance(ids, list | tuple)
    parts = [str(row["rule_id"]), str(row["case_id"]), *map(str, ids)]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


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
