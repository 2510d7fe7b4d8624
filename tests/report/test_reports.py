"""SARIF, JUnit and GitHub annotation reports of `lint`."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

from click.testing import CliRunner

from cx_rules.cli import cli
from cx_rules.report.github import escape_property
from tests.cli.test_cli import files


def lint(tmp_path: Path, fmt: str) -> str:
    rs, log = files(tmp_path)
    result = CliRunner().invoke(cli, ["lint", str(log), "-r", str(rs), "--format", fmt])
    assert result.exit_code == 1, result.output
    return result.output


def test_sarif_points_at_file_and_row(tmp_path: Path) -> None:
    doc = json.loads(lint(tmp_path, "sarif"))
    assert doc["version"] == "2.1.0" and doc["$schema"].endswith("sarif-2.1.0.json")
    run = doc["runs"][0]
    assert run["tool"]["driver"]["name"] == "cx-rules"
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == ["first-reply-chat"]
    [result] = run["results"]
    assert result["level"] == "error" and result["ruleIndex"] == 0
    assert result["message"]["text"] == "First reply on chat took 9m 12s (limit 2m)."
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"].endswith("log.csv")
    assert not physical["artifactLocation"]["uri"].startswith("/")
    assert physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert physical["region"]["startLine"] == 2  # i1 is data row 1, below the header
    assert result["locations"][0]["logicalLocations"][0]["name"] == "c1"
    assert len(result["partialFingerprints"]["cxRulesViolation/v1"]) == 64


def test_junit_is_valid_xml(tmp_path: Path) -> None:
    root = ET.fromstring(lint(tmp_path, "junit"))
    assert root.tag == "testsuites" and root.get("failures") == "1"
    suite = root.find("testsuite")
    assert suite is not None and suite.get("name") == "first-reply-chat"
    failure = suite.find("testcase/failure")
    assert failure is not None and failure.get("type") == "error"


def test_github_annotations(tmp_path: Path) -> None:
    lines = lint(tmp_path, "github").splitlines()
    assert lines[0].startswith("::error file=")
    assert ",line=2,title=first-reply-chat (case c1)::First reply on chat took 9m 12s" in lines[0]
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
