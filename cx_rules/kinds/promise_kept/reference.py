"""Reference for ``promise_kept``: for each promise, look for what keeps it after it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import RefViolation, Row, by_case
from cx_rules.kinds.promise_kept.messages import (
    KEPT_LATE,
    KEPT_LATE_QUOTED,
    NOT_KEPT,
    NOT_KEPT_QUOTED,
    WHAT,
)
from cx_rules.kinds.promise_kept.params import (
    CALLBACK_CHANNELS,
    CALLBACK_EVENTS,
    FEED_KINDS,
    REFUND_EVENTS,
    SHIPMENT_EVENTS,
)
from cx_rules.kinds.text_inputs import text_promises, zone_for
from cx_rules.text import is_delay_notice

Promise = tuple[Row, datetime, str, str | None]
"""The promising row, its due time (without grace), its kind (``any`` for a structured
``promise_due``) and the sentence of a text promise."""


def keeps(params: Any, kind: str, row: Row) -> bool:
    """Whether ``row`` (later in the case) keeps a promise of ``kind``."""
    fulfil_by = {a.value for a in params.fulfil_by}
    if kind == "callback":
        return (row.get("event") in CALLBACK_EVENTS
                or (row["direction"] == "outbound" and row["actor"] == "agent"
                    and row["channel"] in CALLBACK_CHANNELS))
    if kind == "shipment":
        return row.get("event") in SHIPMENT_EVENTS
    if kind == "refund":
        return row.get("event") in REFUND_EVENTS
    outbound = row["direction"] == "outbound" and row["actor"] in fulfil_by
    if kind == "reply":
        return outbound and not is_delay_notice(row.get("text"))
    return outbound


def made(params: Any, case_rows: list[Row], customers: dict[str, Row] | None = None,
         calendar: Any = None, zone: str | None = None) -> list[Promise]:
    """Every promise the rule watches in one case. ``zone`` forces the time zone texts are
    read in (the streaming hook tries every offset); otherwise the customer's."""
    channels = {c.value for c in params.channels} if params.channels is not None else None
    found: list[Promise] = []
    for row in case_rows:
        if row["direction"] != "outbound":
            continue
        if channels is not None and row["channel"] not in channels:
            continue
        if row["promise_due"] is not None:
            if params.structured or not params.from_text:
                found.append((row, row["promise_due"], "any", None))
        elif params.from_text and row.get("text"):
            profile = (customers or {}).get(row["customer_id"]) or {}
            where = zone or zone_for(profile.get("timezone"), calendar)
            found += [(row, p["due"], p["kind"], p["quote"])
                      for p in text_promises(row["text"], row["timestamp"], where, calendar)
                      if p["kind"] in params.text_kinds]
    return found


def promises(params: Any, case_rows: list[Row], customers: dict[str, Row] | None = None,
             calendar: Any = None, zone: str | None = None
             ) -> list[tuple[Promise, Row | None]]:
    """Each promise the rule watches in one case, with its first fulfilment (or None)."""
    out: list[tuple[Promise, Row | None]] = []
    fed = any(r.get("event") is not None for r in case_rows)
    for promise in made(params, case_rows, customers, calendar, zone):
        row, _, kind, _ = promise
        if kind in FEED_KINDS and not fed:  # the feed says nothing about this case
            continue
        later = [r for r in case_rows
                 if r["timestamp"] > row["timestamp"] and keeps(params, kind, r)]
        out.append((promise, min(later, key=lambda r: (r["timestamp"], r["interaction_id"]),
                                 default=None)))
    return out


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    now = as_of.strftime("%Y-%m-%d %H:%M UTC")
    out: list[RefViolation] = []
    for case_rows in by_case(rows).values():
        for (promise, promised_due, kind, quote), fulfil in promises(
                params, case_rows, customers, calendar):
            due = promised_due + params.grace
            due_text = due.strftime("%Y-%m-%d %H:%M UTC")
            said = {"what": WHAT[kind], "due": due_text, "channel": promise["channel"]}
            if quote:
                said["quote"] = quote
            base = {"case_id": promise["case_id"], "customer_id": promise["customer_id"],
                    "limit": due_text}
            if fulfil is not None:
                if fulfil["timestamp"] <= due:
                    continue
                late = format_duration(to_us(fulfil["timestamp"] - due))
                out.append({**base,
                            "interaction_ids": (promise["interaction_id"],
                                                fulfil["interaction_id"]),
                            "timestamp": fulfil["timestamp"], "observed": f"kept {late} late",
                            "message": (KEPT_LATE_QUOTED if quote else KEPT_LATE).render(
                                **said, late=late)})
            elif as_of > due:
                out.append({**base, "interaction_ids": (promise["interaction_id"],),
                            "timestamp": due, "observed": f"not kept by {now}",
                            "message": (NOT_KEPT_QUOTED if quote else NOT_KEPT).render(
                                **said, now=now)})
    return out
