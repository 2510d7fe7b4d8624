"""Reference for ``promise_kept``: for each promise, look for the next message after it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import RefViolation, Row, by_case


def promises(params: Any, case_rows: list[Row]) -> list[tuple[Row, Row | None]]:
    """Each promise the rule watches in one case, with its first fulfilment (or None)."""
    fulfil_by = {a.value for a in params.fulfil_by}
    channels = {c.value for c in params.channels} if params.channels is not None else None
    found: list[tuple[Row, Row | None]] = []
    for promise in case_rows:
        if promise["direction"] != "outbound" or promise["promise_due"] is None:
            continue
        if channels is not None and promise["channel"] not in channels:
            continue
        later = [r for r in case_rows
                 if r["direction"] == "outbound" and r["actor"] in fulfil_by
                 and r["timestamp"] > promise["timestamp"]]
        found.append((promise, min(later, key=lambda r: (r["timestamp"], r["interaction_id"]),
                                   default=None)))
    return found


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    now = as_of.strftime("%Y-%m-%d %H:%M UTC")
    out: list[RefViolation] = []
    for case_rows in by_case(rows).values():
        for promise, fulfil in promises(params, case_rows):
            due = promise["promise_due"] + params.grace
            due_text = due.strftime("%Y-%m-%d %H:%M UTC")
            said = f"Promised by {due_text} on {promise['channel']}"
            base = {"case_id": promise["case_id"], "customer_id": promise["customer_id"],
                    "limit": due_text}
            if fulfil is not None:
                if fulfil["timestamp"] <= due:
                    continue
                late = format_duration(to_us(fulfil["timestamp"] - due))
                out.append({**base,
                            "interaction_ids": (promise["interaction_id"],
                                                fulfil["interaction_id"]),
                            "timestamp": fulfil["timestamp"], "observed": f"kept {late} late",
                            "message": f"{said}; kept {late} late."})
            elif as_of > due:
                out.append({**base, "interaction_ids": (promise["interaction_id"],),
                            "timestamp": due, "observed": f"not kept by {now}",
                            "message": f"{said}; nothing happened by {now}."})
    return out
