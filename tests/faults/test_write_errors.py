"""Real write failures: a full tmpfs, a read-only mount, an immutable folder.

Each ends with exit 2 and one stderr line naming the path (never a traceback), and leaves the
previous file as it was and no temporary file.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.faults.conftest import Log, need_root
from tests.faults.procs import SAMPLE, Done, run

NO_SPACE = "No space left on device"


def one_error_line(done: Done, path: Path, reason: str) -> None:
    """Exit 2 and exactly ``error: cannot write PATH: ...REASON...`` on stderr."""
    assert done.returncode == 2, done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith(f"error: cannot write {path}: ") and reason in lines[0], lines[0]
    assert "Traceback" not in done.stdout


def lint_json(log: Path, target: Path) -> Done:
    return run("lint", log, "--fail-on", "none", "--format", "json", "-o", target)


# ---- a full disk ----------------------------------------------------------------------------


@pytest.mark.parametrize("args, name, size", [
    (["lint", "--fail-on", "none", "--format", "json"], "report.json", "256k"),  # 1.1 MB
    (["lint", "--fail-on", "none", "--format", "sarif"], "report.sarif", "256k"),
    (["report"], "report.html", "256k"),
    (["score", "--by", "case", "--format", "csv"], "scores.csv", "16k"),  # 36 kB
    (["score", "--by", "case", "--format", "parquet"], "scores.parquet", "8k"),  # polars' writer
])
def test_a_full_tmpfs_keeps_the_previous_file(tmpfs: Callable[..., Path], mid_log: Log,
                                              sample_json: bytes, args: list[str], name: str,
                                              size: str) -> None:
    """The previous file (a real 10 kB report, or one line on the 8 kB disk) fits on the tmpfs;
    the new one needs more than is left."""
    disk = tmpfs(size)
    target = disk / name
    before = b"previous scores\n" if size == "8k" else sample_json
    target.write_bytes(before)
    done = run(*args, mid_log.path, "-o", target)
    one_error_line(done, target, NO_SPACE)
    assert target.read_bytes() == before
    assert [p.name for p in disk.iterdir()] == [name]


def test_rejects_on_a_full_tmpfs(tmpfs: Callable[..., Path], tmp_path: Path,
                                 mid_log: Log) -> None:
    """``--rejects`` is written by polars, whose own I/O error is reported the same way."""
    import polars as pl

    log = pl.read_parquet(mid_log.path).with_columns(channel=pl.lit("fax"))  # every row rejected
    bad = tmp_path / "bad.parquet"
    log.write_parquet(bad)
    disk = tmpfs("256k")
    rejects = disk / "rejects.csv"
    done = run("lint", bad, "--fail-on", "none", "-o", tmp_path / "report.txt",
               "--rejects", rejects)
    one_error_line(done, rejects, NO_SPACE)
    assert list(disk.iterdir()) == []


# ---- read-only and immutable folders --------------------------------------------------------


def test_a_read_only_mount(tmpfs: Callable[..., Path], sample_json: bytes) -> None:
    disk = tmpfs("1m")
    target = disk / "report.json"
    target.write_bytes(before := sample_json)
    remount = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True,
                             text=True, check=False)
    if remount.returncode != 0:
        pytest.skip(f"cannot remount read-only: {remount.stderr.strip()}")
    one_error_line(lint_json(SAMPLE, target), target, "Read-only file system")
    assert target.read_bytes() == before
    assert [p.name for p in disk.iterdir()] == ["report.json"]


@pytest.fixture
def immutable(tmp_path: Path) -> Iterator[Path]:
    """A folder with one file, made immutable (``chattr +i``; root ignores mode bits)."""
    need_root()
    folder = tmp_path / "frozen"
    folder.mkdir()
    (folder / "report.json").write_text("{}\n", encoding="utf-8")
    done = subprocess.run(["chattr", "+i", str(folder)], capture_output=True, text=True,
                          check=False)
    if done.returncode != 0:
        pytest.skip(f"chattr +i is not available here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_an_immutable_folder(immutable: Path) -> None:
    target = immutable / "report.json"
    one_error_line(lint_json(SAMPLE, target), target, "Operation not permitted")
    assert target.read_text(encoding="utf-8") == "{}\n"
    assert [p.name for p in immutable.iterdir()] == ["report.json"]
