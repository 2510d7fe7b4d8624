"""The partitioned run's vocabulary: its job, its task inputs and outputs, its runners, and
the file conventions every task follows (temp file + rename)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, TypeVar

import polars as pl

from cx_rules.errors import CxError, InputError
from cx_rules.io.mapping import Mapping
from cx_rules.models.ruleset import Ruleset
from cx_rules.replacing import replacing

PARTITION_KEY = "_cx_part"
HASH_SEED = 0x5EED
DEFAULT_PARTITION_ROWS = 3_000_000
"""With ``partitions=None``, about this many rows per partition (~2-3 GiB peak each)."""
SUCCESS = "_SUCCESS"
"""Written last into ``out_dir`` (a JSON manifest) when every partition succeeded."""
OUTPUTS = ("violations", "actions", "suppressed", "waived")
WORK_DIRS = ("_split", "_canonical", "_scores", "_rejects")

SCORE_KEY = {"case": "case_id", "customer": "customer_id", "agent": "agent_id",
              "channel": "channel", "category": "category"}

T = TypeVar("T")


class PartitionError(CxError):
    """A stage failed for one partition (or input file); no merged result was produced.

    Only a message (so it pickles unchanged from a worker process to the client).
    """



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
    with_outcomes: bool = False
    """Outcomes were given (even empty: propensities apply); every partition reads them all
    from ``_canonical/outcomes.parquet``."""

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
    context: int = 0
    """Of ``rejected``, the rows read as context (not interactions)."""


@dataclass(frozen=True)
class EvaluateOut:
    """What evaluating one partition returns: additive counts and whether files were written."""

    partition: int
    wrote: bool = False
    violations: int = 0
    actions: int = 0
    waived: int = 0
    cases: int = 0
    customers: int = 0
    by_severity: dict[str, int] = field(default_factory=dict)
    by_category: dict[str, int] = field(default_factory=dict)
    by_rule: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    bytes: int = 0
    open_waits: int = 0
    cut_off_waits: int = 0
    sla_comparison: dict[str, int] = field(default_factory=dict)
    sla_examples: dict[str, list[str]] = field(default_factory=dict)


def read_intermediate(path: Path) -> pl.DataFrame:
    """Read an intermediate Parquet file; a damaged one is an error naming it."""
    try:
        return pl.read_parquet(path)
    except pl.exceptions.PolarsError as exc:
        text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"cannot read: {text}", file=str(path)) from None


def atomic_write(frame: pl.DataFrame, target: Path, **options: Any) -> int:
    """Write ``frame`` to ``target`` via a temp file + rename (a retry replaces, never adds)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with replacing(target) as tmp:
        frame.write_parquet(tmp, **options)
    return target.stat().st_size

