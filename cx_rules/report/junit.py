"""JUnit XML, which CI servers read: one testsuite per rule, one testcase per case."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any, TextIO

from cx_rules.app.result import Result
from cx_rules.report.safe import xml_safe


def _xml(root: ET.Element) -> str:
    """The document, with every text and attribute made XML 1.0-safe (characters XML cannot
    hold, such as most C0 controls, shown as escapes instead of breaking the file)."""
    for element in root.iter():
        element.attrib = {k: xml_safe(v) for k, v in element.attrib.items()}
        if element.text:
            element.text = xml_safe(element.text)
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"


def write_junit(result: Result, out: TextIO) -> None:
    """Every rule is a suite; every case it flagged is a failing testcase (one failure per
    violation), a rule with no violations is a suite with one passing testcase, and a rule
    that could not apply to the log is a suite with one skipped testcase."""
    root = ET.Element("testsuites", name=f"cx-rules {result.ruleset.label}")
    by_rule: dict[str, list[Any]] = {rule.id: [] for rule in result.ruleset.enabled_rules}
    for row in result.violations.iter_rows(named=True):
        by_rule.setdefault(row["rule_id"], []).append(row)
    total_failures = 0
    s = result.summary
    end = ET.Element("testsuite", name="end of log", tests="0", failures="0", errors="0")
    props = ET.SubElement(end, "properties")
    for name, value in (("as_of", s.as_of.isoformat() if s.as_of else ""),
                        ("as_of_source", s.as_of_source), ("open_waits", str(s.open_waits)),
                        ("cut_off_waits", str(s.cut_off_waits))):
        ET.SubElement(props, "property", name=name, value=value)
    ET.SubElement(end, "system-out").text = s.end_of_log()
    skipped = s.not_applicable
    for rule_id, rows in by_rule.items():
        if rule_id in skipped and not rows:
            suite = ET.SubElement(root, "testsuite", name=rule_id, tests="1", failures="0",
                                  errors="0", skipped="1")
            case = ET.SubElement(suite, "testcase", classname=rule_id, name="all cases")
            ET.SubElement(case, "skipped", message=f"not applicable: {skipped[rule_id]}")
            continue
        cases: dict[str, list[Any]] = {}
        for row in rows:
            cases.setdefault(row["case_id"], []).append(row)
        suite = ET.SubElement(root, "testsuite", name=rule_id, tests=str(max(1, len(cases))),
                              failures=str(len(cases)), errors="0")
        if not cases:
            ET.SubElement(suite, "testcase", classname=rule_id, name="all cases")
        for case_id, hits in cases.items():
            case = ET.SubElement(suite, "testcase", classname=rule_id, name=f"case {case_id}")
            for hit in hits:
                failure = ET.SubElement(case, "failure", message=hit["message"],
                                        type=hit["severity"])
                failure.text = (f"{hit['rule_id']} [{hit['severity']}] case {case_id} "
                                f"customer {hit['customer_id']}: observed {hit['observed']}, "
                                f"limit {hit['limit']}; events {', '.join(hit['interaction_ids'])}")
        total_failures += len(cases)
    root.append(end)
    root.set("failures", str(total_failures))
    out.write(_xml(root))


def tests_junit(outcomes: Sequence[Any]) -> str:
    """JUnit XML for ``cx-rules ruleset test``: one testcase per inline test."""
    root = ET.Element("testsuites", name="cx-rules ruleset tests")
    suites: dict[str, ET.Element] = {}
    for outcome in outcomes:
        suite = suites.get(outcome.ruleset)
        if suite is None:
            suite = suites[outcome.ruleset] = ET.SubElement(root, "testsuite",
                                                            name=outcome.ruleset)
        case = ET.SubElement(suite, "testcase", classname=outcome.ruleset, name=outcome.name)
        if not outcome.passed:
            failure = ET.SubElement(case, "failure", message="; ".join(outcome.problems))
            failure.text = "\n".join(outcome.problems)
    for name, suite in suites.items():
        runs = [o for o in outcomes if o.ruleset == name]
        suite.set("tests", str(len(runs)))
        suite.set("failures", str(sum(not o.passed for o in runs)))
    return _xml(root)
