"""Merging a partitioned run: the result, the merged scores and the ``_SUCCESS`` manifest,
plus the input helpers (file globs, the partition count, the column template)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from cx_rules.app.partitioned.jobs import (
    DEFAULT_PARTITION_ROWS,
    SCORE_KEY,
    SUCCESS,
    atomic_write,
)
from cx_rules.app.summary import Summary
from cx_rules.errors import InputError
from cx_rules.io.inputs import expand_inputs
from cx_rules.io.readers import read_raw
from cx_rules.outputs.scores import UNASSIGNED, Dimension
from cx_rules.replacing import replacing


@dataclass(frozen=True)
class PartitionedResult:
    """What :func:`evaluate_partitioned` returns: merged counts, merged scores and the files.

    ``violations``, ``actions``/``suppressed`` and ``waived`` are lists of Parquet files (one
    per evaluated partition; ``waived`` holds the findings the ruleset's exceptions took);
    ``scores[dim]`` is a Parquet file with the merged table of that dimension
    (the same columns and order as :meth:`cx_rules.Result.scores`).
    """

    summary: Summary
    out_dir: Path
    violations: list[Path]
    actions_files: list[Path]
    suppressed_files: list[Path]
    rejects: Path
    scores_files: dict[str, Path]
    actions: int
    partitions: int
    max_partition_rows: int
    stages: dict[str, float] = field(default_factory=dict)
    task_seconds: dict[str, list[float]] = field(default_factory=dict)
    """Seconds of each task of the split, normalize and evaluate stages (for cost models)."""
    bytes_written: dict[str, int] = field(default_factory=dict)
    """Bytes each stage wrote to the shared storage (split = the shuffle volume)."""
    engine: str = "partitioned"
    workers: int = 1
    waived_files: list[Path] = field(default_factory=list)

    def violations_frame(self) -> pl.LazyFrame:
        """All violations, lazily (scan of the partition files)."""
        return scan_or_empty(self.violations)

    def actions_frame(self) -> pl.LazyFrame:
        """All suggested actions, lazily."""
        return scan_or_empty(self.actions_files)

    def suppressed_frame(self) -> pl.LazyFrame:
        """All candidate actions the contact policy suppressed, lazily."""
        return scan_or_empty(self.suppressed_files)

    def waived_frame(self) -> pl.LazyFrame:
        """The findings the ruleset's exceptions waived (with ``waiver``, ``waiver_reason``,
        ``waiver_until``), lazily: counted apart, never in :meth:`violations_frame`."""
        return scan_or_empty(self.waived_files)

    def rejects_frame(self) -> pl.DataFrame:
        """Every rejected input row with its reason."""
        return pl.read_parquet(self.rejects)

    def scores(self, by: Dimension = "case") -> pl.DataFrame:
        """The merged score table of one dimension."""
        return pl.read_parquet(self.scores_files[by])



def scan_or_empty(files: list[Path]) -> pl.LazyFrame:
    return pl.scan_parquet(files) if files else pl.LazyFrame()


def input_files(source: str | Path | Sequence[str | Path]) -> list[Path]:
    """Expand paths, globs and folders into files (see :func:`cx_rules.io.inputs.expand_inputs`)."""
    return expand_inputs(source)


def auto_partitions(files: Sequence[str | Path]) -> int:
    """About :data:`DEFAULT_PARTITION_ROWS` rows per partition (CSV/JSON rows estimated)."""
    total = 0
    for f in input_files(list(files)):
        if not f.exists():
            continue  # reported when the file is read
        if f.suffix.lower() in (".parquet", ".pq"):
            total += pl.scan_parquet(f).select(pl.len()).collect().item()
        else:
            total += f.stat().st_size // 200
    return max(1, -(-total // DEFAULT_PARTITION_ROWS))


def template_of(files: list[Path], column: str) -> pl.DataFrame:
    """An empty frame with the columns of all files concatenated (as a single run would)."""
    frames = [read_raw(f).clear() for f in files]
    template = pl.concat(frames, how="diagonal_relaxed").collect()
    if column not in template.columns:
        names = ", ".join(n for n in template.columns if not n.startswith("_"))
        raise InputError(f"cannot partition: no column {column!r} (columns: {names[:300]})")
    return template



def merge_scores(parts: list[Path], dimension: Dimension, target: Path) -> None:
    """Add up points and cases per entity over all partitions, then score once."""
    key = SCORE_KEY[dimension]
    summed = (
        pl.scan_parquet(parts).group_by("entity").agg(
            pl.col("cases").sum(), pl.col("violations").sum(), pl.col("points_lost").sum())
        .with_columns(
            (100.0 - pl.col("points_lost") / pl.col("cases")).clip(0.0, 100.0).alias("score"))
    )
    if dimension == "agent":  # the unassigned bucket only matters when it lost points
        summed = summed.filter((pl.col("entity") != UNASSIGNED) | (pl.col("violations") > 0))
    table = summed.rename({"entity": key}).select(
        key, "cases", "violations", "points_lost", "score"
    ).sort(["score", key], descending=[False, False])
    atomic_write(table.collect(), target)



def write_manifest(result: PartitionedResult) -> None:
    """``_SUCCESS``: the summary and the files, written last (its presence means complete)."""
    out = result.out_dir
    doc = {
        "summary": result.summary.to_dict(),
        "actions": result.actions,
        "partitions": result.partitions,
        "engine": result.engine,
        "workers": result.workers,
        "files": {
            "violations": [str(p.relative_to(out)) for p in result.violations],
            "actions": [str(p.relative_to(out)) for p in result.actions_files],
            "suppressed": [str(p.relative_to(out)) for p in result.suppressed_files],
            "waived": [str(p.relative_to(out)) for p in result.waived_files],
            "rejects": str(result.rejects.relative_to(out)),
            "scores": {d: str(p.relative_to(out)) for d, p in result.scores_files.items()
                       if p.exists()},
        },
    }
    with replacing(out / SUCCESS) as tmp:
        tmp.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")

