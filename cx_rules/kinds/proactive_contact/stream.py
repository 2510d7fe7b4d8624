"""Streaming hooks of ``proactive_contact``: a problem nobody was told of is found when its
notice deadline passes."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from cx_rules.kinds.base import Row, StreamHooks, earliest
from cx_rules.kinds.proactive_contact.reference import incidents

_US = timedelta(microseconds=1)


def next_change(params: Any, rows: list[Row], calendar: Any, after: datetime
                ) -> datetime | None:
    times = [inc["timestamp"] + params.notify_within + _US
             for inc, asked, told, ended in incidents(params, rows)
             if asked is None and not told and not ended]
    return earliest(times, after)


STREAM = StreamHooks(scope=lambda p: "customer", time_dependent=lambda p: True,
                     next_change=next_change)
