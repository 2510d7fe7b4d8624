"""Larger-than-memory evaluation: a big log in customer_id hash partitions, bounded memory.

:func:`evaluate_partitioned` never holds more than one partition in memory per task:

1. **split** (one task per input file, streaming): each file is scanned lazily, tagged with its
   source file and row like :func:`cx_rules.evaluate` would, cast to the columns and types of
   all input files together, and written to ``out_dir/_split/<kind>/src-NNNNN`` as ``N`` Parquet
   partitions by a hash of the (trimmed) ``customer_id``; the customer profiles likewise.
2. **normalize** each partition (validation and rejects exactly as the single-frame path); the
   canonical rows go to ``out_dir/_canonical``. The global ``as_of`` (the last timestamp of the
   whole log, unless given) is known once every partition is normalized.
3. **evaluate** each partition: rules, arbitrated actions and the additive parts of the scores;
   violations and actions are written per partition as Parquet.
4. **merge**: summary counts are added up; scores are merged exactly by adding each entity's
   points lost and cases (never averaging averages), then scored once.

The tasks of stages 1-3 are pure functions of (job, partition): they read shared files, write
files named after their partition (temp file + rename, so a retried task replaces its output
instead of adding to it) and return small counts. A :class:`Runner` schedules them: the
:class:`LocalRunner` one after another in this process, the Dask runner of
:mod:`cx_rules.app.distributed` on a cluster. ``out_dir/_SUCCESS`` (a JSON manifest) is
written last, only when every partition succeeded; a failed run raises :class:`PartitionError`.

Every rule of the built-in kinds looks at one customer's events at a time (cases, customer
windows, contact policy), so partitioning by customer gives the same violations as a single
evaluation. Assumptions, as for any customer-partitioned run: a case belongs to one customer
(cases whose events name several customers would be split), and duplicate interaction ids are
detected within a customer's partition (the same id under two different customers is not).
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import shutil
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

import polars as pl

from cx_rules.app.summary import Summary, choose_as_of
from cx_rules.engine.applicability import not_applicable, present_fields
from cx_rules.engine.run import run_log
from cx_rules.errors import CxError, InputError
from cx_rules.io import load_customers, load_interactions
from cx_rules.io.mapping import Mapping, load_mapping
from cx_rules.io.readers import read_raw
from cx_rules.models.ruleset import Ruleset
from cx_rules.outputs.actions import arbitrate
from cx_rules.outputs.scores import DIMENSIONS, UNASSIGNED, Dimension, attributed, case_table
from cx_rules.ruleset.load import load_ruleset
from cx_rules.schema import REJECT_SCHEMA

PARTITION_KEY = "_cx_part"
HASH_SEED = 0x5EED
DEFAULT_PARTITION_ROWS = 3_000_000
"""With ``partitions=None``, about this many rows per partition (~2-3 GiB peak each)."""
SUCCESS = "_SUCCESS"
"""Written last into ``out_dir`` (a JSON manifest) when every partition succeeded."""
OUTPUTS = ("violations", "actions", "suppressed")
_WORK_DIRS = ("_split", "_canonical", "_scores", "_rejects")

_SCORE_KEY = {"case": "case_id", "customer": "customer_id", "agent": "agent_id",
              "channel": "channel", "category": "category"}

T = TypeVar("T")


class PartitionError(CxError):
    """A stage failed for one partition (or input file); no merged result was produced.

    Only a message (so it pickles unchanged from a worker process to the client).
    """


@dataclass(frozen=True)
class PartitionedResult:
    """What :func:`evaluate_partitioned` returns: merged counts, merged scores and the files.

    ``violations`` and ``actions``/``suppressed`` are lists of Parquet files (one per non-empty
    partition); ``scores[dim]`` is a Parquet file with the merged table of that dimension
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

    def violations_frame(self) -> pl.LazyFrame:
        """All violations, lazily (scan of the partition files)."""
        return _scan_or_empty(self.violations)

    def actions_frame(self) -> pl.LazyFrame:
        """All suggested actions, lazily."""
        return _scan_or_empty(self.actions_files)

    def suppressed_frame(self) -> pl.LazyFrame:
        """All candidate actions the contact policy suppressed, lazily."""
        return _scan_or_empty(self.suppressed_files)

    def rejects_frame(self) -> pl.DataFrame:
        """Every rejected input row with its reason."""
        return pl.read_parquet(self.rejects)

    def scores(self, by: Dimension = "case") -> pl.DataFrame:
        """The merged score table of one dimension."""
        return pl.read_parquet(self.scores_files[by])


