"""Streaming hooks of ``promise_kept``: a promise not kept is broken once its due time passes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cx_rules.kinds.base import Row, StreamHooks, by_case, earliest
from cx_rules.kinds.promise_kept.reference import promises

_US = timedelta(microseconds=1)


def next_change(params: Any, rows: list[Row], calendar: Any, after: datetime
                ) -> datetime | None:
    times: list[datetime] = []
    for case_rows in by_case(rows).values():
        for promise, fulfil in promises(params, case_rows):
            if fulfil is None:  # broken once "now" is later than the due time
                times.append(promise["promise_due"] + params.grace + _US)
    return earliest(times, after)


STREAM = StreamHooks(scope=lambda p: "case", time_dependent=lambda p: True,
                     next_change=next_change)
