"""SARIF output of `lint` and the ruleset commands is valid against the official schema, and
the other CI formats of the ruleset commands say the same thing.

``tests/data/sarif-2.1.0-rtm.5.json`` is the SARIF 2.1.0 JSON schema as published on
SchemaStore (the file GitHub code scanning checks uploads against); see tests/data/README.md.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
from click.testing import CliRunner

from cx_rules.cli import cli
from tests.cli.test_ruleset_cmd import write

ROOT = Path(__file__).resolve().parents[2]
SCHEMA = Path(__file__).parents[1] / "data" / "sarif-2.1.0-rtm.5.json"


@cache
def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def assert_valid_sarif(text: str) -> dict[str, Any]:
    doc = json.loads(text)
    errors = sorted(validator().iter_errors(doc), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:5])
    return doc


def run(*args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    return result.exit_code, result.stdout  # what a CI step parses (messages go to stderr)


def test_the_schema_rejects_a_broken_log() -> None:
    """The validator is not vacuous: a result without a message fails it."""
    broken = {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}},
                                             "results": [{"ruleId": "r"}]}]}
    assert list(validator().iter_errors(broken))
    assert list(validator().iter_errors({"version": "2.0.0", "runs": []}))


def test_lint_sarif_on_the_sample_is_valid() -> None:
    code, out = run("lint", ROOT / "examples/sample_log.csv", "-c", ROOT / "examples/customers.csv",
                    "--format", "sarif")
    assert code == 1
    doc = assert_valid_sarif(out)
    results = doc["runs"][0]["results"]
    assert len(results) == 20
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
               .endswith("sample_log.csv") for r in results)


def test_validate_sarif_points_at_the_yaml_line(tmp_path: Path) -> None:
    good = write(tmp_path)
    bad = write(tmp_path, "1.0.1", limit="fast")
    code, out = run("ruleset", "validate", good, bad, "--format", "sarif")
    assert code == 2
    [result] = assert_valid_sarif(out)["runs"][0]["results"]
    assert result["level"] == "error" and result["ruleId"] == "schema"
    physical = result["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"]["uri"] == str(bad)
    assert physical["region"]["startLine"] == 9
    assert "'fast' is not a duration" in result["message"]["text"]


def test_ruleset_test_sarif_junit_jsonl_github_agree(tmp_path: Path) -> None:
    passing = write(tmp_path)
    failing = write(tmp_path, "1.0.1", limit="1h")  # the late chat is no longer late
    code, out = run("ruleset", "test", passing, failing, "--format", "sarif")
    assert code == 1
    results = assert_valid_sarif(out)["runs"][0]["results"]
    assert [(r["kind"], r["level"]) for r in results] == [("pass", "none"), ("fail", "error")]
    assert results[1]["locations"][0]["physicalLocation"]["region"]["startLine"] == 11  # "- name: late chat"
    assert "expected a violation of first-reply-chat" in results[1]["message"]["text"]

    code, out = run("ruleset", "test", passing, failing, "--format", "jsonl")
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r["level"] for r in rows] == ["pass", "error"] and code == 1
    assert rows[1]["file"] == str(failing) and rows[1]["line"] == 11

    code, out = run("ruleset", "test", passing, failing, "--format", "github")
    lines = out.splitlines()
    assert lines[0].startswith(f"::error file={str(failing).replace(':', '%3A')},line=11,")
    assert lines[-1] == "1 passed, 1 failed"


def test_validate_junit_and_github(tmp_path: Path) -> None:
    bad = write(tmp_path, "1.0.1", limit="fast")
    code, out = run("ruleset", "validate", bad, "--format", "junit")
    assert code == 2
    root = ET.fromstring(out)
    assert root.get("tests") == "1" and root.get("failures") == "1"
    case = root.find("testsuite/testcase")
    assert case is not None and case.get("line") == "9"
    code, out = run("ruleset", "validate", bad, "--format", "github")
    assert code == 2 and out.startswith("::error file=") and ",line=9,title=schema::" in out
