"""Reference for ``consistency``: remember the last statement of each key per case/customer."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from cx_rules.kinds.base import RefViolation, Row
from cx_rules.kinds.consistency.messages import OTHER_CASE, SAME_CASE
from cx_rules.kinds.consistency.params import OBSERVED, quoted
from cx_rules.kinds.text_inputs import text_facts, zone_for

_SPACES = re.compile(r"\s+")


def _normalise(value: str) -> str:
    return _SPACES.sub(" ", value.strip()).lower()


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    actors = {a.value for a in params.actors}
    keys = set(params.keys) if params.keys is not None else None
    statements: list[tuple[Row, str, str, str | None]] = []
    for row in rows:
        if row["direction"] != "outbound" or row["actor"] not in actors:
            continue
        stated: list[tuple[str, str, str | None]] = [
            (c["key"], c["value"], None) for c in row["claims"] or []
            if c is not None and c["key"] is not None and c["value"] is not None]
        if params.from_text and row["text"] is not None:
            structured = {k for k, _, _ in stated}
            profile = customers.get(row["customer_id"]) or {}
            zone = zone_for(profile.get("timezone"), calendar)
            stated += [(f["key"], f["value"], f["quote"])
                       for f in text_facts(row["text"], row["timestamp"], zone)
                       if f["key"] not in structured]
        for key, value, quote in stated:
            if keys is not None and key not in keys:
                continue
            statements.append((row, key, value, quote))
    # time order across cases; a stable sort keeps a row's claims in their stated order
    statements.sort(key=lambda s: (s[0]["timestamp"], s[0]["interaction_id"], s[0]["case_id"]))
    scope_field = "case_id" if params.scope == "case" else "customer_id"
    last: dict[tuple[str, str], tuple[Row, str, str | None]] = {}
    out: list[RefViolation] = []
    for row, key, value, quote in statements:
        slot = (row[scope_field], key)
        before = last.get(slot)
        last[slot] = (row, value, quote)
        if before is None:
            continue
        prev, prev_value, prev_quote = before
        if _normalise(prev_value) == _normalise(value):
            continue
        if params.window is not None and row["timestamp"] - prev["timestamp"] > params.window:
            continue
        values = {"key": key, "value": value.strip(), "quote": quoted(quote),
                  "channel": row["channel"], "prev_value": prev_value.strip(),
                  "prev_quote": quoted(prev_quote), "prev_channel": prev["channel"]}
        out.append({
            "case_id": row["case_id"], "customer_id": row["customer_id"],
            "interaction_ids": (prev["interaction_id"], row["interaction_id"]),
            "timestamp": row["timestamp"],
            "observed": OBSERVED.format(**values),
            "limit": "same value",
            "message": (SAME_CASE.render(**values) if prev["case_id"] == row["case_id"]
                        else OTHER_CASE.render(**values, prev_case=prev["case_id"])),
        })
    return out
