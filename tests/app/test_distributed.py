"""The dask engine on a local cluster of worker processes equals a single evaluation, survives a
killed worker without losing or duplicating results, and fails cleanly naming the partition."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.synthetic import generate
from cx_rules import evaluate
from cx_rules.app.partitioned import SUCCESS, PartitionedResult, PartitionError
from cx_rules.app.result import Result
from cx_rules.cli import cli
from cx_rules.errors import CxError
from cx_rules.outputs.scores import DIMENSIONS
from cx_rules.ruleset.load import resolve
from tests.app.test_partitioned import SUMMARY_FIELDS, _ordered, baseline

distributed = pytest.importorskip("distributed")
from cx_rules.app.distributed import evaluate_distributed  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"
CUSTOMERS = ROOT / "examples" / "customers.csv"
RULESET = resolve("cx-baseline")  # the newest shipped version, which baseline() loads


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """Two worker processes (one thread each) on this machine, restarted by their nannies."""
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    with distributed.Client(cluster, set_as_default=False) as c:
        yield c
    cluster.close()


def assert_same(part: PartitionedResult, single: Result) -> None:
    """Every count, violation, action, score and reject of the two runs is the same."""
    for name in SUMMARY_FIELDS:
        assert getattr(part.summary, name) == getattr(single.summary, name), name
    violations = part.violations_frame().collect()
    assert violations.height == single.violations.height  # no partition counted twice
    assert _ordered(violations).equals(_ordered(single.violations))
    assert part.actions == single.actions.height
    assert _ordered(part.actions_frame()).equals(_ordered(single.actions))
    assert _ordered(part.suppressed_frame()).equals(_ordered(single.suppressed_actions))
    for dim in DIMENSIONS:
        assert part.scores(dim).equals(single.scores(dim)), dim
    rejects = part.rejects_frame().select("source", "row", "reason").sort("source", "row")
    assert rejects.equals(single.rejects.select("source", "row", "reason").sort("source", "row"))
    manifest = json.loads((part.out_dir / SUCCESS).read_text())
    assert manifest["summary"]["violations"] == single.summary.violations
    assert sorted(manifest["files"]["violations"]) == sorted(
        str(p.relative_to(part.out_dir)) for p in part.violations)


def test_sample_equals_single_machine(client: Any, tmp_path: Path) -> None:
    ruleset = baseline()
    single = evaluate(str(SAMPLE), ruleset, customers=str(CUSTOMERS))
    part = evaluate_distributed(str(SAMPLE), ruleset, str(CUSTOMERS), scheduler=client,
                                partitions=5, out_dir=tmp_path / "out")
    assert part.engine == "dask" and part.workers == 2 and part.partitions == 5
    assert single.summary.violations > 0
    assert_same(part, single)
    assert set(part.task_seconds) == {"split", "normalize", "evaluate"}
    assert len(part.task_seconds["evaluate"]) == 5
    assert part.bytes_written["split"] > 0
    assert not (tmp_path / "out" / "_split").exists()  # intermediates cleaned


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    """A generated log in three Parquet files with two invalid rows, profiles in one file."""
    root = tmp_path_factory.mktemp("generated")
    log, customers = generate(6_000, seed=23)
    bad = pl.int_range(pl.len()).is_in([17, 4_000])
    log = log.with_columns(pl.when(bad).then(pl.lit("fax")).otherwise(pl.col("channel"))
                           .alias("channel"))
    third = log.height // 3
    paths = [root / f"interactions-{i}.parquet" for i in range(3)]
    for i, path in enumerate(paths):
        log.slice(i * third, third if i < 2 else None).write_parquet(path)
    cpath = root / "customers.parquet"
    customers.write_parquet(cpath)
    return paths, [cpath]


def test_generated_files_equal_single_machine(
    client: Any, generated: tuple[list[Path], list[Path]], tmp_path: Path
) -> None:
    paths, cpaths = generated
    ruleset = baseline()
    single = evaluate([str(p) for p in paths], ruleset, customers=[str(p) for p in cpaths])
    assert single.summary.rows_rejected == 2
    part = evaluate_distributed(str(paths[0].parent / "interactions-*.parquet"), ruleset,
                                cpaths, scheduler=client, partitions=4,
                                out_dir=tmp_path / "out")
    assert_same(part, single)


@settings(max_examples=3, deadline=None)
@given(rows=st.integers(min_value=30, max_value=1_500), seed=st.integers(0, 10_000),
       partitions=st.integers(min_value=1, max_value=6))
def test_any_log_any_partitioning_equals_single_machine(
    client: Any, tmp_path_factory: pytest.TempPathFactory, rows: int, seed: int,
    partitions: int
) -> None:
    root = tmp_path_factory.mktemp("prop")
    log, customers = generate(rows, seed=seed)
    log.write_parquet(root / "log.parquet")
    customers.write_parquet(root / "customers.parquet")
    ruleset = baseline()
    single = evaluate(str(root / "log.parquet"), ruleset, customers=str(root / "customers.parquet"))
    part = evaluate_distributed(root / "log.parquet", ruleset, root / "customers.parquet",
                                scheduler=client, partitions=partitions, out_dir=root / "out")
    assert_same(part, single)


class KillWorker(distributed.WorkerPlugin):
    """Kill the worker process (no cleanup, like SIGKILL) the first time a task of partition
    ``k`` of a stage starts (``when="start"``) or has written its files but not yet reported
    back (``when="end"``). A marker file makes it happen once, across worker restarts."""

    def __init__(self, stage: str, k: int, when: str, marker: str) -> None:
        self.prefix, self.when, self.marker = f"cx-{stage}-{k}-", when, marker

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        hit = (finish == "executing") if self.when == "start" else (
            start == "executing" and finish == "memory")
        if isinstance(key, str) and key.startswith(self.prefix) and hit:
            try:
                os.close(os.open(self.marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                return
            os._exit(1)


class CorruptCanonical(distributed.WorkerPlugin):
    """Overwrite partition ``k``'s canonical file with garbage right after it is written."""

    def __init__(self, k: int, out: str) -> None:
        self.k, self.out = k, out

    def transition(self, key: Any, start: str, finish: str, **kwargs: Any) -> None:
        if (isinstance(key, str) and key.startswith(f"cx-normalize-{self.k}-")
                and start == "executing" and finish == "memory"):
            path = Path(self.out) / "_canonical" / f"interactions-{self.k:05d}.parquet"
            path.write_bytes(b"PAR1 this is not a parquet file PAR1")


