"""Logs big enough to interrupt a run mid-write, and real tmpfs mounts (root only)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from benchmarks.synthetic import generate
from tests.faults.procs import SAMPLE, run


@dataclass(frozen=True)
class Log:
    path: Path
    rows: int


def _log(factory: pytest.TempPathFactory, rows: int, seed: int) -> Log:
    interactions, _ = generate(rows, seed=seed)
    path = factory.mktemp(f"log{rows}") / "interactions.parquet"
    interactions.write_parquet(path)
    return Log(path, interactions.height)


@pytest.fixture(scope="session")
def big_log(tmp_path_factory: pytest.TempPathFactory) -> Log:
    """100k rows: writing their JSON report (about 11 MB) takes half a second or so,
    long enough to catch the run mid-write by polling."""
    return _log(tmp_path_factory, 100_000, seed=41)


@pytest.fixture(scope="session")
def mid_log(tmp_path_factory: pytest.TempPathFactory) -> Log:
    """10k rows: a JSON report of about 1.1 MB, a run of about a second."""
    return _log(tmp_path_factory, 10_000, seed=43)


@pytest.fixture(scope="session")
def sample_json(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A complete JSON report of the shipped sample, from a real run: the previous good
    report the faulty runs must leave alone."""
    path = tmp_path_factory.mktemp("json") / "sample.json"
    done = run("lint", SAMPLE, "--fail-on", "none", "--format", "json", "-o", path)
    assert done.returncode == 0, done.stderr
    return path.read_bytes()


@pytest.fixture(scope="session")
def sample_sarif(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The SARIF report of the shipped sample, written to a regular file (it has no timings,
    so every run writes the same bytes)."""
    path = tmp_path_factory.mktemp("sarif") / "sample.sarif"
    done = run("lint", SAMPLE, "--fail-on", "none", "--format", "sarif", "-o", path)
    assert done.returncode == 0, done.stderr
    return path.read_bytes()


def need_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root (mounting a tmpfs, making device nodes)")


@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Callable[..., Path]]:
    """``tmpfs(size="256k")`` mounts a fresh tmpfs of that size and returns its folder; every
    mount is unmounted after the test. Skips when mounting is not permitted here."""
    need_root()
    mounted: list[Path] = []

    def mount(size: str = "1m") -> Path:
        folder = tmp_path / f"tmpfs{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs",
                               str(folder)], capture_output=True, text=True, check=False)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(folder)
        return folder

    try:
        yield mount
    finally:
        for folder in reversed(mounted):
            subprocess.run(["umount", "-l", str(folder)], check=False)
