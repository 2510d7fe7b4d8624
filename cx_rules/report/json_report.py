"""Machine-readable reports: one JSON document, or one JSON object per line."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, TextIO

from cx_rules.app.result import Result


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
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
    json.dump(doc, out, indent=2, ensure_ascii=False)
    out.write("\n")


def write_jsonl(result: Result, out: TextIO) -> None:
    """One ``{"type": "violation", ...}`` line per violation, then rejects, then the summary."""
    for row in violation_dicts(result):
        out.write(json.dumps({"type": "violation", **row}, ensure_ascii=False) + "\n")
    for row in result.rejects.iter_rows(named=True):
        out.write(json.dumps({"type": "reject", **row}, ensure_ascii=False) + "\n")
    for row in (result.at_risk.iter_rows(named=True) if result.at_risk is not None else ()):
        out.write(json.dumps({"type": "at_risk", **{k: _plain(v) for k, v in row.items()}},
                             ensure_ascii=False) + "\n")
    out.write(json.dumps({"type": "summary", **result.summary.to_dict()}) + "\n")
