"""One writer per --out folder: a live holder refuses a second run, a dead one is taken over."""

from __future__ import annotations

import itertools
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from cx_rules.app.partitioned import PartitionError, evaluate_partitioned
from cx_rules.app.partitioned.lock import LOCK

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"


def hold(out: Path, host: str, pid: int) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    lock = out / LOCK
    lock.write_text(json.dumps({"host": host, "pid": pid, "started": "2026-12-02T10:00:00+00:00"}),
                    encoding="utf-8")
    return lock


def test_a_live_run_holding_the_folder_refuses_a_second(tmp_path: Path) -> None:
    out = tmp_path / "out"
    lock = hold(out, socket.gethostname(), os.getpid())  # this process: alive
    with pytest.raises(PartitionError, match="being written by another run"):
        evaluate_partitioned([SAMPLE], "cx-baseline", partitions=2, out_dir=out)
    assert lock.exists() and not (out / "_SUCCESS").exists()


def test_a_lock_from_another_host_is_refused_with_the_path(tmp_path: Path) -> None:
    out = tmp_path / "out"
    hold(out, "some-other-host", 1)
    with pytest.raises(PartitionError, match=f"delete {out / LOCK}"):
        evaluate_partitioned([SAMPLE], "cx-baseline", partitions=2, out_dir=out)


def test_a_dead_holder_is_taken_over_and_the_lock_released(tmp_path: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    out = tmp_path / "out"
    hold(out, socket.gethostname(), gone.pid)
    result = evaluate_partitioned([SAMPLE], "cx-baseline", partitions=2, out_dir=out)
    assert result.summary.rows_read == 357
    assert (out / "_SUCCESS").exists() and not (out / LOCK).exists()


CONTENDER = """
import json, sys, time
from pathlib import Path
from cx_rules.app.partitioned import PartitionError
from cx_rules.app.partitioned.lock import out_lock

out, go = Path(sys.argv[1]), float(sys.argv[2])
while time.time() < go:  # every contender starts at the same moment
    pass
try:
    with out_lock(out):
        start = time.monotonic_ns()
        lock = json.loads((out / ".cx-rules.lock").read_text())  # never empty, always mine
        assert lock["pid"] == __import__("os").getpid(), lock
        time.sleep(0.2)
        print(json.dumps({"held": [start, time.monotonic_ns()]}))
except PartitionError:
    print(json.dumps({"refused": True}))
"""


def test_runs_racing_for_one_stale_lock_never_hold_it_together(tmp_path: Path) -> None:
    """Two runs that found the same dead holder used to both delete it and both go ahead."""
    dead = subprocess.Popen(["true"])
    dead.wait()
    hold(tmp_path / "out", socket.gethostname(), dead.pid)
    import time

    go = time.time() + 1.5
    procs = [subprocess.Popen([sys.executable, "-c", CONTENDER, str(tmp_path / "out"), str(go)],
                              stdout=subprocess.PIPE, text=True) for _ in range(6)]
    outcomes = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    assert all(p.returncode == 0 for p in procs)
    held = sorted(o["held"] for o in outcomes if "held" in o)
    assert held, outcomes
    for (_, end), (start, _) in itertools.pairwise(held):
        assert start >= end, held  # one holder at a time
    assert not (tmp_path / "out" / LOCK).exists()
