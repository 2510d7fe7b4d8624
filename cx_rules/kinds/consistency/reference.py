"""Reference for ``consistency``: remember the last statement of each key per case/customer."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from cx_rules.kinds.base import RefViolation, Row

_SPACES = re.compile(r"\s+")


def _normalise(value: str) -> str:
    return _SPACES.sub(" ", value.strip()).lower()


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    actors = {a.value for a in params.actors}
    keys = set(params.keys) if params.keys is not None else None
    statements: list[tuple[Row, str, str]] = []
    for row in rows:
        if row["direction"] != "outbound" or row["actor"] not in actors or not row["claims"]:
            continue
        for claim in row["claims"]:
            if claim is None or claim["key"] is None or claim["value"] is None:
                continue
            if keys is not None and claim["key"] not in keys:
                continue
            statements.append((row, claim["key"], claim["value"]))
    # time order across cases; a stable sort keeps a row's claims in their stated order
    statements.sort(key=lambda s: (s[0]["timestamp"], s[0]["interaction_id"], s[0]["case_id"]))
    scope_field = "case_id" if params.scope == "case" else "customer_id"
    last: dict[tuple[str, str], tuple[Row, str]] = {}
    out: list[RefViolation] = []
    for row, key, value in statements:
        slot = (row[scope_field], key)
        before = last.get(slot)
        last[slot] = (row, value)
        if before is None:
            continue
        prev, prev_value = before
        if _normalise(prev_value) == _normalise(value):
            continue
        if params.window is not None and row["timestamp"] - prev["timestamp"] > params.window:
            continue
        this_said = f"'{value.strip()}' on {row['channel']}"
        prev_said = f"'{prev_value.strip()}' on {prev['channel']}"
        where = ("earlier in this case." if prev["case_id"] == row["case_id"]
                 else f"earlier (case {prev['case_id']}).")
        out.append({
            "case_id": row["case_id"], "customer_id": row["customer_id"],
            "interaction_ids": (prev["interaction_id"], row["interaction_id"]),
            "timestamp": row["timestamp"],
            "observed": f"{this_said} vs {prev_said}",
            "limit": "same value",
            "message": f"Told the customer {key} {this_said}, but {prev_said} {where}",
        })
    return out
