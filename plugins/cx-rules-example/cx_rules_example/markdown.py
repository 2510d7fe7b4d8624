"""Markdown reporter: a compact summary for pull-request comments."""

from __future__ import annotations

from typing import Any, TextIO

from cx_rules.plugins import ReporterPlugin

MAX_ROWS = 50


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def write(result: Any, out: TextIO) -> None:
    """Summary line, counts by severity, then the first violations as a table."""
    s = result.summary
    out.write(f"### cx-rules: {s.ruleset}@{s.ruleset_version}\n\n")
    out.write(f"{s.violations} violation(s) in {s.cases} case(s); rows read {s.rows_read} = "
              f"evaluated {s.rows_evaluated} + rejected {s.rows_rejected}.\n\n")
    if s.by_severity:
        out.write("| severity | count |\n|---|---:|\n")
        for severity, count in s.by_severity.items():
            out.write(f"| {severity} | {count} |\n")
        out.write("\n")
    if result.violations.height:
        out.write("| severity | rule | case | message |\n|---|---|---|---|\n")
        for row in result.violations.head(MAX_ROWS).iter_rows(named=True):
            out.write(f"| {row['severity']} | `{row['rule_id']}` | {_cell(row['case_id'])} | "
                      f"{_cell(row['message'])} |\n")
        if result.violations.height > MAX_ROWS:
            out.write(f"\n…and {result.violations.height - MAX_ROWS} more.\n")


REPORTER = ReporterPlugin(name="markdown", write=write,
                          description="Markdown summary for pull-request comments")
