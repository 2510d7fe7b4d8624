"""Reference for ``phone_queue``: walk each case's queue events and track the open wait."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import RefViolation, Row, by_case
from cx_rules.kinds.phone_queue.messages import ABANDONED, ANSWERED_LATE, STILL_WAITING


@dataclass(frozen=True)
class Wait:
    """A caller's time in a queue: from `queued` to `answered`/`abandoned` (None: waiting)."""

    start: Row
    end: Row | None
    priority: str | None


def waits(params: Any, case_rows: list[Row]) -> list[Wait]:
    """The queue waits of one case (its rows in timestamp, interaction id order)."""
    channels = {c.value for c in params.channels}
    out: list[Wait] = []
    priority: str | None = None
    start: Row | None = None
    start_priority: str | None = None
    for row in case_rows:
        if row.get("priority") is not None:
            priority = row["priority"]
        event = row.get("queue_event")
        if event is None or row["channel"] not in channels:
            continue
        if event == "queued":
            if start is None:  # queued again while waiting: still the same wait
                start, start_priority = row, priority
        elif start is not None:  # answered or abandoned
            out.append(Wait(start, row, start_priority))
            start = None
    if start is not None:
        out.append(Wait(start, None, start_priority))
    return out


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    out: list[RefViolation] = []
    for case_rows in by_case(rows).values():
        for wait in waits(params, case_rows):
            end = wait.end["timestamp"] if wait.end is not None else as_of
            elapsed = to_us(end - wait.start["timestamp"])
            took = format_duration(elapsed)
            event = wait.end["queue_event"] if wait.end is not None else None
            base = {"case_id": wait.start["case_id"], "customer_id": wait.start["customer_id"],
                    "timestamp": end}
            ids = (wait.start["interaction_id"],) + (
                (wait.end["interaction_id"],) if wait.end is not None else ())
            if params.metric == "abandonment":
                if event == "abandoned" and elapsed > params.min_wait_us:
                    out.append({**base, "interaction_ids": ids,
                                "observed": f"abandoned after {took}",
                                "limit": format_duration(params.min_wait),
                                "message": ABANDONED.render(took=took)})
                continue
            if event == "abandoned" or elapsed <= params.limit_us_for(wait.priority):
                continue
            limit = params.limit_text_for(wait.priority)
            if event == "answered":
                out.append({**base, "interaction_ids": ids, "observed": took, "limit": limit,
                            "message": ANSWERED_LATE.render(took=took, limit=limit)})
            else:
                out.append({**base, "interaction_ids": ids,
                            "observed": f"not answered after {took}", "limit": limit,
                            "message": STILL_WAITING.render(took=took, limit=limit)})
    return out
