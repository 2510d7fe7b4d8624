"""``--db URL --query SQL``: the CLI reads a database instead of LOGS (DuckDB always,
PostgreSQL when CX_RULES_TEST_PG_URL names a server)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from click.testing import CliRunner

from cx_rules.cli import cli
from cx_rules.io.database import redact
from tests.conftest import ROOT
from tests.databases import Database

SAMPLE = ROOT / "examples" / "sample_log.csv"


def _sample() -> pl.DataFrame:
    return pl.read_csv(SAMPLE, infer_schema=False)


def test_lint_a_query_reports_like_the_file(db: Database, tmp_path: Path) -> None:
    url = db.load({"log": _sample()})
    runner = CliRunner()
    from_db = runner.invoke(cli, ["lint", "--db", url, "--query",
                                  "SELECT * FROM log ORDER BY interaction_id",
                                  "--format", "json", "--fail-on", "none"])
    from_file = runner.invoke(cli, ["lint", str(SAMPLE), "--format", "json",
                                    "--fail-on", "none"])
    assert from_db.exit_code == 0, from_db.output
    a, b = json.loads(from_db.output), json.loads(from_file.output)
    assert a["summary"]["rows_read"] == b["summary"]["rows_read"] == 357
    assert a["summary"]["by_rule"] == b["summary"]["by_rule"]


def test_the_url_may_come_from_the_environment(db: Database) -> None:
    url = db.load({"log": _sample()})
    result = CliRunner().invoke(cli, ["lint", "--query", "SELECT * FROM log", "--format",
                                      "json", "--fail-on", "none"], env={"CX_RULES_DB": url})
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["summary"]["rows_read"] == 357


def test_a_failing_query_exits_2_and_writes_nothing(db: Database, tmp_path: Path) -> None:
    url = db.load({"log": _sample()})
    out, rejects = tmp_path / "report.json", tmp_path / "rejects.csv"
    result = CliRunner().invoke(cli, ["lint", "--db", url, "--query", "SELECT * FROM nope",
                                      "-o", str(out), "--rejects", str(rejects)])
    assert result.exit_code == 2
    assert result.output.startswith(f"error: {redact(url)}: the query failed")
    assert not out.exists() and not rejects.exists()
    assert list(tmp_path.iterdir()) == [p for p in tmp_path.iterdir() if p.suffix == ".duckdb"]


def test_usage_errors() -> None:
    runner = CliRunner()
    neither = runner.invoke(cli, ["lint"])
    assert neither.exit_code == 2 and "give LOGS" in neither.output
    both = runner.invoke(cli, ["lint", str(SAMPLE), "--db", "duckdb:///x.duckdb"])
    assert both.exit_code == 2 and "not both" in both.output
    stray = runner.invoke(cli, ["lint", str(SAMPLE), "--query", "SELECT 1"])
    assert stray.exit_code == 2 and "need --db" in stray.output
    partitioned = runner.invoke(cli, ["lint", "--db", "duckdb:///x.duckdb", "--query", "SELECT 1",
                                      "--engine", "partitioned", "--out", "o"])
    assert partitioned.exit_code == 2 and "--engine local" in partitioned.output


def test_a_password_never_reaches_the_output() -> None:
    result = CliRunner().invoke(cli, ["lint", "--db", "mysql://root:hunter2@db/x",
                                      "--query", "SELECT 1"])
    assert result.exit_code == 2 and "hunter2" not in result.output


README_LINT = (".venv/bin/python examples/make_support_duckdb.py && .venv/bin/cx-rules lint --db "
               "duckdb:///examples/support.duckdb --mapping fivetran-zendesk")


def test_the_readme_commands(tmp_path: Path) -> None:
    """The README's DuckDB commands, run from a copy of examples/ (the build script writes
    next to itself), as a fresh clone would."""
    import shutil
    import subprocess
    import sys

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert README_LINT in readme
    assert "cx-rules ruleset from-zendesk-sla --db duckdb:///examples/support.duckdb" in readme
    shutil.copytree(ROOT / "examples", tmp_path / "examples",
                    ignore=shutil.ignore_patterns("support.duckdb"))
    built = subprocess.run([sys.executable, "examples/make_support_duckdb.py"], cwd=tmp_path,
                           capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    cx = [sys.executable, "-m", "cx_rules"]
    lint = subprocess.run([*cx, "lint", "--db", "duckdb:///examples/support.duckdb",
                           "--mapping", "fivetran-zendesk"], cwd=tmp_path,
                          capture_output=True, text=True, check=False)
    assert lint.returncode == 1, lint.stderr  # the sample has violations on purpose
    # ticket, user, field-history and SLA rows are context, not rejects: 78 = 32 + 44 + 2
    assert "rows read 78 = evaluated 32 + context 44 + rejected 2" in lint.stdout
    assert "44 row(s) read as context, not interactions" in lint.stdout
    assert "2 rejected row(s)" in lint.stdout
    assert "SLA verdicts (sla_met) on 7 case(s)" in lint.stdout
