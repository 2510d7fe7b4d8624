"""Reporters by format name. A reporter writes a result to a text stream."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from cx_rules.app.result import Result
from cx_rules.report.github import write_github
from cx_rules.report.json_report import write_json, write_jsonl
from cx_rules.report.junit import write_junit
from cx_rules.report.sarif import write_sarif
from cx_rules.report.tables import write_csv, write_gitlab, write_tap
from cx_rules.report.text import write_text

Reporter = Callable[[Result, TextIO], None]

REPORTERS: dict[str, Reporter] = {
    "text": write_text,
    "json": write_json,
    "jsonl": write_jsonl,
    "sarif": write_sarif,
    "junit": write_junit,
    "github": write_github,
    "csv": write_csv,
    "gitlab": write_gitlab,
    "tap": write_tap,
}


def get_reporter(name: str) -> Reporter:
    """The reporter for a format; raises KeyError for an unknown one."""
    return REPORTERS[name]
