"""Reporters by format name. A reporter writes a result to a text stream."""

from __future__ import annotations

from collections.abc import Callable
from typing import TextIO

from cx_rules.report.json_report import write_json, write_jsonl
from cx_rules.report.text import write_text
from cx_rules.result import Result

Reporter = Callable[[Result, TextIO], None]

REPORTERS: dict[str, Reporter] = {
    "text": write_text,
    "json": write_json,
    "jsonl": write_jsonl,
}


def get_reporter(name: str) -> Reporter:
    """The reporter for a format; raises KeyError for an unknown one."""
    return REPORTERS[name]
