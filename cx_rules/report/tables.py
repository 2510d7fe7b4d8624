"""Line-oriented CI formats of ``lint``: CSV, GitLab Code Quality and TAP.

* ``csv``: one row per violation with its file, row and line, safe for spreadsheets
  (cells that would start a formula are prefixed with ``'``);
* ``gitlab``: GitLab's Code Quality report (a JSON array of issues with ``check_name``,
  ``fingerprint``, ``severity`` and ``location.path``/``lines.begin``), for merge requests;
* ``tap``: the Test Anything Protocol (version 14), one test point per enabled rule, ``not ok``
  with a YAML block of its violations when it found any, ``# SKIP`` when it is not applicable.
"""

from __future__ import annotations

import json
from typing import Any, TextIO

import polars as pl

from cx_rules.app.result import Result
from cx_rules.report.locations import violation_fingerprint, with_locations
from cx_rules.report.safe import formula_safe, visible

GITLAB_SEVERITY = {"critical": "critical", "error": "major", "warning": "minor", "info": "info"}
CSV_COLUMNS = ("rule_id", "severity", "category", "kind", "case_id", "customer_id", "timestamp",
               "message", "observed", "limit", "interaction_ids", "source", "row", "line")


def write_csv(result: Result, out: TextIO) -> None:
    located = with_locations(result)
    frame = located.select(
        *[c for c in CSV_COLUMNS if c in located.columns and c != "interaction_ids"]
    ).with_columns(located["interaction_ids"].list.join(";").alias("interaction_ids"))
    frame = frame.select([c for c in CSV_COLUMNS if c in frame.columns])
    frame = frame.with_columns(pl.col(pl.Datetime).dt.strftime("%Y-%m-%dT%H:%M:%S%.fZ"))
    out.write(formula_safe(frame).write_csv())


def write_gitlab(result: Result, out: TextIO) -> None:
    issues = []
    for row in with_locations(result).iter_rows(named=True):
        path = row["path"] or str(row["source"] or "<input>")
        issues.append({
            "description": f"{row['rule_id']}: {row['message']} (case {row['case_id']})",
            "check_name": row["rule_id"],
            "fingerprint": violation_fingerprint(row),
            "severity": GITLAB_SEVERITY[row["severity"]],
            "location": {"path": path, "lines": {"begin": int(row["line"] or 1)}},
        })
    json.dump(issues, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _yaml_text(value: object) -> str:
    """A YAML double-quoted scalar (JSON's escaping is valid YAML)."""
    return json.dumps(visible(value), ensure_ascii=False)


def write_tap(result: Result, out: TextIO) -> None:
    located = with_locations(result)
    by_rule: dict[str, list[dict[str, Any]]] = {}
    for row in located.iter_rows(named=True):
        by_rule.setdefault(row["rule_id"], []).append(row)
    rules = result.ruleset.enabled_rules
    skipped = result.summary.not_applicable
    out.write("TAP version 14\n")
    out.write(f"1..{len(rules)}\n")
    for n, rule in enumerate(rules, start=1):
        found = by_rule.get(rule.id, [])
        if rule.id in skipped:
            out.write(f"ok {n} - {rule.id} # SKIP {visible(skipped[rule.id])}\n")
        elif not found:
            out.write(f"ok {n} - {rule.id}\n")
        else:
            out.write(f"not ok {n} - {rule.id}\n  ---\n  message: "
                      f"{_yaml_text(f'{len(found)} violation(s)')}\n"
                      f"  severity: {found[0]['severity']}\n  violations:\n")
            for row in found:
                where = f"{row['source']}:{row['line']}" if row["line"] is not None \
                    else str(row["source"])
                out.write(f"    - case: {_yaml_text(row['case_id'])}\n"
                          f"      at: {_yaml_text(where)}\n"
                          f"      message: {_yaml_text(row['message'])}\n")
            out.write("  ...\n")
