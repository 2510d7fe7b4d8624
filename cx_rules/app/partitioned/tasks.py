"""The tasks of a partitioned run (split, normalize, evaluate): pure functions of (job,
partition) that read shared files, write files named after their partition and return small
counts, so any runner may retry or move them."""

from __future__ import annotations

import contextlib
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl

from cx_rules.app import vendor_sla
from cx_rules.app.partitioned.jobs import (
    HASH_SEED,
    OUTPUTS,
    PARTITION_KEY,
    EvaluateOut,
    Job,
    NormalizeOut,
    PartitionError,
    SplitInput,
    atomic_write,
    read_intermediate,
)
from cx_rules.app.summary import context_rows
from cx_rules.engine.applicability import present_fields
from cx_rules.engine.run import run_log
from cx_rules.errors import CxError
from cx_rules.io import load_customers, load_interactions
from cx_rules.io.readers import is_ragged_error, read_raw
from cx_rules.models.ruleset import Ruleset
from cx_rules.outputs.actions import arbitrate
from cx_rules.outputs.scores import DIMENSIONS, Dimension, attributed, case_table
from cx_rules.outputs.waivers import apply_waivers


@contextlib.contextmanager
def naming_failures(stage: str, what: object) -> Iterator[None]:
    """Turn a user-level failure inside a task into a PartitionError naming its partition."""
    try:
        yield
    except PartitionError:
        raise
    except (CxError, pl.exceptions.PolarsError, OSError) as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        if not isinstance(exc, CxError):
            text = f"{type(exc).__name__}: {text}"
        raise PartitionError(f"{stage} of {what} failed: {text}") from None



def dir_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*.parquet")) if root.exists() else 0


def customer_key(column: str) -> pl.Expr:
    """The partition of a row: a hash of its trimmed customer id."""
    return pl.col(column).cast(pl.String).str.strip_chars().hash(seed=HASH_SEED)


def split_task(item: SplitInput, job: Job) -> tuple[int, float]:
    """Write one input file (raw, tagged with _source/_row) as hash partitions.

    Output: ``_split/<kind>/src-NNNNN/_cx_part=K/*.parquet``, published by renaming a temp
    directory, so a retried task replaces its output. Returns (bytes written, seconds).
    """
    started = time.perf_counter()
    with naming_failures("split", item):
        try:
            written = _split_file(item, job, ragged=False)
        except pl.exceptions.PolarsError as exc:
            if not is_ragged_error(exc):
                raise
            # a row has more fields than the header: read again, rejecting those rows
            written = _split_file(item, job, ragged=True)
        return written, time.perf_counter() - started


