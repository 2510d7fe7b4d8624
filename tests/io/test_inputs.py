"""Log arguments: files, shell-style globs and folders expand the same for every engine."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from cx_rules.cli import cli
from cx_rules.errors import InputError
from cx_rules.io import load_interactions
from cx_rules.io.inputs import expand_inputs

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"


def split_sample(folder: Path) -> None:
    """The sample cut in three files (one gzip-compressed, one in a sub-folder), plus files a
    folder must not read (a hidden one, a note)."""
    frame = pl.read_csv(SAMPLE, infer_schema=False)
    parts = [frame.slice(0, 100), frame.slice(100, 100), frame.slice(200)]
    (folder / "2026" / "03").mkdir(parents=True)
    parts[0].write_csv(folder / "a.csv")
    (folder / "b.csv.gz").write_bytes(gzip.compress(parts[1].write_csv().encode()))
    parts[2].write_csv(folder / "2026" / "03" / "c.csv")
    (folder / ".hidden.csv").write_text("not,a,log\n", encoding="utf-8")
    (folder / "README.md").write_text("exports\n", encoding="utf-8")


def test_a_folder_reads_every_log_file_below_it_in_order(tmp_path: Path) -> None:
    split_sample(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in expand_inputs(tmp_path)] == [
        "2026/03/c.csv", "a.csv", "b.csv.gz"]
    log = load_interactions(tmp_path)
    whole = load_interactions(SAMPLE)
    assert log.rows_read == whole.rows_read
    assert sorted(log.interactions["interaction_id"]) == sorted(whole.interactions["interaction_id"])


def test_globs_recursive_and_not(tmp_path: Path) -> None:
    split_sample(tmp_path)
    assert [p.name for p in expand_inputs(str(tmp_path / "*.csv"))] == ["a.csv"]
    assert [p.name for p in expand_inputs(str(tmp_path / "**" / "*.csv"))] == ["c.csv", "a.csv"]
    with pytest.raises(InputError, match="no file matches"):
        expand_inputs(str(tmp_path / "*.parquet"))


def test_every_engine_reads_a_folder_alike(tmp_path: Path) -> None:
    split_sample(tmp_path / "exports")
    counts = []
    for extra in ([], ["--engine", "partitioned", "--out", str(tmp_path / "out")]):
        out = CliRunner().invoke(cli, ["lint", str(tmp_path / "exports"), "--format", "json",
                                       "--fail-on", "none", *extra])
        assert out.exit_code == 0, out.output
        summary = json.loads(out.stdout)["summary"]
        counts.append((summary["rows_read"], summary["violations"]))
    plain = CliRunner().invoke(cli, ["lint", str(SAMPLE), "--format", "json", "--fail-on",
                                     "none"])
    expected = json.loads(plain.stdout)["summary"]
    assert counts == [(expected["rows_read"], expected["violations"])] * 2


def test_a_file_named_like_a_glob_is_the_file(tmp_path: Path) -> None:
    odd = tmp_path / "export[1].csv"
    shutil.copy(SAMPLE, odd)
    assert expand_inputs(odd) == [odd]
