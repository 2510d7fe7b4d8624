"""Streaming hooks of ``phone_queue``: decided within the case; a caller still waiting can run
past the speed-of-answer limit by time alone."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cx_rules.kinds.base import Row, StreamHooks, by_case, earliest
from cx_rules.kinds.phone_queue.reference import waits


def next_change(params: Any, rows: list[Row], calendar: Any, after: datetime
                ) -> datetime | None:
    """The first instant at which a caller still waiting is past the limit (one microsecond
    after it: a wait of exactly the limit is in time)."""
    if params.metric != "speed_of_answer":
        return None
    times = [wait.start["timestamp"] + timedelta(microseconds=params.limit_us_for(wait.priority)
                                                 + 1)
             for case_rows in by_case(rows).values() for wait in waits(params, case_rows)
             if wait.end is None]
    return earliest(times, after)


def queue_channels(params: Any) -> frozenset[str]:
    """Only queue events on the watched channels count."""
    return frozenset(c.value for c in params.channels)


STREAM = StreamHooks(scope=lambda p: "case",
                     time_dependent=lambda p: p.metric == "speed_of_answer",
                     next_change=next_change, channels=queue_channels)
