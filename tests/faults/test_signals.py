"""A run killed or stopped while it writes ``-o`` never leaves a partial report.

Each test first writes a complete report, then starts a second run writing a much bigger one to
the same path, waits (polling) until that run has written part of its temporary file, freezes it
there (SIGSTOP, so the moment cannot pass) and then signals it.
"""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from tests.faults.conftest import Log
from tests.faults.procs import Child, stop_mid_write, temporaries


def interrupted_write(tmp_path: Path, log: Log, before: bytes) -> tuple[Child, Path, Path]:
    """A run rewriting ``out/report.json`` (now ``before``), frozen mid-write: (run, target,
    its temporary file)."""
    target = tmp_path / "out" / "report.json"
    target.parent.mkdir()
    target.write_bytes(before)
    child = Child(tmp_path / "logs", "lint", log.path, "--fail-on", "none", "--format", "json",
                  "-o", target)
    try:
        tmp = stop_mid_write(child, target)
    except BaseException:
        child.kill()
        raise
    assert target.read_bytes() == before  # mid-write, the target is still the old report
    return child, target, tmp


def test_sigkill_mid_write_keeps_the_previous_report(tmp_path: Path, big_log: Log,
                                                     sample_json: bytes) -> None:
    """SIGKILL cannot be caught: the target stays the previous report, byte for byte, and the
    only trace is the documented dotfile ``.report.json.<hex>.tmp`` (docs/security.md)."""
    child, target, tmp = interrupted_write(tmp_path, big_log, sample_json)
    child.kill()
    assert child.wait().returncode == -signal.SIGKILL
    assert target.read_bytes() == sample_json
    assert sorted(p.name for p in target.parent.iterdir()) == sorted(["report.json", tmp.name])
    assert temporaries(target.parent, "report.json") == [tmp]


@pytest.mark.parametrize("signum, code, message", [
    (signal.SIGTERM, 143, "terminated"),
    (signal.SIGINT, 130, "interrupted"),
])
def test_sigterm_and_sigint_mid_write_clean_up(tmp_path: Path, big_log: Log, sample_json: bytes,
                                               signum: int, code: int, message: str) -> None:
    """A catchable stop unwinds the run: the temporary file is removed, the previous report
    stays, and the exit code says which signal (128 + its number), never 1 (findings)."""
    child, target, _ = interrupted_write(tmp_path, big_log, sample_json)
    child.signal(signum)
    done = child.wait()  # continues it: the signal is handled on the way
    assert done.returncode == code, done.stderr
    assert done.stderr.splitlines() == [message]
    assert target.read_bytes() == sample_json
    assert [p.name for p in target.parent.iterdir()] == ["report.json"]
