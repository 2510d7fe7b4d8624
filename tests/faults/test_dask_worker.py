"""A Dask worker SIGKILLed in the middle of publishing a partition file, under the real CLI.

tests/app/test_distributed.py kills workers as a task starts and after it wrote its files; this
kills one between the two: its temporary file is complete, the rename has not happened. The
``cx-rules lint --engine dask`` process (a client of a cluster started here) must still
report every row once, and leave no temporary file in ``--out``.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cx_rules import evaluate
from tests.faults.conftest import Log
from tests.faults.procs import run

distributed: Any = pytest.importorskip("distributed")

PARTITION = 1


class DieBeforeRename(distributed.WorkerPlugin):
    """On the worker: the first time ``violations/part-<k>.parquet`` is published (across worker
    restarts: a marker file), SIGKILL the worker after its temporary file is written, before
    the rename."""

    def __init__(self, k: int, marker: str) -> None:
        self.name, self.marker = f"part-{k:05d}.parquet", marker

    def setup(self, worker: Any) -> None:
        from cx_rules.app.partitioned import jobs

        real = getattr(jobs, "_real_replacing", jobs.replacing)
        name, marker = self.name, self.marker

        @contextlib.contextmanager
        def dying(target: Path) -> Iterator[Path]:
            with real(target) as tmp:
                yield tmp
                if target.parent.name == "violations" and target.name == name:
                    try:
                        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
                    except FileExistsError:
                        pass
                    else:
                        assert tmp.stat().st_size > 0
                        os.kill(os.getpid(), signal.SIGKILL)

        jobs._real_replacing = real  # type: ignore[attr-defined]
        jobs.replacing = dying

    def teardown(self, worker: Any) -> None:
        from cx_rules.app.partitioned import jobs

        jobs.replacing = getattr(jobs, "_real_replacing", jobs.replacing)


@pytest.fixture(scope="module")
def cluster() -> Iterator[Any]:
    """Two worker processes (one thread each), restarted by their nannies when they die."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=":0") as c:
        yield c


def test_worker_killed_between_write_and_rename(cluster: Any, tmp_path: Path,
                                                mid_log: Log) -> None:
    single = evaluate(str(mid_log.path), "cx-baseline")
    marker, out, report = tmp_path / "killed", tmp_path / "out", tmp_path / "report.json"
    name = f"die-{uuid.uuid4().hex}"
    with distributed.Client(cluster, set_as_default=False) as client:
        client.register_plugin(DieBeforeRename(PARTITION, str(marker)), name=name)
        try:
            done = run("lint", mid_log.path, "--engine", "dask", "--scheduler",
                       cluster.scheduler_address, "--partitions", "4", "--out", out,
                       "--format", "json", "--fail-on", "none", "-o", report)
        finally:
            client.unregister_worker_plugin(name)
            client.wait_for_workers(2, timeout=60)
    assert marker.exists(), "no worker was killed: the test did not test anything"
    assert done.returncode == 0, done.stderr
    doc = json.loads(report.read_text(encoding="utf-8"))
    assert doc["summary"]["rows_read"] == mid_log.rows
    assert doc["summary"]["violations"] == single.summary.violations
    assert doc["summary"]["by_rule"] == single.summary.by_rule
    files = doc["files"]["violations"]
    assert f"violations/part-{PARTITION:05d}.parquet" in files and len(files) == len(set(files))
    assert not list(out.rglob("*.tmp")), "the dead worker's temporary file is left in --out"
