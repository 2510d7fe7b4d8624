"""Streaming hooks of ``response_time``: when an open wait runs out, and which channels."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.calendar import add_business_time
from cx_rules.kinds.base import RefViolation, Row, StreamHooks, by_case, earliest
from cx_rules.kinds.response_time.reference import elapsed_us, stopped_us, waits


def next_change(params: Any, rows: list[Row], calendar: Any, after: datetime
                ) -> datetime | None:
    """The first instant at which an open wait is longer than its limit."""
    return _first_crossing(params, rows, calendar, after, warn=False)


def next_warning(params: Any, rows: list[Row], calendar: Any, after: datetime
                 ) -> datetime | None:
    """The first instant at which an open wait is past its warning point (``warn_at``)."""
    if params.warn_at is None:
        return None
    return _first_crossing(params, rows, calendar, after, warn=True)


def _first_crossing(params: Any, rows: list[Row], calendar: Any, after: datetime, *,
                    warn: bool) -> datetime | None:
    if not params.unanswered:
        return None
    business = params.hours == "business" and calendar is not None
    channels = {c.value for c in params.channels} if params.channels is not None else None
    paused = params.pauses
    times: list[datetime] = []
    for case_rows in by_case(rows).values():
        for start, end, priority in waits(params, case_rows):
            if end is not None or (channels is not None and start["channel"] not in channels):
                continue
            point = params.warn_us_for(priority) if warn else params.limit_us_for(priority)
            clock_from, limit = start["timestamp"], point + 1
            if paused:
                # the clock runs from the last event on, unless that event left it stopped
                status = next((r["status"] for r in reversed(case_rows)
                               if r["status"] is not None), None)
                if status in paused:
                    continue
                clock_from = case_rows[-1]["timestamp"]
                limit -= elapsed_us(calendar, business, start["timestamp"], clock_from) \
                    - stopped_us(params, case_rows, clock_from, calendar, business)
                if limit <= 0:
                    continue  # already past the limit when the last event came
            try:
                times.append(add_business_time(calendar if business else None,
                                               clock_from, limit))
            except ValueError:  # a calendar without business hours for 50 years
                continue
    return earliest(times, after)


def final(params: Any, violation: RefViolation, rows: list[Row], now: datetime) -> bool:
    """With ``metric: resolution`` the limit comes from the first priority set anywhere in the
    case, so a later event that sets one can change a violation that was already complete."""
    if not params.case_clock or not params.by_priority:
        return True
    case = violation["case_id"]
    return any(r["priority"] is not None for r in rows if r["case_id"] == case)


def wait_channels(params: Any) -> frozenset[str] | None:
    """A wait is on the channel of the message that starts it."""
    return None if params.channels is None else frozenset(c.value for c in params.channels)


STREAM = StreamHooks(scope=lambda p: "case", time_dependent=lambda p: bool(p.unanswered),
                     channels=wait_channels, next_change=next_change, final=final,
                     next_warning=next_warning)
