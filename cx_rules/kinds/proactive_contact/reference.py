"""Reference for ``proactive_contact``: for each problem event, scan the customer's rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import RefViolation, Row
from cx_rules.kinds.phrases import HAS_TEXT, found
from cx_rules.kinds.proactive_contact.messages import ASKED, LATE
from cx_rules.kinds.proactive_contact.params import (
    ASKED_OBSERVED,
    LATE_OBSERVED,
    LIMIT,
    TIME_FORMAT,
)


def _first(rows: list[Row]) -> Row | None:
    return min(rows, key=lambda r: (r["timestamp"], r["interaction_id"]), default=None)


def _same_problem(params: Any, earlier: Row, inc: Row, mine: list[Row]) -> bool:
    """``inc`` repeats the problem of ``earlier`` (an update, a second feed): it comes at most
    ``window`` later, or at the same instant with a greater id, and nothing ended in between."""
    a, b = earlier["timestamp"], inc["timestamp"]
    if a == b:
        return bool(earlier["interaction_id"] < inc["interaction_id"])
    if not a < b <= a + params.window:
        return False
    return not any(r.get("event") in params.resolved_events and a < r["timestamp"] <= b
                   for r in mine)


def incidents(params: Any, rows: list[Row]) -> list[tuple[Row, Row | None, bool, bool]]:
    """Each problem event (not a repeat of an earlier one) with the customer's first message
    within the window (or None),
    whether a notice came by then (or, without a message, by the deadline), and whether the
    problem ended by the deadline before the customer wrote."""
    notify_by = {a.value for a in params.notify_by}
    by_customer: dict[str, list[Row]] = {}
    for row in rows:
        by_customer.setdefault(row["customer_id"], []).append(row)
    out: list[tuple[Row, Row | None, bool, bool]] = []
    for mine in by_customer.values():
        problems = [r for r in mine if r.get("event") in params.events]
        for inc in problems:
            t = inc["timestamp"]
            if any(_same_problem(params, p, inc, mine) for p in problems):
                continue
            deadline = t + params.notify_within
            asked = _first([r for r in mine if r["direction"] == "inbound"
                            and r["actor"] == "customer" and r["timestamp"] > t])
            if asked is not None and asked["timestamp"] - t > params.window:
                asked = None
            notices = [r["timestamp"] for r in mine if r["direction"] == "outbound"
                       and r["actor"] in notify_by and r["timestamp"] >= t
                       and found(HAS_TEXT, r["text"])]
            ends = [r["timestamp"] for r in mine if r.get("event") in params.resolved_events
                    and t < r["timestamp"] <= deadline]
            if asked is not None and asked["timestamp"] <= deadline:
                told = any(n <= asked["timestamp"] for n in notices)
                out.append((inc, asked, told, False))
            else:
                told = any(n <= deadline for n in notices)
                out.append((inc, None, told, bool(ends)))
    return out


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    within = format_duration(params.notify_within)
    limit = LIMIT.format(within=within)
    out: list[RefViolation] = []
    for inc, asked, told, ended in incidents(params, rows):
        if told or ended:
            continue
        base = {"case_id": inc["case_id"], "customer_id": inc["customer_id"], "limit": limit}
        time = inc["timestamp"].strftime(TIME_FORMAT)
        if asked is not None:
            after = format_duration(to_us(asked["timestamp"] - inc["timestamp"]))
            out.append({**base, "interaction_ids": (inc["interaction_id"],
                                                    asked["interaction_id"]),
                        "timestamp": asked["timestamp"],
                        "observed": ASKED_OBSERVED.format(after=after, event=inc["event"]),
                        "message": ASKED.render(after=after, event=inc["event"],
                                                time=time)})
        elif as_of > inc["timestamp"] + params.notify_within:
            out.append({**base, "interaction_ids": (inc["interaction_id"],),
                        "timestamp": inc["timestamp"] + params.notify_within,
                        "observed": LATE_OBSERVED.format(within=within),
                        "message": LATE.render(event=inc["event"], time=time,
                                               within=within)})
    return out
