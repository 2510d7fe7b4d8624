"""Streaming hooks of ``promise_kept``: a promise not kept is broken once its due time passes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cx_rules.kinds.base import Row, StreamHooks, by_case, earliest

_US = timedelta(microseconds=1)


def next_change(params: Any, rows: list[Row], calendar: Any, after: datetime
                ) -> datetime | None:
    fulfil_by = {a.value for a in params.fulfil_by}
    channels = {c.value for c in params.channels} if params.channels is not None else None
    times: list[datetime] = []
    for case_rows in by_case(rows).values():
        for promise in case_rows:
            if promise["direction"] != "outbound" or promise["promise_due"] is None:
                continue
            if channels is not None and promise["channel"] not in channels:
                continue
            kept = any(r["direction"] == "outbound" and r["actor"] in fulfil_by
                       and r["timestamp"] > promise["timestamp"] for r in case_rows)
            if not kept:  # broken once "now" is later than the due time
                times.append(promise["promise_due"] + params.grace + _US)
    return earliest(times, after)


STREAM = StreamHooks(scope=lambda p: "case", time_dependent=lambda p: True,
                     next_change=next_change)
