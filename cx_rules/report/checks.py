"""Reports of the ruleset checks (``ruleset validate`` and ``ruleset test``) in CI formats.

Both commands produce a list of :class:`Check` (a validation problem, or one inline test's
outcome) pointing at a ruleset file and YAML line; this module renders that list as JSON Lines,
SARIF 2.1.0, JUnit XML or GitHub workflow annotations.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

from cx_rules.report.github import escape_data, escape_property
from cx_rules.report.sarif import sarif_log

Level = Literal["error", "warning", "note", "pass"]
_LOCATED = re.compile(r"^(?P<file>.*?):(?P<line>\d+): (?P<message>.*)$", re.DOTALL)


@dataclass(frozen=True)
class Check:
    """One outcome of a ruleset check, at a file and (when known) a YAML line."""

    check: str
    """What was checked: ``schema``, ``semantics`` or ``test:<name>``."""
    level: Level
    file: str
    line: int | None
    message: str

    @classmethod
    def from_problem(cls, problem: str, check: str, level: Level, default_file: str) -> Check:
        """A ``file:line: message`` problem string as a Check."""
        match = _LOCATED.match(problem)
        if match is None:
            file, _, message = problem.partition(": ")
            if not message:
                file, message = default_file, problem
            return cls(check, level, file, None, message)
        return cls(check, level, match["file"], int(match["line"]), match["message"])


def checks_jsonl(checks: Sequence[Check]) -> str:
    return "".join(json.dumps(asdict(c), ensure_ascii=False) + "\n" for c in checks)


def checks_github(checks: Sequence[Check]) -> str:
    """``::error file=...,line=...,title=...::message``; passed checks print nothing."""
    lines = []
    for c in checks:
        if c.level == "pass":
            continue
        kind = "notice" if c.level == "note" else c.level
        where = f"file={escape_property(c.file)},line={c.line or 1}"
        lines.append(f"::{kind} {where},title={escape_property(c.check)}::"
                     f"{escape_data(c.message)}")
    return "".join(line + "\n" for line in lines)


def checks_sarif(checks: Sequence[Check], command: str) -> str:
    """One SARIF run for the command; every check is a result (a passed test is kind pass)."""
    names = sorted({c.check for c in checks})
    index = {name: i for i, name in enumerate(names)}
    results: list[dict[str, Any]] = []
    for c in checks:
        region = {"startLine": c.line} if c.line else None
        physical: dict[str, Any] = {"artifactLocation": {"uri": c.file}}
        if region:
            physical["region"] = region
        result: dict[str, Any] = {
            "ruleId": c.check, "ruleIndex": index[c.check],
            "message": {"text": c.message},
            "locations": [{"physicalLocation": physical}],
        }
        if c.level == "pass":
            result.update(kind="pass", level="none")
        else:
            result.update(kind="fail", level=c.level)
        results.append(result)
    rules = [{"id": name, "shortDescription": {"text": f"{command}: {name}"}} for name in names]
    document = sarif_log(rules, results, run={
        "automationDetails": {"id": f"cx-rules/{command.replace(' ', '-')}/"}})
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def checks_junit(checks: Sequence[Check], command: str) -> str:
    """One testsuite per file; every check is a testcase (a problem is a failure)."""
    root = ET.Element("testsuites", name=f"cx-rules {command}")
    suites: dict[str, ET.Element] = {}
    for c in checks:
        suite = suites.get(c.file)
        if suite is None:
            suite = suites[c.file] = ET.SubElement(root, "testsuite", name=c.file)
        where = f"{c.file}:{c.line}" if c.line else c.file
        case = ET.SubElement(suite, "testcase", classname=c.file, name=c.check, file=c.file)
        if c.line:
            case.set("line", str(c.line))
        if c.level in ("error", "warning"):
            failure = ET.SubElement(case, "failure", message=c.message, type=c.level)
            failure.text = f"{where}: {c.message}"
    total = failures = 0
    for suite in suites.values():
        cases = suite.findall("testcase")
        failed = sum(case.find("failure") is not None for case in cases)
        suite.set("tests", str(len(cases)))
        suite.set("failures", str(failed))
        total, failures = total + len(cases), failures + failed
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
