"""SARIF 2.1.0: one run, the ruleset's rules as the tool's rules, a result per violation that
points at the log file and row of the violation's first event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import quote

from cx_rules import __version__
from cx_rules.app.result import Result
from cx_rules.kinds.registry import get_kind
from cx_rules.models.ruleset import RuleSpec
from cx_rules.report.locations import violation_fingerprint, with_locations

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
BASE_ID = "%SRCROOT%"
"""Artifact URIs are relative to this base: the working folder of the run."""
DOCS_URI = "https://pypi.org/project/cx-rules/"
"""Where the kinds' documentation is published (``cx-rules explain KIND`` prints the same)."""
LEVEL = {"critical": "error", "error": "error", "warning": "warning", "info": "note"}


def sarif_document(result: Result) -> dict[str, Any]:
    """The SARIF log as a dict."""
    ruleset = result.ruleset
    rules = [rule_descriptor(rule, LEVEL[ruleset.severity_of(rule).value])
             for rule in ruleset.rules]
    index = {rule.id: i for i, rule in enumerate(ruleset.rules)}
    results = [_result(row, index) for row in with_locations(result).iter_rows(named=True)]
    if result.waived is not None and result.waived.height:
        # code scanning shows these as suppressed, with the waiver's reason
        results += [{**_result(row, index), "suppressions": [{
            "kind": "external", "status": "accepted",
            "justification": f"{row['waiver_reason']} (until {row['waiver_until']})"}]}
            for row in with_locations(result, result.waived).iter_rows(named=True)]
    # a rule that could not apply is a notification of the run, not a result
    notes = [{"level": "note", "message": {"text": f"{rule_id}: not applicable, {reason}"},
              "descriptor": {"id": "not-applicable"},
              "associatedRule": {"id": rule_id, "index": index[rule_id]}}
             for rule_id, reason in result.summary.not_applicable.items() if rule_id in index]
    s = result.summary
    notes.append({"level": "note", "message": {"text": s.end_of_log()},
                  "descriptor": {"id": "end-of-log"}})
    run = {"invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notes}],
           "originalUriBaseIds": {BASE_ID: {"uri": Path.cwd().as_uri() + "/"}},
           "properties": {"asOf": s.as_of.isoformat() if s.as_of else None,
                          "asOfSource": s.as_of_source, "openWaits": s.open_waits,
                          "cutOffWaits": s.cut_off_waits}}
    return sarif_log(rules, results, driver={"properties": {"ruleset": ruleset.label}}, run=run)


def _result(row: dict[str, Any], index: dict[str, int]) -> dict[str, Any]:
    """One SARIF result: a violation at its file and line, and its case."""
    location: dict[str, Any] = {
        "logicalLocations": [{"name": row["case_id"], "kind": "case",
                              "fullyQualifiedName": f"customer/{row['customer_id']}/case/"
                                                    f"{row['case_id']}"}],
    }
    if row["path"] is not None:
        physical: dict[str, Any] = {"artifactLocation": {
            "uri": quote(row["path"]), "uriBaseId": BASE_ID}}
        if row["line"] is not None:  # the physical line; none for Parquet or JSON
            physical["region"] = {"startLine": int(row["line"])}
        location["physicalLocation"] = physical
    return {
        "ruleId": row["rule_id"],
        "ruleIndex": index[row["rule_id"]],
        "level": LEVEL[row["severity"]],
        "message": {"text": row["message"]},
        "locations": [location],
        "partialFingerprints": {"cxRulesViolation/v1": violation_fingerprint(row)},
        "properties": {"severity": row["severity"], "category": row["category"],
                       "observed": row["observed"], "limit": row["limit"],
                       "interactionIds": list(row["interaction_ids"])},
    }


def rule_descriptor(rule: RuleSpec, level: str) -> dict[str, Any]:
    """A SARIF ``reportingDescriptor``: what code scanning shows for a rule (its description,
    and its kind's documentation as help)."""
    kind = get_kind(rule.kind)
    summary = kind.summary if kind is not None else f"{rule.kind} rule"
    short = rule.description or summary
    help_md = kind.documentation if kind is not None else summary
    full = f"{short} ({rule.kind}: {summary})" if rule.description else summary
    return {
        "id": rule.id,
        "name": rule.kind,
        "shortDescription": {"text": short.strip().splitlines()[0]},
        "fullDescription": {"text": " ".join(full.split())},
        "help": {"text": " ".join(_plain(help_md).split())[:4000], "markdown": help_md},
        "helpUri": f"{DOCS_URI}#rule-kinds",
        "defaultConfiguration": {"level": level},
        "properties": {"category": rule.category.value, "kind": rule.kind,
                       "tags": sorted({rule.category.value, rule.kind})},
    }


def _plain(markdown: str) -> str:
    return markdown.replace("`", "").replace("#", "")


def sarif_log(rules: list[dict[str, Any]], results: list[dict[str, Any]], *,
              driver: dict[str, Any] | None = None, run: dict[str, Any] | None = None,
              ) -> dict[str, Any]:
    """A SARIF 2.1.0 log of one cx-rules run; ``driver`` and ``run`` add properties."""
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cx-rules", "version": __version__,
                "informationUri": "https://pypi.org/project/cx-rules/",
                "rules": rules,
                **(driver or {}),
            }},
            **(run or {}),
            "results": results,
        }],
    }


def write_sarif(result: Result, out: TextIO) -> None:
    json.dump(sarif_document(result), out, indent=2, ensure_ascii=False)
    out.write("\n")
