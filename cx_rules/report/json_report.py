"""Machine-readable reports: one JSON document, or one JSON object per line."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any, TextIO

from cx_rules.app.result import Result


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def violation_dicts(result: Result) -> list[dict[str, Any]]:
    """The violations as JSON-ready dicts."""
    return [
        {k: _plain(v) for k, v in row.items()}
        for row in result.violations.iter_rows(named=True)
    ]


def waived_dicts(result: Result) -> list[dict[str, Any]]:
    """The waived findings (with their waiver) as JSON-ready dicts."""
    waived = result.waived
    return [] if waived is None else [{k: _plain(v) for k, v in row.items()}
                                      for row in waived.iter_rows(named=True)]


def write_json(result: Result, out: TextIO) -> None:
    """``{"summary": ..., "violations": [...], "rejects": [...]}``, plus ``"at_risk": [...]``
    when it was asked for (``--at-risk``)."""
    doc: dict[str, Any] = {
        "summary": result.summary.to_dict(),
        "violations": violation_dicts(result),
        "rejects": result.rejects.to_dicts(),
    }
    if result.at_risk is not None:
        doc["at_risk"] = [{k: _plain(v) for k, v in row.items()}
                          for row in result.at_risk.iter_rows(named=True)]
    if result.waived is not None and result.waived.height:
        doc["waived"] = waived_dicts(result)
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")


_LINE_BREAKS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}
"""Characters a line-oriented reader (Python's ``splitlines``, many editors) breaks a line
at; JSON lets them stand raw in a string, so JSON lines escapes them."""


def _line(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False).translate(_LINE_BREAKS) + "\n"


def write_jsonl(result: Result, out: TextIO) -> None:
    """One ``{"type": "violation", ...}`` line per violation, then rejects, then the summary."""
    for row in violation_dicts(result):
        out.write(_line({"type": "violation", **row}))
    for row in waived_dicts(result):
        out.write(_line({"type": "waived", **row}))
    for row in result.rejects.iter_rows(named=True):
        out.write(_line({"type": "reject", **row}))
    for row in (result.at_risk.iter_rows(named=True) if result.at_risk is not None else ()):
        out.write(_line({"type": "at_risk", **{k: _plain(v) for k, v in row.items()}}))
    out.write(_line({"type": "summary", **result.summary.to_dict()}))