# --- scheduling ---------------------------------------------------------------------------


class Runner(Protocol):
    """Runs the tasks of one stage and returns their results in the order of ``items``.

    ``fn(item, job=job, **extra)`` is a module-level function (so it pickles by reference). A runner
    raises :class:`PartitionError` naming the item when a task cannot complete.
    """

    @property
    def name(self) -> str: ...

    @property
    def workers(self) -> int: ...

    def map(self, stage: str, fn: Callable[..., T], items: Sequence[Any], job: Job,
            **extra: Any) -> list[T]: ...


class LocalRunner:
    """Today's behaviour: the tasks one after another, in this process."""

    name = "partitioned"
    workers = 1

    def map(self, stage: str, fn: Callable[..., T], items: Sequence[Any], job: Job,
            **extra: Any) -> list[T]:
        return [fn(item, job=job, **extra) for item in items]


# --- the job and its tasks ----------------------------------------------------------------


@dataclass(frozen=True)
class SplitInput:
    """One input file of the split stage."""

    kind: str  # "interactions" or "customers"
    index: int
    path: str
    """Absolute (what the task reads: the same path must work on every worker)."""
    name: str
    """As the user gave it (what ``_source`` and the rejects report)."""

    def __str__(self) -> str:
        return f"{self.kind} file {self.name}"


@dataclass(frozen=True)
class Job:
    """Everything a task needs, shipped once to every worker. Paths are on shared storage."""

    out: str
    partitions: int
    ruleset: Ruleset
    mapping: Mapping | None
    assume_tz: str | None
    with_customers: bool
    templates: dict[str, pl.DataFrame]
    """Per kind, an empty frame with the columns and types of all input files together."""
    columns: dict[str, str]
    """Per kind, the column holding the customer id (the partition key)."""

    @property
    def root(self) -> Path:
        return Path(self.out)


@dataclass(frozen=True)
class NormalizeOut:
    """What normalizing one partition returns (small; the rows stay in files)."""

    partition: int
    rows_read: int = 0
    rows: int = 0
    rejected: int = 0
    customer_rows: int = 0
    customer_rejected: int = 0
    last: datetime | None = None
    seconds: float = 0.0
    bytes: int = 0
    warnings: tuple[str, ...] = ()
    """The input warnings of the partition (a reply cycle broken, a missing parent...)."""
    present: frozenset[str] = frozenset()
    """The optional fields with a value on some row of the partition."""


@dataclass(frozen=True)
class EvaluateOut:
    """What evaluating one partition returns: additive counts and whether files were written."""

    partition: int
    wrote: bool = False
    violations: int = 0
    actions: int = 0
    cases: int = 0
    customers: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_rule: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    bytes: int = 0
    open_waits: int = 0
    cut_off_waits: int = 0


@contextlib.contextmanager
def _naming(stage: str, what: object) -> Iterator[None]:
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


def _read(path: Path) -> pl.DataFrame:
    """Read an intermediate Parquet file; a damaged one is an error naming it."""
    try:
        return pl.read_parquet(path)
    except pl.exceptions.PolarsError as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"cannot read: {text}", file=str(path)) from None


