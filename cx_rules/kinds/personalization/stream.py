"""Streaming hooks of ``personalization``: scope per trigger, VIP wait timers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.calendar import add_business_time
from cx_rules.durations import to_us
from cx_rules.kinds.base import RefViolation, Row, Scope, StreamHooks, by_case, earliest
from cx_rules.kinds.personalization.reference import waits


def vip_next(params: Any, rows: list[Row], calendar: Any, after: datetime,
             ) -> datetime | None:
    if params.trigger != "vip_waiting":
        return None
    business = params.hours == "business" and calendar is not None
    reply_by = {a.value for a in params.reply_by}
    times: list[datetime] = []
    for case_rows in by_case(rows).values():
        for start, reply in waits(case_rows, reply_by):
            if reply is None:  # the tier is checked by the rule itself; an early look is free
                try:
                    times.append(add_business_time(calendar if business else None,
                                                   start["timestamp"], to_us(params.limit) + 1))
                except ValueError:
                    continue
    return earliest(times, after)


def scope(params: Any) -> Scope:
    if params.trigger == "negative_feedback":
        return "event"
    return "customer" if params.trigger == "frequent_contact" else "case"


def final(params: Any, violation: RefViolation, rows: list[Row], now: datetime) -> bool:
    """``frequent_contact``: a case opened at the very same instant (a later event with an
    equal timestamp) still counts, so the count is final once the stream is past it."""
    if params.trigger != "frequent_contact":
        return True
    return bool(violation["timestamp"] <= now)


STREAM = StreamHooks(scope=scope, time_dependent=lambda p: p.trigger == "vip_waiting",
                     next_change=vip_next, final=final)
