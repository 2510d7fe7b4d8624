"""Real write failures: a full tmpfs, a read-only mount, an immutable folder, device nodes.

Each ends with exit 2 and one stderr line naming the path (never a traceback), and leaves the
previous file as it was and no temporary file.
"""

from __future__ import annotations

import json
import os
import select
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.faults.conftest import Log, need_root
from tests.faults.procs import SAMPLE, Child, Done, run

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
    (["report"], "report.html", "128k"),  # 284 kB
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


# ---- devices and pipes: written to, never replaced ------------------------------------------


def device(folder: Path, name: str, major: int, minor: int) -> Path:
    """A character device node like /dev/<name>, in a folder of the test's own."""
    need_root()
    path = folder / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(major, minor))
    except PermissionError as exc:
        pytest.skip(f"cannot make device nodes here: {exc}")
    return path


def same_device(path: Path, major: int, minor: int) -> bool:
    info = os.lstat(path)
    return stat.S_ISCHR(info.st_mode) and info.st_rdev == os.makedev(major, minor)


def test_dev_full(tmp_path: Path) -> None:
    """``-o /dev/full``: disk full, one line, and /dev/full is still the device. First on a copy
    of the device in a folder of the test's own: a regression (a rename over the target) must
    fail there, not replace this machine's /dev/full."""
    full = device(tmp_path, "full", 1, 7)
    one_error_line(lint_json(SAMPLE, full), full, NO_SPACE)
    assert same_device(full, 1, 7), "the device was replaced by a regular file"
    assert [p.name for p in tmp_path.iterdir()] == ["full"]

    one_error_line(lint_json(SAMPLE, Path("/dev/full")), Path("/dev/full"), NO_SPACE)
    assert same_device(Path("/dev/full"), 1, 7)
    assert not list(Path("/dev").glob(".full.*.tmp"))


def test_a_null_device_is_written_to(tmp_path: Path) -> None:
    null = device(tmp_path, "null", 1, 3)  # what /dev/null is
    done = lint_json(SAMPLE, null)
    assert done.returncode == 0, done.stderr
    assert same_device(null, 1, 3), "the device was replaced by a regular file"
    assert [p.name for p in tmp_path.iterdir()] == ["null"]


def test_a_named_pipe_gets_the_report(tmp_path: Path, sample_sarif: bytes) -> None:
    """``-o`` a FIFO: the report goes through the pipe and the pipe stays a pipe (a rename
    would have swapped it for a regular file its reader never sees)."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    # read and write ends held here: the run's open never blocks, and reading never hangs
    # whether or not the run ever opens the pipe
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)
    try:
        child = Child(tmp_path / "logs", "lint", SAMPLE, "--fail-on", "none", "--format",
                      "sarif", "-o", fifo)
        got = bytearray()
        while True:
            running = child.running()
            while select.select([fd], [], [], 0.01)[0]:
                got += os.read(fd, 1 << 16)
            if not running:
                break
        done = child.wait()
    finally:
        os.close(fd)
    assert done.returncode == 0, done.stderr
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode), "the pipe was replaced by a regular file"
    assert bytes(got) == sample_sarif
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logs", "pipe"]


def test_dev_stdout(tmp_path: Path, sample_sarif: bytes) -> None:
    """``-o /dev/stdout`` while stdout is redirected to a regular file: the report lands in
    that file and /dev/stdout stays a link. First through a link of the test's own to
    /proc/self/fd/1 (what /dev/stdout is): a regression must fail there, not replace this
    machine's /dev/stdout by a regular file."""
    link = tmp_path / "stdout"
    link.symlink_to("/proc/self/fd/1")
    done = Child(tmp_path / "logs", "lint", SAMPLE, "--fail-on", "none", "--format", "sarif",
                 "-o", link).wait()
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and os.readlink(link) == "/proc/self/fd/1"
    assert done.stdout.encode() == sample_sarif
    assert sorted(p.name for p in tmp_path.iterdir()) == ["logs", "stdout"]

    before = os.readlink("/dev/stdout")
    done = Child(tmp_path / "dev", "lint", SAMPLE, "--fail-on", "none", "--format", "sarif",
                 "-o", "/dev/stdout").wait()
    assert done.returncode == 0, done.stderr
    assert Path("/dev/stdout").is_symlink() and os.readlink("/dev/stdout") == before
    assert done.stdout.encode() == sample_sarif
    assert not list(Path("/dev").glob(".stdout.*.tmp"))


def test_a_link_to_a_file_writes_the_file(tmp_path: Path) -> None:
    real = tmp_path / "reports" / "report.json"
    real.parent.mkdir()
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "report.json"
    link.symlink_to(real)
    assert lint_json(SAMPLE, link).returncode == 0
    assert link.is_symlink() and link.resolve() == real
    assert json.loads(real.read_text(encoding="utf-8"))["summary"]["rows_read"] == 357
    assert sorted(p.name for p in real.parent.iterdir()) == ["report.json"]