def test_killed_workers_lose_and_duplicate_nothing(
    client: Any, generated: tuple[list[Path], list[Path]], tmp_path: Path
) -> None:
    """One worker dies as it starts partition 1, another after partition 2 wrote its files but
    before it reported them: both partitions re-run elsewhere and count once."""
    paths, cpaths = generated
    ruleset = baseline()
    single = evaluate([str(p) for p in paths], ruleset, customers=[str(p) for p in cpaths])
    names = [f"kill-{uuid.uuid4().hex}", f"kill-{uuid.uuid4().hex}"]
    client.register_plugin(KillWorker("evaluate", 1, "start", str(tmp_path / "k1")),
                           name=names[0])
    client.register_plugin(KillWorker("evaluate", 2, "end", str(tmp_path / "k2")),
                           name=names[1])
    try:
        part = evaluate_distributed(paths, ruleset, cpaths, scheduler=client, partitions=4,
                                    out_dir=tmp_path / "out")
    finally:
        for name in names:
            client.unregister_worker_plugin(name)
    assert (tmp_path / "k1").exists() and (tmp_path / "k2").exists()  # both workers died
    assert_same(part, single)
    assert not list((tmp_path / "out").rglob("*.tmp"))
    client.wait_for_workers(2, timeout=30)


def test_corrupt_partition_fails_naming_it(client: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    name = f"corrupt-{uuid.uuid4().hex}"
    client.register_plugin(CorruptCanonical(2, str(out)), name=name)
    try:
        with pytest.raises(PartitionError, match=r"evaluate of partition 2 failed") as info:
            evaluate_distributed(str(SAMPLE), baseline(), str(CUSTOMERS), scheduler=client,
                                 partitions=4, out_dir=out)
    finally:
        client.unregister_worker_plugin(name)
    assert "no result was merged" in str(info.value)
    assert "interactions-00002.parquet: cannot read" in str(info.value)
    assert not (out / SUCCESS).exists()
    assert not (out / "scores-case.parquet").exists()


def test_unreadable_input_file_fails_naming_it(client: Any, tmp_path: Path) -> None:
    bad = tmp_path / "broken.parquet"
    pl.DataFrame({"customer_id": ["c1"]}).write_parquet(bad)
    good = tmp_path / "good.csv"
    good.write_bytes(SAMPLE.read_bytes())
    data = bad.read_bytes()
    bad.write_bytes(data[:8] + b"\0" * (len(data) - 16) + data[-8:])  # header, footer kept
    with pytest.raises(CxError, match=r"broken\.parquet"):
        evaluate_distributed([good, bad], baseline(), scheduler=client, partitions=2,
                             out_dir=tmp_path / "out")
    assert not (tmp_path / "out" / SUCCESS).exists()


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CxError, match="cannot connect to the Dask scheduler"):
        evaluate_distributed(str(SAMPLE), baseline(), scheduler="tcp://127.0.0.1:9",
                             out_dir=tmp_path / "out", connect_timeout=1)


def test_cli_lint_engine_dask(client: Any, tmp_path: Path) -> None:
    single = evaluate(str(SAMPLE), baseline(), customers=str(CUSTOMERS))
    address = client.scheduler.address
    result = CliRunner().invoke(cli, [
        "lint", str(SAMPLE), "-c", str(CUSTOMERS), "-r", str(RULESET), "--engine", "dask",
        "--scheduler", address, "--partitions", "3", "--out", str(tmp_path / "out"),
        "--format", "json", "--rejects", str(tmp_path / "rejects.csv")])
    assert result.exit_code == 1, result.output  # warnings or worse: --fail-on warning
    doc = json.loads(result.output)
    assert doc["engine"] == "dask" and doc["partitions"] == 3
    assert doc["summary"]["violations"] == single.summary.violations
    assert doc["summary"]["by_rule"] == single.summary.by_rule
    got = pl.concat([pl.read_parquet(tmp_path / "out" / f) for f in doc["files"]["violations"]])
    assert _ordered(got).equals(_ordered(single.violations))
    assert (tmp_path / "rejects.csv").exists()

    text = CliRunner().invoke(cli, [
        "lint", str(SAMPLE), "-r", str(RULESET), "--engine", "dask", "--scheduler", address,
        "--out", str(tmp_path / "out2"), "--fail-on", "none"])
    assert text.exit_code == 0, text.output
    assert "engine dask" in text.output and "2 worker(s)" in text.output
    assert f"{single.summary.rows_read} = evaluated" in text.output


@pytest.mark.parametrize("args, message", [
    (["--engine", "dask"], "give --out DIR"),
    (["--engine", "dask", "--out", "x", "--format", "sarif"], "--format sarif needs --engine local"),
    (["--engine", "partitioned", "--out", "x", "--scheduler", "tcp://h:1"], "--scheduler needs --engine dask"),
    (["--scheduler", "tcp://h:1"], "need --engine partitioned or dask"),
])
def test_cli_option_mistakes(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["lint", str(SAMPLE), *args])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output
