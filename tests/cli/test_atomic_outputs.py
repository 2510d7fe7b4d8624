"""Output files are all or nothing: a failed write leaves the previous file and no debris."""

from __future__ import annotations

import errno
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cx_rules.cli import cli
from cx_rules.report import REPORTERS

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"


def lint(*args: str) -> Any:
    return CliRunner().invoke(cli, ["lint", str(SAMPLE), "--fail-on", "none", *args])


def test_a_missing_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    out = lint("-o", str(tmp_path / "no" / "such" / "report.txt"))
    assert out.exit_code == 2
    assert out.output.strip().splitlines() == [
        f"error: cannot write {tmp_path / 'no' / 'such' / 'report.txt'}: No such file or "
        "directory"]


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_disk_full_midway_keeps_the_previous_report(tmp_path: Path, fmt: str,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "report.out"
    target.write_text("the previous good report\n", encoding="utf-8")
    real = REPORTERS[fmt]

    def full(result: Any, handle: Any) -> None:
        real(result, handle)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setitem(REPORTERS, fmt, full)
    out = lint("--format", fmt, "-o", str(target))
    assert out.exit_code == 2, out.output
    assert "No space left on device" in out.output and "Traceback" not in out.output
    assert target.read_text(encoding="utf-8") == "the previous good report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.out"]


def test_a_complete_run_replaces_the_file(tmp_path: Path) -> None:
    target, rejects = tmp_path / "report.json", tmp_path / "rejects.csv"
    target.write_text("old", encoding="utf-8")
    out = lint("--format", "json", "-o", str(target), "--rejects", str(rejects))
    assert out.exit_code == 0, out.output
    assert target.read_text(encoding="utf-8").startswith("{")
    assert rejects.read_text(encoding="utf-8").startswith("source,row")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rejects.csv", "report.json"]


def test_score_and_report_write_atomically_too(tmp_path: Path) -> None:
    scores = tmp_path / "s.csv"
    out = CliRunner().invoke(cli, ["score", str(SAMPLE), "--by", "agent", "--format", "csv",
                                   "-o", str(scores)])
    assert out.exit_code == 0, out.output
    page = tmp_path / "r.html"
    out = CliRunner().invoke(cli, ["report", str(SAMPLE), "-o", str(page)])
    assert out.exit_code == 0, out.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "s.csv"]
    bad = CliRunner().invoke(cli, ["report", str(SAMPLE), "-o", str(tmp_path / "x" / "r.html")])
    assert bad.exit_code == 2 and "cannot write" in bad.output
