"""Reference for ``response_time``: walk each case's events and track the open wait."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any, Literal

from cx_rules.calendar import business_elapsed_us_reference
from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import RefViolation, Row, by_case
from cx_rules.kinds.response_time.messages import (
    AT_RISK,
    BUSINESS,
    METRIC_TEXT,
    NOT_DONE,
    NOT_DONE_STOPPED,
    TOOK,
    TOOK_STOPPED,
)
from cx_rules.models.enums import RESOLVED_STATUSES


def waits(params: Any, rows: list[Row]) -> list[tuple[Row, Row | None, str | None]]:
    """(start row, end row or None, priority at start) for every wait the metric measures."""
    if params.case_clock:
        start = rows[0]
        end = next((r for r in rows if r["status"] in RESOLVED_STATUSES), None)
        if end is None and all(r["status"] is None for r in rows):
            return []  # no status anywhere in the case: unknown, not "never resolved"
        first = next((r["priority"] for r in rows if r["priority"] is not None), None)
        return [(start, end, first)]
    reply_by = {a.value for a in params.reply_by}
    if params.metric == "periodic_update":
        return _updates(reply_by, rows)
    waits: list[tuple[Row, Row | None, str | None]] = []
    open_start: Row | None = None
    elsewhere = False  # a message of the open wait has a reply the export does not hold
    open_priority: str | None = None
    priority: str | None = None
    company_first = False  # the company wrote before the customer's first message
    for row in rows:
        if row["priority"] is not None:
            priority = row["priority"]
        if row["direction"] == "inbound" and row["actor"] == "customer" and open_start is None:
            open_start, open_priority, elsewhere = row, priority, False
        if row["direction"] == "inbound" and row["actor"] == "customer" \
                and row.get("reply_not_in_log"):
            elsewhere = True
        if row["direction"] == "outbound" and row["actor"] in reply_by and not waits \
                and open_start is None:
            company_first = True
        if row["direction"] == "outbound" and row["actor"] in reply_by and open_start:
            waits.append((open_start, row, open_priority))
            open_start = None
    if open_start is not None and not elsewhere:
        waits.append((open_start, None, open_priority))
    if company_first:  # a case the company opened has no first reply to wait for
        return [] if params.metric == "first_reply" else waits
    if params.metric == "first_reply":
        return waits[:1]
    return waits[1:]


def _updates(reply_by: set[str], rows: list[Row]) -> list[tuple[Row, Row | None, str | None]]:
    """From the case's start and from each company message to the next company message, until
    the first resolution; an unresolved case ends with an open wait."""
    if all(r["status"] is None for r in rows):
        return []  # no status anywhere in the case: unknown, not "never resolved"
    out: list[tuple[Row, Row | None, str | None]] = []
    if rows[0]["status"] in RESOLVED_STATUSES:
        return out
    anchor, priority = rows[0], rows[0]["priority"]
    anchor_priority = priority
    for row in rows[1:]:
        if row["priority"] is not None:
            priority = row["priority"]
        if row["direction"] == "outbound" and row["actor"] in reply_by:
            out.append((anchor, row, anchor_priority))
            anchor, anchor_priority = row, priority
        if row["status"] in RESOLVED_STATUSES:
            return out
    out.append((anchor, None, anchor_priority))
    return out


def elapsed_us(calendar: Any, business: bool, start: datetime, end: datetime) -> int:
    """Microseconds between two instants on the rule's clock (wall clock or business)."""
    if business:
        return business_elapsed_us_reference(calendar, start, end)
    return to_us(end - start)


def stopped_us(params: Any, rows: list[Row], end: datetime, calendar: Any,
               business: bool) -> int:
    """Time on the rule's clock, before ``end``, during which the case's status (as last set
    by an event) was one of ``paused_while``."""
    paused = params.pauses
    if not paused:
        return 0
    total, status = 0, None
    for row, later in zip(rows, [*rows[1:], None], strict=True):
        if row["timestamp"] >= end:
            break
        if row["status"] is not None:
            status = row["status"]
        if status in paused:
            stop = min(later["timestamp"], end) if later is not None else end
            total += elapsed_us(calendar, business, row["timestamp"], stop)
    return total


def measured(params: Any, rows: list[Row], calendar: Any, as_of: datetime
             ) -> Iterator[tuple[Row, Row | None, str | None, datetime, int, int]]:
    """Every wait the rule measures on its channels: (start, end row or None, priority,
    end time, elapsed on the rule's clock net of stopped time, stopped time)."""
    business = params.hours == "business" and calendar is not None
    channels = {c.value for c in params.channels} if params.channels is not None else None
    for case_rows in by_case(rows).values():
        for start, end, priority in waits(params, case_rows):
            if channels is not None and start["channel"] not in channels:
                continue
            end_ts = end["timestamp"] if end is not None else as_of
            stopped = stopped_us(params, case_rows, end_ts, calendar, business)
            elapsed = elapsed_us(calendar, business, start["timestamp"], end_ts) - stopped
            yield start, end, priority, end_ts, elapsed, stopped


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    business = params.hours == "business" and calendar is not None
    what = METRIC_TEXT[params.metric]
    done = params.done
    unit = BUSINESS if business else ""
    largest: Literal["d", "h"] = "h" if business else "d"  # business time: hours
    out: list[RefViolation] = []
    for start, end, priority, end_ts, elapsed, stopped in measured(params, rows, calendar,
                                                                     as_of):
        limit = params.limit_us_for(priority)
        if elapsed <= limit or (end is None and not params.unanswered):
            continue
        took, limit_text = format_duration(elapsed, largest), format_duration(limit, largest)
        values = {"what": what, "channel": start["channel"], "took": took, "unit": unit,
                  "limit": limit_text, "done": done}
        if stopped:
            values["stopped"] = format_duration(stopped, largest)
        ids: tuple[str, ...]
        if end is not None:
            ids = (start["interaction_id"], end["interaction_id"])
            observed = took
            message = (TOOK_STOPPED if stopped else TOOK).render(**values)
        else:
            ids = (start["interaction_id"],)
            observed = f"not {done} after {took}"
            message = (NOT_DONE_STOPPED if stopped else NOT_DONE).render(**values)
        out.append({
            "case_id": start["case_id"], "customer_id": start["customer_id"],
            "interaction_ids": ids, "timestamp": end_ts, "observed": observed,
            "limit": limit_text, "message": message,
        })
    return out


def at_risk(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
            as_of: datetime) -> list[RefViolation]:
    """Waits still open at ``as_of`` past their warning point, not yet past the limit."""
    if params.warn_at is None or not params.unanswered:
        return []
    business = params.hours == "business" and calendar is not None
    largest: Literal["d", "h"] = "h" if business else "d"
    done = params.done
    out: list[RefViolation] = []
    for start, end, priority, _, elapsed, _ in measured(params, rows, calendar, as_of):
        warn, limit = params.warn_us_for(priority), params.limit_us_for(priority)
        if end is not None or not warn < elapsed <= limit:
            continue
        took, warn_text = format_duration(elapsed, largest), format_duration(warn, largest)
        out.append({
            "case_id": start["case_id"], "customer_id": start["customer_id"],
            "interaction_ids": (start["interaction_id"],), "timestamp": as_of,
            "observed": f"not {done} after {took}", "limit": warn_text,
            "message": AT_RISK.render(
                what=METRIC_TEXT[params.metric], channel=start["channel"], done=done, took=took,
                unit=BUSINESS if business else "", warn=warn_text,
                limit=format_duration(limit, largest)),
        })
    return out
