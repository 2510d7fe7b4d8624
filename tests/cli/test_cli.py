"""The lint CLI: exit codes, report formats, clean errors instead of tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from cx_rules.cli import cli

RULESET = """\
ruleset: demo
version: 1.0.0
rules:
  - id: first-reply-chat
    kind: response_time
    category: speed
    severity: error
    params: {metric: first_reply, channels: [chat], limit: 2m}
"""
LOG = """\
interaction_id,case_id,customer_id,timestamp,channel,direction,actor
i1,c1,u1,2026-03-02T10:00:00Z,chat,inbound,customer
i2,c1,u1,2026-03-02T10:09:12Z,chat,outbound,agent
i3,c2,u2,2026-03-02T10:00:00Z,chat,inbound,customer
i4,c2,u2,2026-03-02T10:01:00Z,chat,outbound,agent
i5,c2,u2,not-a-time,chat,outbound,agent
"""


def files(tmp_path: Path) -> tuple[Path, Path]:
    rs, log = tmp_path / "demo.yaml", tmp_path / "log.csv"
    rs.write_text(RULESET)
    log.write_text(LOG)
    return rs, log


def test_lint_text_report_and_exit_code(tmp_path: Path) -> None:
    rs, log = files(tmp_path)
    result = CliRunner().invoke(cli, ["lint", str(log), "--ruleset", str(rs)])
    assert result.exit_code == 1
    assert "case c1" in result.output
    assert "First reply on chat took 9m 12s (limit 2m)." in result.output
    assert "rows read 5 = evaluated 4 + rejected 1" in result.output
    assert "timestamp: cannot parse 'not-a-time'" in result.output


def test_fail_on_threshold(tmp_path: Path) -> None:
    rs, log = files(tmp_path)
    assert CliRunner().invoke(
        cli, ["lint", str(log), "-r", str(rs), "--fail-on", "critical"]).exit_code == 0
    assert CliRunner().invoke(
        cli, ["lint", str(log), "-r", str(rs), "--fail-on", "none"]).exit_code == 0


def test_json_report_and_rejects_file(tmp_path: Path) -> None:
    rs, log = files(tmp_path)
    rejects = tmp_path / "rejects.csv"
    result = CliRunner().invoke(cli, ["lint", str(log), "-r", str(rs), "--format", "json",
                                      "--rejects", str(rejects)])
    doc = json.loads(result.output)
    assert doc["summary"]["rows_read"] == 5
    assert [v["case_id"] for v in doc["violations"]] == ["c1"]
    assert doc["violations"][0]["interaction_ids"] == ["i1", "i2"]
    assert "not-a-time" in rejects.read_text()


def test_user_errors_exit_2_without_traceback(tmp_path: Path) -> None:
    rs, log = files(tmp_path)
    bad = tmp_path / "bad.yaml"
    bad.write_text(RULESET.replace("limit: 2m", "limit: soon"))
    runner = CliRunner()
    for args in (["lint", str(tmp_path / "missing.csv"), "-r", str(rs)],
                 ["lint", str(log), "-r", str(bad)],
                 ["lint", str(log), "-r", "no-such-ruleset"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert "Traceback" not in result.output
        assert result.output.startswith("error: ")
    assert "bad.yaml:8: rules[0].params.limit: 'soon' is not a duration" in runner.invoke(
        cli, ["lint", str(log), "-r", str(bad)]).output


def test_explain_lists_and_documents_kinds() -> None:
    listing = CliRunner().invoke(cli, ["explain"])
    assert "response_time" in listing.output
    doc = CliRunner().invoke(cli, ["explain", "response_time"])
    assert "## What it checks" in doc.output and "## Parameters" in doc.output
    assert CliRunner().invoke(cli, ["explain", "nope"]).exit_code == 2
