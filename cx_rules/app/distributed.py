"""The partitioned evaluation on a Dask distributed cluster (``pip install cx-rules[distributed]``).

The stages and their tasks are those of :mod:`cx_rules.app.partitioned`; only the scheduling
differs: :class:`DaskRunner` submits one task per input file (split) or partition (normalize,
evaluate) with ``client.map`` and gathers the small per-task results; the driver merges them.

Fault handling:

* a worker that dies mid-task (killed, out of memory, machine lost): the scheduler re-runs its
  tasks on another worker (up to ``distributed.scheduler.allowed-failures`` times, default 3).
  A task writes files named after its partition via temp file + rename, and the merge lists
  files by partition index, so a task that ran twice is counted once;
* a task that raises is retried ``retries`` times (transient storage errors), then the run stops
  with a :class:`~cx_rules.app.partitioned.PartitionError` naming the stage and partition;
* the merged outputs and ``out_dir/_SUCCESS`` are only written when every task succeeded:
  a run either completes or raises, it never returns a partial result.

Paths (inputs and ``out_dir``) must be visible under the same name on the client and every
worker: a local directory for a cluster on one machine, a shared filesystem (NFS, Lustre,
a mounted bucket) for a real cluster. :func:`evaluate_distributed` checks this before starting.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from cx_rules.app.partitioned import (
    Job,
    PartitionedResult,
    PartitionError,
    auto_partitions,
    evaluate_partitioned,
    input_files,
)
from cx_rules.errors import CxError
from cx_rules.io.mapping import Mapping
from cx_rules.models.ruleset import Ruleset

if TYPE_CHECKING:
    from distributed import Client

T = TypeVar("T")
INSTALL_HINT = "the dask engine needs Dask distributed: pip install 'cx-rules[distributed]'"


def _distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise CxError(INSTALL_HINT) from None
    return distributed


def _what(item: object) -> str:
    return f"partition {item}" if isinstance(item, int) else str(item)


class DaskRunner:
    """Schedules the tasks of a stage on a Dask cluster; fails fast naming the partition."""

    name = "dask"

    def __init__(self, client: Client, retries: int = 1) -> None:
        self.client = client
        self.retries = retries
        self.run_id = uuid.uuid4().hex[:12]

    @property
    def workers(self) -> int:
        return len(self.client.scheduler_info(n_workers=-1)["workers"])

    def map(self, stage: str, fn: Callable[..., T], items: Sequence[Any], job: Job,
            **extra: Any) -> list[T]:
        items = list(items)
        if not items:
            return []
        dd = _distributed()
        # keys "cx-<stage>-<index>-<run>": readable in the dashboard, unique per run
        keys = [f"cx-{stage}-{i}-{self.run_id}" for i in range(len(items))]
        futures = self.client.map(fn, items, job=job, key=keys, retries=self.retries,
                                  pure=False, **extra)
        item_of = {f.key: item for f, item in zip(futures, items, strict=True)}
        try:
            for future in dd.as_completed(futures, loop=self.client.loop):
                if future.status != "finished":
                    failure = self._failure(stage, item_of[future.key], future)
                    self.client.cancel(futures)  # type: ignore[no-untyped-call]
                    raise failure
            results: list[T] = self.client.gather(futures)  # type: ignore[no-untyped-call]
        except PartitionError:
            raise
        except (OSError, TimeoutError, dd.client.FutureCancelledError) as exc:
            raise PartitionError(
                f"{stage} stopped: lost the Dask scheduler or the task was cancelled "
                f"({type(exc).__name__}: {exc}); no result was merged") from None
        return results

    def _failure(self, stage: str, item: object, future: Any) -> PartitionError:
        what = _what(item)
        if future.status != "error":
            return PartitionError(f"{stage} of {what}: task {future.status}; no result was merged")
        exc = future.exception()
        if isinstance(exc, PartitionError):
            return PartitionError(f"{exc}; no result was merged")
        if type(exc).__name__ == "KilledWorker":
            return PartitionError(
                f"{stage} of {what}: the worker running it died on every attempt "
                "(distributed.scheduler.allowed-failures); the partition may not fit in a "
                "worker's memory (use more partitions) or the cluster is unstable; "
                "no result was merged")
        hint = (" (is cx-rules installed on every worker?)"
                if isinstance(exc, ModuleNotFoundError) else "")
        return PartitionError(f"{stage} of {what} failed on a worker: {type(exc).__name__}: "
                              f"{exc}{hint}; no result was merged")


def _connect(scheduler: str, timeout: float) -> Client:
    dd = _distributed()
    try:
        client: Client = dd.Client(scheduler, timeout=timeout, set_as_default=False)
        return client
    except (OSError, TimeoutError, ValueError) as exc:
        raise CxError(f"cannot connect to the Dask scheduler at {scheduler!r}: "
                      f"{type(exc).__name__}: {exc}") from None


def _check_shared(client: Client, paths: list[str]) -> None:
    """Every worker must see the inputs and out_dir at the same paths (shared storage)."""
    seen: dict[str, list[bool]] = client.run(_exist, paths)
    missing = {worker: [p for p, ok in zip(paths, oks, strict=True) if not ok]
               for worker, oks in seen.items()}
    missing = {w: ps for w, ps in missing.items() if ps}
    if missing:
        worker, ps = next(iter(missing.items()))
        raise CxError(
            f"{len(missing)} Dask worker(s) cannot see {ps[0]!r} (e.g. {worker}): inputs and "
            "--out must be on storage every worker mounts at the same path (a shared "
            "filesystem); see docs/distributed.md")


def _exist(paths: list[str]) -> list[bool]:
    return [os.path.exists(p) for p in paths]


def evaluate_distributed(
    path_or_glob: str | Path | Sequence[str | Path],
    ruleset: Ruleset | str | Path,
    customers: str | Path | Sequence[str | Path] | None = None,
    *,
    out_dir: str | Path,
    scheduler: str | Client | None = None,
    partitions: int | None = None,
    mapping: str | Path | Mapping | None = None,
    assume_tz: str | None = None,
    as_of: datetime | None = None,
    keep_intermediate: bool = False,
    retries: int = 1,
    local_workers: int | None = None,
    connect_timeout: float = 10.0,
    outcomes: str | Path | Sequence[str | Path] | None = None,
) -> PartitionedResult:
    """:func:`~cx_rules.app.partitioned.evaluate_partitioned` on a Dask cluster.

    ``scheduler``: a scheduler address (``"tcp://host:8786"``), a connected
    ``distributed.Client``, or ``None`` to start a local cluster of ``local_workers`` worker
    processes (default: one per CPU) for this run. ``partitions=None`` picks about 3M rows per
    partition but at least two partitions per worker. Raises
    :class:`~cx_rules.app.partitioned.PartitionError` if a partition cannot be processed
    (nothing is merged then, and ``out_dir/_SUCCESS`` is not written).
    """
    dd = _distributed()
    out = Path(out_dir).absolute()
    inputs = input_files(path_or_glob) + (input_files(customers) if customers is not None else [])
    inputs += input_files(outcomes) if outcomes is not None else []
    cluster = None
    if scheduler is None:
        cluster = dd.LocalCluster(n_workers=local_workers or os.cpu_count() or 1,
                                  threads_per_worker=1, processes=True,
                                  dashboard_address=None)
        client = dd.Client(cluster, set_as_default=False)
    elif isinstance(scheduler, str):
        client = _connect(scheduler, connect_timeout)
    else:
        client = scheduler
    try:
        runner = DaskRunner(client, retries=retries)
        if runner.workers == 0:
            raise CxError(f"the Dask cluster at {client.scheduler.address} has no workers")
        out.mkdir(parents=True, exist_ok=True)
        _check_shared(client, [str(out), *(str(p.absolute()) for p in inputs if p.exists())])
        if partitions is None:
            partitions = max(auto_partitions(input_files(path_or_glob)), 2 * runner.workers)
        return evaluate_partitioned(
            path_or_glob, ruleset, customers, partitions=partitions, out_dir=out,
            mapping=mapping, assume_tz=assume_tz, as_of=as_of,
            keep_intermediate=keep_intermediate, runner=runner, outcomes=outcomes)
    finally:
        if client is not scheduler:
            client.close()
        if cluster is not None:
            cluster.close()
