"""Streaming hooks of ``follow_up``: a missing follow-up is found when its window closes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.kinds.base import Row, StreamHooks, by_case, earliest
from cx_rules.models.enums import RESOLVED_STATUSES


def next_change(params: Any, rows: list[Row], calendar: Any, after: datetime
                ) -> datetime | None:
    if not params.require:
        return None
    actors = {a.value for a in params.actors}
    channels = {c.value for c in params.channels} if params.channels is not None else None
    times: list[datetime] = []
    for case_rows in by_case(rows).values():
        if channels is not None and case_rows[0]["channel"] not in channels:
            continue
        res = next((r for r in case_rows if r["status"] in RESOLVED_STATUSES), None)
        if res is None:
            continue
        end = res["timestamp"] + params.within
        followed = any(r["direction"] == "outbound" and r["actor"] in actors
                       and res["timestamp"] < r["timestamp"] <= end for r in case_rows)
        if not followed:  # missing once "now" reaches the end of the window
            times.append(end)
    return earliest(times, after)


STREAM = StreamHooks(scope=lambda p: "case", time_dependent=lambda p: bool(p.require),
                     next_change=next_change)