def _split_file(item: SplitInput, job: Job, *, ragged: bool) -> int:
    column = job.columns[item.kind]
    source = read_raw(Path(item.path), ragged=ragged)
    raw = pl.concat(
        [job.templates[item.kind].lazy(), source.with_columns(pl.lit(item.name).alias("_source"))],
        how="diagonal_relaxed")
    base = job.root / "_split" / item.kind
    target = base / f"src-{item.index:05d}"
    tmp = base / f".src-{item.index:05d}.{uuid.uuid4().hex}.tmp"
    try:
        raw.sink_parquet(
            pl.PartitionBy(tmp, key={PARTITION_KEY: customer_key(column) % job.partitions},
                           include_key=False, approximate_bytes_per_file=None),
            mkdir=True, compression="lz4",
        )
        shutil.rmtree(target, ignore_errors=True)
        tmp.mkdir(parents=True, exist_ok=True)  # an empty file still publishes a directory
        os.replace(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return dir_bytes(target)


def part_files(root: Path, k: int) -> list[Path]:
    return sorted(root.glob(f"src-*/{PARTITION_KEY}={k}/*.parquet"))


def normalize_task(k: int, job: Job) -> NormalizeOut:
    """Validate one partition: canonical rows, rejects; returns counts and its last timestamp."""
    started = time.perf_counter()
    with naming_failures("normalize", f"partition {k}"):
        split, canonical = job.root / "_split", job.root / "_canonical"
        rows_read = rows = rejected = customer_rows = customer_rejected = written = context = 0
        last: datetime | None = None
        notes: tuple[str, ...] = ()
        present: frozenset[str] = frozenset()
        rejects: list[pl.DataFrame] = []
        raw_files = part_files(split / "interactions", k)
        if raw_files:
            log = load_interactions(pl.scan_parquet(raw_files), mapping=job.mapping,
                                    assume_tz=job.assume_tz)
            rows_read, rejected, rows = log.rows_read, log.rejects.height, log.interactions.height
            context = context_rows(log.rejects)
            notes, present = log.warnings, present_fields(log.interactions)
            rejects.append(log.rejects)
            if rows:
                last = log.interactions.select(pl.col("timestamp").max()).item()
            written += atomic_write(log.interactions,
                                     canonical / f"interactions-{k:05d}.parquet",
                                     compression="lz4")
            del log
        cust_files = part_files(split / "customers", k) if job.with_customers else []
        if cust_files:
            table = load_customers(pl.read_parquet(cust_files))
            customer_rows, customer_rejected = table.rows_read, table.rejects.height
            rejects.append(table.rejects)
            written += atomic_write(table.profiles, canonical / f"customers-{k:05d}.parquet")
        if rejects:
            written += atomic_write(pl.concat(rejects),
                                     job.root / "_rejects" / f"part-{k:05d}.parquet")
    return NormalizeOut(k, rows_read, rows, rejected, customer_rows, customer_rejected, last,
                        time.perf_counter() - started, written, notes, present, context)


def evaluate_task(k: int, job: Job, as_of: datetime, skip: tuple[str, ...] = (),
                  today: date | None = None) -> EvaluateOut:
    """Rules (but ``skip``: those not applicable to the whole log), the ruleset's waivers in
    force on ``today`` (one date for every partition, chosen by the driver), arbitrated actions
    and additive score parts of one normalized partition."""
    started = time.perf_counter()
    with naming_failures("evaluate", f"partition {k}"):
        canonical = job.root / "_canonical"
        path = canonical / f"interactions-{k:05d}.parquet"
        if not path.exists():
            return EvaluateOut(k, seconds=time.perf_counter() - started)
        frame = read_intermediate(path)
        cust_path = canonical / f"customers-{k:05d}.parquet"
        profiles = (read_intermediate(cust_path) if cust_path.exists()
                    else None if not job.with_customers else empty_profiles())
        run = run_log(job.ruleset, frame, profiles, as_of, skip=skip)
        split = apply_waivers(run.violations, frame, job.ruleset,
                              today or datetime.now(UTC).date())
        violations = split.counted
        outcomes = (read_intermediate(canonical / "outcomes.parquet") if job.with_outcomes
                    else None)
        actions = arbitrate(violations, frame, profiles, job.ruleset, outcomes, as_of=as_of)
        written = 0
        for name, out in zip(OUTPUTS, (violations, actions.suggested, actions.suppressed,
                                       split.waived), strict=True):
            written += atomic_write(out, job.root / name / f"part-{k:05d}.parquet")
        for d in DIMENSIONS:
            written += atomic_write(score_parts(violations, frame, job.ruleset, d),
                                     job.root / "_scores" / d / f"part-{k:05d}.parquet")
        counters = {column: {str(key): int(n) for key, n
                             in violations.group_by(column).len().iter_rows()}
                    for column in ("severity", "category", "rule_id")}
        return EvaluateOut(
            k, True, violations.height, actions.suggested.height, split.waived.height,
            frame.select(pl.col("case_id").n_unique()).item() if frame.height else 0,
            frame.select(pl.col("customer_id").n_unique()).item() if frame.height else 0,
            counters["severity"], counters["category"], counters["rule_id"],
            time.perf_counter() - started, written, run.open_waits, run.cut_off_waits,
            vendor_sla.compare(frame, run.violations, job.ruleset, set(skip)),
            vendor_sla.examples(frame, run.violations, job.ruleset, set(skip)),
        )



def score_parts(violations: pl.DataFrame, interactions: pl.DataFrame, ruleset: Ruleset,
                 dimension: Dimension) -> pl.DataFrame:
    """The additive parts of a score table: entity, cases, violations, points_lost."""
    lost = attributed(violations, interactions, ruleset, dimension).group_by("entity").agg(
        pl.len().cast(pl.Int64).alias("violations"),
        pl.col("points").sum().alias("points_lost"))
    return (
        case_table(interactions, dimension, ruleset).join(lost, on="entity", how="left")
        .select(
            pl.col("entity").cast(pl.String),
            pl.col("cases").cast(pl.Int64),
            pl.col("violations").fill_null(0).cast(pl.Int64),
            pl.col("points_lost").fill_null(0.0).cast(pl.Float64),
        )
        .collect()
    )



def empty_profiles() -> pl.DataFrame:
    """No profile in this partition (customers were given, none hashed here)."""
    from cx_rules.schema import CUSTOMER_SCHEMA

    return pl.DataFrame(schema=CUSTOMER_SCHEMA)
