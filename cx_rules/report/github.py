"""GitHub Actions workflow annotations: ``::error file=…,line=…,title=…::message``."""

from __future__ import annotations

from typing import TextIO

from cx_rules.app.result import Result
from cx_rules.report.locations import with_locations
from cx_rules.report.safe import visible

LEVEL = {"critical": "error", "error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A workflow command's message: GitHub's own encoding of ``%`` and line breaks, and
    every other control character made visible (one log line, no terminal escapes)."""
    return visible(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def write_github(result: Result, out: TextIO) -> None:
    for row in with_locations(result).iter_rows(named=True):
        props = []
        if row["path"] is not None:
            props.append(f"file={escape_property(row['path'])}")
            if row["line"] is not None:  # the physical line; none for Parquet or JSON
                props.append(f"line={row['line']}")
        props.append(f"title={escape_property(row['rule_id'] + ' (case ' + row['case_id'] + ')')}")
        out.write(f"::{LEVEL[row['severity']]} {','.join(props)}::"
                  f"{escape_data(row['message'])}\n")
    s = result.summary
    for rule_id, reason in s.not_applicable.items():
        out.write(f"::notice title={escape_property(rule_id + ' not applicable')}::"
                  f"{escape_data(rule_id + ': ' + reason)}\n")
    out.write(f"::notice title=end of log::{escape_data(s.end_of_log())}\n")
    if s.waived:
        out.write(f"::notice title=waived::{s.waived} finding(s) waived by the ruleset's "
                  "exceptions (listed in the text and JSON reports)\n")
    if s.sla_comparison_text():
        out.write(f"::notice title=export SLA verdicts::"
                  f"{escape_data(s.sla_comparison_text() or '')}\n")
    out.write(f"{s.violations} violation(s); {s.rows_sentence()}\n")
