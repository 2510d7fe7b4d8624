"""Streaming hooks of ``promise_kept``: a promise not kept is broken once its due time passes.

A text promise's due time depends on the customer's time zone, which the hook does not see:
it is computed at every UTC offset a zone can have (quarter hours from -12:00 to +14:00), so
the session wakes at each instant the verdict could change, whatever the zone.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cx_rules.kinds.base import Row, StreamHooks, by_case, earliest
from cx_rules.kinds.promise_kept.reference import promises

_US = timedelta(microseconds=1)
_OFFSETS = tuple(f"{'+' if q >= 0 else '-'}{abs(q) // 4:02d}:{abs(q) % 4 * 15:02d}"
                 for q in range(-48, 57))


def next_change(params: Any, rows: list[Row], calendar: Any, after: datetime
                ) -> datetime | None:
    times: list[datetime] = []
    zones: tuple[str | None, ...] = (None, *_OFFSETS) if params.from_text else (None,)
    for case_rows in by_case(rows).values():
        for zone in zones:
            for (_, due, kind, _), fulfil in promises(params, case_rows, None, calendar, zone):
                if fulfil is None and (zone is None or kind != "any"):
                    times.append(due + params.grace + _US)
    return earliest(times, after)


STREAM = StreamHooks(scope=lambda p: "case", time_dependent=lambda p: True,
                     next_change=next_change)
