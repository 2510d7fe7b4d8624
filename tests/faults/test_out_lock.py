"""One writer per ``--out`` folder, between real processes.

A run is frozen (SIGSTOP) while it holds the lock, so the second run certainly meets a live
holder; no sleep decides who goes first.
"""

from __future__ import annotations

import json
import signal
import socket
from pathlib import Path

from cx_rules.app.partitioned import SUCCESS
from cx_rules.app.partitioned.lock import LOCK
from tests.faults.conftest import Log
from tests.faults.procs import Child, poll, run, stopped

ENTRIES = sorted(["_SUCCESS", "actions", "rejects.parquet", "suppressed", "violations", "waived",
                  *(f"scores-{d}.parquet" for d in ("agent", "case", "category", "channel",
                                                     "customer"))])
"""What a finished ``--out`` folder holds: no lock, no work folders, no temporary files."""


def partitioned(out: Path, log: Log, report: Path) -> tuple[str | Path, ...]:
    return ("lint", log.path, "--engine", "partitioned", "--partitions", "3", "--out", out,
            "--format", "json", "--fail-on", "none", "-o", report)


def holding(child: Child, out: Path) -> dict[str, object]:
    """Wait until ``child`` holds ``out``'s lock, freeze it there and return the lock's content."""

    def lock() -> dict[str, object] | None:
        try:
            data = json.loads((out / LOCK).read_text(encoding="utf-8"))
        except (OSError, ValueError):  # not there yet, or being written
            return None
        return data if isinstance(data, dict) and data.get("pid") == child.pid else None

    poll(f"run {child.pid} to take the lock of {out}", lock, child)
    child.signal(signal.SIGSTOP)
    poll("the run to stop", lambda: True if stopped(child.pid) else None)
    held = lock()
    assert held is not None, "the run released the lock before it could be stopped"
    return held


def assert_complete(out: Path, log: Log, report: Path) -> None:
    """``_SUCCESS`` describes the whole input, the report is that manifest, nothing else is left."""
    assert sorted(p.name for p in out.iterdir()) == ENTRIES
    manifest = json.loads((out / SUCCESS).read_text(encoding="utf-8"))
    assert manifest["summary"]["rows_read"] == log.rows
    assert manifest["partitions"] == 3
    doc = json.loads(report.read_text(encoding="utf-8"))
    assert doc.pop("out_dir") == str(out)
    assert doc == manifest  # the report on stdout/-o is the winner's manifest
    assert not list(out.rglob("*.tmp"))


def test_two_concurrent_runs_one_writer(tmp_path: Path, mid_log: Log) -> None:
    out = tmp_path / "out"
    first = Child(tmp_path / "first", *partitioned(out, mid_log, tmp_path / "first.json"))
    try:
        held = holding(first, out)
        assert held["host"] == socket.gethostname()

        second = run(*partitioned(out, mid_log, tmp_path / "second.json"))
        assert second.returncode == 2, second.stderr
        assert second.stderr.splitlines() == [
            f"error: {out} is being written by another run (host {held['host']}, pid "
            f"{first.pid}, started {held['started']}); wait for it, or delete {out / LOCK} if "
            "that run is dead"]
        assert not (tmp_path / "second.json").exists()
        assert json.loads((out / LOCK).read_text(encoding="utf-8")) == held  # not touched
        assert not (out / SUCCESS).exists()
    finally:
        done = first.wait()  # continued
    assert done.returncode == 0, done.stderr
    assert_complete(out, mid_log, tmp_path / "first.json")


def test_the_lock_of_a_sigkilled_run_is_taken_over(tmp_path: Path, mid_log: Log) -> None:
    """A run killed while holding the folder leaves its lock (and maybe half its work); the next
    run sees the holder is gone, takes over, and leaves a complete folder."""
    out = tmp_path / "out"
    dead = Child(tmp_path / "dead", *partitioned(out, mid_log, tmp_path / "dead.json"))
    try:
        held = holding(dead, out)
    finally:
        dead.kill()
    assert json.loads((out / LOCK).read_text(encoding="utf-8")) == held  # left behind

    done = run(*partitioned(out, mid_log, tmp_path / "next.json"))
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert_complete(out, mid_log, tmp_path / "next.json")
    assert not (tmp_path / "dead.json").exists()


def test_sigterm_releases_the_lock_and_leaves_no_success(tmp_path: Path, mid_log: Log) -> None:
    out = tmp_path / "out"
    child = Child(tmp_path / "term", *partitioned(out, mid_log, tmp_path / "term.json"))
    try:
        holding(child, out)
        child.signal(signal.SIGTERM)
    finally:
        done = child.wait()  # continued: it handles the signal
    assert done.returncode == 143, done.stderr
    assert done.stderr.splitlines() == ["terminated"]
    assert not (out / LOCK).exists()
    assert not (out / SUCCESS).exists()
    assert not list(out.rglob("*.tmp"))
    assert not (tmp_path / "term.json").exists()
