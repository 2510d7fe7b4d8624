"""Helpers for the help-desk export tests."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner, Result

from cx_rules.cli import cli
from cx_rules.io import NormalizedLog

EXPORTS = Path(__file__).parent.parent / "data" / "exports"


def lint_auto(*args: str) -> Result:
    """``cx-rules lint ... --mapping auto`` with the shipped baseline ruleset, JSON out."""
    return CliRunner().invoke(cli, ["lint", *args, "--mapping", "auto", "--ruleset",
                                    "cx-baseline", "--fail-on", "none", "--format", "json"])


def lint_json(result: Result) -> dict[str, object]:
    assert result.exit_code == 0, result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def csv_rows(path: Path) -> int:
    """Data records of a CSV file (quoted newlines do not count)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def counts_add_up(log: NormalizedLog) -> None:
    assert log.rows_read == log.interactions.height + log.rejects.height
    assert log.rejects["reason"].null_count() == 0


def by_id(log: NormalizedLog, column: str) -> dict[str, object]:
    return dict(zip(log.interactions["interaction_id"], log.interactions[column], strict=True))


def same_log(a: NormalizedLog, b: NormalizedLog) -> None:
    """Two readings of the same records (a JSON document and JSON lines, say) give the same
    canonical rows and rejects; only the file names differ."""
    assert a.interactions.drop("_source").equals(b.interactions.drop("_source"))
    assert a.rejects.drop("source").equals(b.rejects.drop("source"))