def _atomic_write(frame: pl.DataFrame, target: Path, **options: Any) -> int:
    """Write ``frame`` to ``target`` via a temp file + rename (a retry replaces, never adds)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        frame.write_parquet(tmp, **options)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target.stat().st_size


def _dir_bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*.parquet")) if root.exists() else 0


def _customer_key(column: str) -> pl.Expr:
    """The partition of a row: a hash of its trimmed customer id."""
    return pl.col(column).cast(pl.String).str.strip_chars().hash(seed=HASH_SEED)


def split_task(item: SplitInput, job: Job) -> tuple[int, float]:
    """Write one input file (raw, tagged with _source/_row) as hash partitions.

    Output: ``_split/<kind>/src-NNNNN/_cx_part=K/*.parquet``, published by renaming a temp
    directory, so a retried task replaces its output. Returns (bytes written, seconds).
    """
    started = time.perf_counter()
    with _naming("split", item):
        column = job.columns[item.kind]
        raw = pl.concat(
            [job.templates[item.kind].lazy(),
             read_raw(Path(item.path)).with_columns(pl.lit(item.name).alias("_source"))],
            how="diagonal_relaxed")
        base = job.root / "_split" / item.kind
        target = base / f"src-{item.index:05d}"
        tmp = base / f".src-{item.index:05d}.{uuid.uuid4().hex}.tmp"
        try:
            raw.sink_parquet(
                pl.PartitionBy(tmp, key={PARTITION_KEY: _customer_key(column) % job.partitions},
                               include_key=False, approximate_bytes_per_file=None),
                mkdir=True, compression="lz4",
            )
            shutil.rmtree(target, ignore_errors=True)
            tmp.mkdir(parents=True, exist_ok=True)  # an empty file still publishes a directory
            os.replace(tmp, target)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        return _dir_bytes(target), time.perf_counter() - started


def _part_files(root: Path, k: int) -> list[Path]:
    return sorted(root.glob(f"src-*/{PARTITION_KEY}={k}/*.parquet"))


def normalize_task(k: int, job: Job) -> NormalizeOut:
    """Validate one partition: canonical rows, rejects; returns counts and its last timestamp."""
    started = time.perf_counter()
    with _naming("normalize", f"partition {k}"):
        split, canonical = job.root / "_split", job.root / "_canonical"
        rows_read = rows = rejected = customer_rows = customer_rejected = written = 0
        last: datetime | None = None
        notes: tuple[str, ...] = ()
        present: frozenset[str] = frozenset()
        rejects: list[pl.DataFrame] = []
        raw_files = _part_files(split / "interactions", k)
        if raw_files:
            log = load_interactions(pl.scan_parquet(raw_files), mapping=job.mapping,
                                    assume_tz=job.assume_tz)
            rows_read, rejected, rows = log.rows_read, log.rejects.height, log.interactions.height
            notes, present = log.warnings, present_fields(log.interactions)
            rejects.append(log.rejects)
            if rows:
                last = log.interactions.select(pl.col("timestamp").max()).item()
            written += _atomic_write(log.interactions,
                                     canonical / f"interactions-{k:05d}.parquet",
                                     compression="lz4")
            del log
        cust_files = _part_files(split / "customers", k) if job.with_customers else []
        if cust_files:
            table = load_customers(pl.read_parquet(cust_files))
            customer_rows, customer_rejected = table.rows_read, table.rejects.height
            rejects.append(table.rejects)
            written += _atomic_write(table.profiles, canonical / f"customers-{k:05d}.parquet")
        if rejects:
            written += _atomic_write(pl.concat(rejects),
                                     job.root / "_rejects" / f"part-{k:05d}.parquet")
    return NormalizeOut(k, rows_read, rows, rejected, customer_rows, customer_rejected, last,
                        time.perf_counter() - started, written, notes, present)


def evaluate_task(k: int, job: Job, as_of: datetime, skip: tuple[str, ...] = ()
                  ) -> EvaluateOut:
    """Rules (but ``skip``: those not applicable to the whole log), arbitrated actions and
    additive score parts of one normalized partition."""
    started = time.perf_counter()
    with _naming("evaluate", f"partition {k}"):
        canonical = job.root / "_canonical"
        path = canonical / f"interactions-{k:05d}.parquet"
        if not path.exists():
            return EvaluateOut(k, seconds=time.perf_counter() - started)
        frame = _read(path)
        cust_path = canonical / f"customers-{k:05d}.parquet"
        profiles = (_read(cust_path) if cust_path.exists()
                    else None if not job.with_customers else _empty_profiles())
        run = run_log(job.ruleset, frame, profiles, as_of, skip=skip)
        violations = run.violations
        actions = arbitrate(violations, frame, profiles, job.ruleset)
        written = 0
        for name, out in zip(OUTPUTS, (violations, actions.suggested, actions.suppressed),
                             strict=True):
            written += _atomic_write(out, job.root / name / f"part-{k:05d}.parquet")
        for d in DIMENSIONS:
            written += _atomic_write(_score_parts(violations, frame, job.ruleset, d),
                                     job.root / "_scores" / d / f"part-{k:05d}.parquet")
        counters = {column: {str(key): int(n) for key, n
                             in violations.group_by(column).len().iter_rows()}
                    for column in ("severity", "category", "rule_id")}
        return EvaluateOut(
            k, True, violations.height, actions.suggested.height,
            frame.select(pl.col("case_id").n_unique()).item() if frame.height else 0,
            frame.select(pl.col("customer_id").n_unique()).item() if frame.height else 0,
            counters["severity"], counters["category"], counters["rule_id"],
            time.perf_counter() - started, written, run.open_waits, run.cut_off_waits,
        )


# --- merge --------------------------------------------------------------------------------


def _scan_or_empty(files: list[Path]) -> pl.LazyFrame:
    return pl.scan_parquet(files) if files else pl.LazyFrame()


def input_files(source: str | Path | Sequence[str | Path]) -> list[Path]:
    """Expand a path, a glob or a list of them into existing files (sorted per pattern)."""
    patterns = [source] if isinstance(source, str | Path) else list(source)
    out: list[Path] = []
    for pattern in patterns:
        text = str(pattern)
        matches = sorted(glob.glob(text)) if glob.has_magic(text) else [text]
        if not matches:
            raise InputError(f"no file matches {text!r}")
        out.extend(Path(m) for m in matches)
    return out


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


def _template(files: list[Path], column: str) -> pl.DataFrame:
    """An empty frame with the columns of all files concatenated (as a single run would)."""
    frames = [read_raw(f).clear() for f in files]
    template = pl.concat(frames, how="diagonal_relaxed").collect()
    if column not in template.columns:
        names = ", ".join(n for n in template.columns if not n.startswith("_"))
        raise InputError(f"cannot partition: no column {column!r} (columns: {names[:300]})")
    return template


def _score_parts(violations: pl.DataFrame, interactions: pl.DataFrame, ruleset: Ruleset,
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


def _merge_scores(parts: list[Path], dimension: Dimension, target: Path) -> None:
    """Add up points and cases per entity over all partitions, then score once."""
    key = _SCORE_KEY[dimension]
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
    _atomic_write(table.collect(), target)


# --- the driver ---------------------------------------------------------------------------


def evaluate_partitioned(
    path_or_glob: str | Path | Sequence[str | Path],
    ruleset: Ruleset | str | Path,
    customers: str | Path | Sequence[str | Path] | None = None,
    *,
    partitions: int | None = None,
    out_dir: str | Path,
    mapping: str | Path | Mapping | None = None,
    assume_tz: str | None = None,
    as_of: datetime | None = None,
    keep_intermediate: bool = False,
    runner: Runner | None = None,
) -> PartitionedResult:
    """Evaluate a large log (files or a glob, e.g. ``"data/interactions-*.parquet"``) in
    ``partitions`` customer_id hash partitions with bounded memory.

    Writes ``out_dir/violations/part-NNNNN.parquet``, ``out_dir/actions/...``,
    ``out_dir/suppressed/...``, ``out_dir/rejects.parquet``, ``out_dir/scores-<dim>.parquet``
    and, last, ``out_dir/_SUCCESS``; returns the merged summary and the files.
    ``partitions=None`` picks about :data:`DEFAULT_PARTITION_ROWS` rows per partition. The
    intermediate split and canonical partitions are deleted unless ``keep_intermediate``.
    ``runner`` schedules the per-partition tasks (default: one after another in this process;
    see :func:`cx_rules.app.distributed.evaluate_distributed`). With a runner on other
    machines, every path must be on storage those machines see at the same path.
    """
    started = time.perf_counter()
    runner = runner or LocalRunner()
    stages: dict[str, float] = {}
    rules = ruleset if isinstance(ruleset, Ruleset) else load_ruleset(ruleset)
    chosen = load_mapping(mapping) if isinstance(mapping, str | Path) else mapping
    if as_of is not None and as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    out = Path(out_dir).absolute()
    (out / SUCCESS).unlink(missing_ok=True)
    for sub in (*OUTPUTS, *_WORK_DIRS):
        shutil.rmtree(out / sub, ignore_errors=True)
    files = input_files(path_or_glob)
    customer_files = input_files(customers) if customers is not None else []
    id_column = chosen.columns.get("customer_id", "customer_id") if chosen else "customer_id"
    templates = {"interactions": _template(files, id_column)}
    if customer_files:
        templates["customers"] = _template(customer_files, "customer_id")
    if partitions is None:
        partitions = auto_partitions(files)
    if partitions < 1:
        raise ValueError("partitions must be at least 1")
    out.mkdir(parents=True, exist_ok=True)
    job = Job(out=str(out), partitions=partitions, ruleset=rules, mapping=chosen,
              assume_tz=assume_tz, with_customers=bool(customer_files), templates=templates,
              columns={"interactions": id_column, "customers": "customer_id"})
    task_seconds: dict[str, list[float]] = {}
    written: dict[str, int] = {}

    # 1. split into customer hash partitions (one streaming task per input file)
    t = time.perf_counter()
    inputs = [SplitInput("interactions", i, str(f.absolute()), str(f))
              for i, f in enumerate(files)]
    inputs += [SplitInput("customers", i, str(f.absolute()), str(f))
               for i, f in enumerate(customer_files)]
    split = runner.map("split", split_task, inputs, job)
    task_seconds["split"] = [s for _, s in split]
    written["split"] = sum(b for b, _ in split)
    stages["split"] = time.perf_counter() - t

    # 2. normalize each partition; the global as_of is the last valid timestamp of all of them
    t = time.perf_counter()
    normalized = runner.map("normalize", normalize_task, range(partitions), job)
    lasts = [n.last for n in normalized if n.last is not None]
    as_of, as_of_source = choose_as_of(as_of, max(lasts, default=None))
    task_seconds["normalize"] = [n.seconds for n in normalized]
    written["normalize"] = sum(n.bytes for n in normalized)
    if not keep_intermediate:
        shutil.rmtree(out / "_split", ignore_errors=True)
    stages["normalize"] = time.perf_counter() - t

    # 3. evaluate each partition
    t = time.perf_counter()
    # applicability is a property of the whole log, decided once for every partition
    skipped = not_applicable(rules, frozenset().union(*(n.present for n in normalized)),
                             has_customers=job.with_customers)
    evaluated = runner.map("evaluate", evaluate_task, range(partitions), job, as_of=as_of,
                           skip=tuple(skipped))
    task_seconds["evaluate"] = [e.seconds for e in evaluated]
    written["evaluate"] = sum(e.bytes for e in evaluated)
    stages["evaluate"] = time.perf_counter() - t

    # 4. merge (the files are named by partition: each appears once however often it ran)
    t = time.perf_counter()
    done = [e.partition for e in evaluated if e.wrote]
    files_of = {name: [out / name / f"part-{k:05d}.parquet" for k in done] for name in OUTPUTS}
    merged_scores: dict[str, Path] = {}
    for d in DIMENSIONS:
        merged_scores[d] = out / f"scores-{d}.parquet"
        parts = [out / "_scores" / d / f"part-{k:05d}.parquet" for k in done]
        if parts:
            _merge_scores(parts, d, merged_scores[d])
    reject_parts = sorted((out / "_rejects").glob("part-*.parquet"))
    rejects = (pl.concat([pl.read_parquet(p) for p in reject_parts]) if reject_parts
               else pl.DataFrame(schema=REJECT_SCHEMA)).sort("source", "row")
    rejects_path = out / "rejects.parquet"
    _atomic_write(rejects, rejects_path)
    if not keep_intermediate:
        for sub in _WORK_DIRS:
            shutil.rmtree(out / sub, ignore_errors=True)
    stages["merge"] = time.perf_counter() - t
    by_severity: Counter[str] = Counter()
    by_category: Counter[str] = Counter()
    by_rule: Counter[str] = Counter()
    for e in evaluated:
        by_severity.update(e.by_severity)
        by_category.update(e.by_category)
        by_rule.update(e.by_rule)
    summary = Summary.build(
        rules, as_of,
        rows_read=sum(n.rows_read for n in normalized),
        rows_evaluated=sum(n.rows for n in normalized),
        rows_rejected=sum(n.rejected for n in normalized),
        cases=sum(e.cases for e in evaluated), customers=sum(e.customers for e in evaluated),
        customer_rows_read=sum(n.customer_rows for n in normalized),
        customer_rows_rejected=sum(n.customer_rejected for n in normalized),
        by_severity=by_severity, by_category=by_category, by_rule=by_rule,
        seconds=time.perf_counter() - started,
        warnings=[w for n in normalized for w in n.warnings],
        not_applicable=skipped,
        as_of_source=as_of_source,
        open_waits=sum(e.open_waits for e in evaluated),
        cut_off_waits=sum(e.cut_off_waits for e in evaluated),
    )
    result = PartitionedResult(
        summary=summary, out_dir=out, violations=files_of["violations"],
        actions_files=files_of["actions"], suppressed_files=files_of["suppressed"],
        rejects=rejects_path, scores_files=merged_scores,
        actions=sum(e.actions for e in evaluated), partitions=partitions,
        max_partition_rows=max((n.rows for n in normalized), default=0), stages=stages,
        task_seconds=task_seconds, bytes_written=written, engine=runner.name,
        workers=runner.workers,
    )
    _write_manifest(result)
    return result


def _write_manifest(result: PartitionedResult) -> None:
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
            "rejects": str(result.rejects.relative_to(out)),
            "scores": {d: str(p.relative_to(out)) for d, p in result.scores_files.items()
                       if p.exists()},
        },
    }
    tmp = out / f".{SUCCESS}.{uuid.uuid4().hex}.tmp"
    tmp.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, out / SUCCESS)


def _empty_profiles() -> pl.DataFrame:
    """No profile in this partition (customers were given, none hashed here)."""
    from cx_rules.schema import CUSTOMER_SCHEMA

    return pl.DataFrame(schema=CUSTOMER_SCHEMA)
