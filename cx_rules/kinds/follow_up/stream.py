"""Streaming hooks of ``follow_up``: a missing follow-up is found when its window closes."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.kinds.base import Row, StreamHooks, by_case, earliest
from cx_rules.kinds.follow_up.reference import window


def next_change(params: Any, rows: list[Row], calendar: Any, after: datetime
                ) -> datetime | None:
    if not params.require:
        return None
    times: list[datetime] = []
    for case_rows in by_case(rows).values():
        found = window(params, case_rows)
        if found is not None and found[2] is None:  # missing once "now" reaches the end
            times.append(found[1])
    return earliest(times, after)


STREAM = StreamHooks(scope=lambda p: "case", time_dependent=lambda p: bool(p.require),
                     next_change=next_change)
