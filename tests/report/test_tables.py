"""lint --format csv, gitlab and tap: what each consumer reads is there and right."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from cx_rules.cli import cli
from cx_rules.ruleset.load import load_ruleset

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"


def lint(fmt: str) -> str:
    out = CliRunner().invoke(cli, ["lint", str(SAMPLE), "--format", fmt, "--fail-on", "none"])
    assert out.exit_code == 0, out.output
    return out.output


def violations() -> list[dict[str, object]]:
    return list(json.loads(lint("json"))["violations"])


def test_csv_has_one_row_per_violation_with_its_line() -> None:
    rows = list(csv.DictReader(io.StringIO(lint("csv"))))
    found = violations()
    assert [(r["rule_id"], r["case_id"]) for r in rows] == [
        (v["rule_id"], v["case_id"]) for v in found]
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()
    for r in rows:  # the line holds the violation's first event
        first = r["interaction_ids"].split(";")[0]
        assert lines[int(r["line"]) - 1].startswith(first + ",")


def test_gitlab_code_quality_issues() -> None:
    issues = json.loads(lint("gitlab"))
    assert len(issues) == len(violations())
    assert {i["severity"] for i in issues} <= {"info", "minor", "major", "critical", "blocker"}
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert all(i["location"]["path"].endswith("sample_log.csv")
               and i["location"]["lines"]["begin"] > 1 for i in issues)


def test_tap_has_a_test_point_per_enabled_rule() -> None:
    text = lint("tap")
    lines = text.splitlines()
    rules = load_ruleset("cx-baseline").enabled_rules
    assert lines[:2] == ["TAP version 14", f"1..{len(rules)}"]
    points = [line for line in lines if line.startswith(("ok ", "not ok "))]
    assert len(points) == len(rules)
    failing = {line.split(" - ")[1] for line in points if line.startswith("not ok")}
    assert failing == {str(v["rule_id"]) for v in violations()}
    skipped = [line for line in points if "# SKIP" in line]
    assert skipped and all(line.startswith("ok ") for line in skipped)
