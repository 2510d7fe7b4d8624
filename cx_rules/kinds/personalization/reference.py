"""Reference for ``personalization``: each trigger as a plain loop."""

from __future__ import annotations

import bisect
from datetime import datetime
from typing import Any, Literal

from cx_rules.calendar import business_elapsed_us_reference
from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import RefViolation, Row, by_case
from cx_rules.kinds.personalization.contacts import CALL_CHANNELS, announces_call, is_feed_record
from cx_rules.kinds.personalization.messages import (
    FREQUENT,
    LOW_CSAT,
    LOW_SENTIMENT,
    PREFERRED,
    VIP_WAITED,
    VIP_WAITING,
)
from cx_rules.messages import Text


def _v(row: Row, ids: tuple[str, ...], ts: datetime, observed: str, limit: str,
       message: Text) -> RefViolation:
    return {"case_id": row["case_id"], "customer_id": row["customer_id"], "interaction_ids": ids,
            "timestamp": ts, "observed": observed, "limit": limit, "message": message}


def waits(rows: list[Row], reply_by: set[str]) -> list[tuple[Row, Row | None]]:
    waits: list[tuple[Row, Row | None]] = []
    start: Row | None = None
    elsewhere = False  # a message of the open wait has a reply the export does not hold
    for row in rows:
        inbound = row["direction"] == "inbound" and row["actor"] == "customer"
        if inbound and start is None:
            start, elsewhere = row, False
        if inbound and row.get("reply_not_in_log"):
            elsewhere = True
        if row["direction"] == "outbound" and row["actor"] in reply_by and start is not None:
            waits.append((start, row))
            start = None
    if start is not None and not elsewhere:
        waits.append((start, None))
    return waits


def _vip(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
         as_of: datetime) -> list[RefViolation]:
    out = []
    business = params.hours == "business" and calendar is not None
    largest: Literal["d", "h"] = "h" if business else "d"  # business time: hours
    limit = format_duration(params.limit, largest)
    for case_rows in by_case(rows).values():
        for start, reply in waits(case_rows, {a.value for a in params.reply_by}):
            profile = customers.get(start["customer_id"])
            if profile is None or profile.get("tier") not in params.tiers:
                continue
            end = reply["timestamp"] if reply else as_of
            elapsed = (business_elapsed_us_reference(calendar, start["timestamp"], end)
                       if business else to_us(end - start["timestamp"]))
            if elapsed <= to_us(params.limit):
                continue
            took = format_duration(elapsed, largest)
            if reply:
                out.append(_v(start, (start["interaction_id"], reply["interaction_id"]), end, took,
                              limit, VIP_WAITED.render(took=took, channel=start["channel"],
                                                       limit=limit)))
            else:
                out.append(_v(start, (start["interaction_id"],), end, f"not answered after {took}",
                              limit, VIP_WAITING.render(took=took, channel=start["channel"],
                                                        limit=limit)))
    return out


def _feedback(params: Any, rows: list[Row]) -> list[RefViolation]:
    out = []
    limit = f"csat > {params.csat_at_most:g}, sentiment > {params.sentiment_at_most:g}"
    for row in rows:
        if row["direction"] != "inbound":
            continue
        csat, sentiment = row["csat"], row["sentiment"]
        if csat is not None and csat <= params.csat_at_most:
            observed = f"csat {csat:g}"
            message = LOW_CSAT.render(channel=row["channel"], score=format(csat, "g"))
        elif sentiment is not None and sentiment <= params.sentiment_at_most:
            observed = f"sentiment {sentiment:g}"
            message = LOW_SENTIMENT.render(channel=row["channel"], score=format(sentiment, "g"))
        else:
            continue
        out.append(_v(row, (row["interaction_id"],), row["timestamp"], observed, limit,
                      message))
    return out


def _preferred(params: Any, rows: list[Row], customers: dict[str, Row]) -> list[RefViolation]:
    out = []
    actors = {a.value for a in params.actors}
    for case_rows in by_case(rows).values():
        wrote_on: set[str] = set()
        announced = [r["timestamp"] for r in case_rows
                     if r["direction"] == "outbound" and announces_call(r.get("text"))]
        for row in case_rows:
            replied_here = row["channel"] in wrote_on
            if row["direction"] == "inbound" and row["actor"] == "customer":
                wrote_on.add(row["channel"])
            preferred = (customers.get(row["customer_id"]) or {}).get("preferred_channel")
            promised = row["channel"] in CALL_CHANNELS and any(
                t < row["timestamp"] for t in announced)
            if row["direction"] == "outbound" and row["actor"] in actors and preferred \
                    and preferred != row["channel"] and not replied_here \
                    and not is_feed_record(row.get("event"), row.get("text")) and not promised:
                out.append(_v(row, (row["interaction_id"],), row["timestamp"], row["channel"],
                              preferred, PREFERRED.render(channel=row["channel"],
                                                          preferred=preferred)))
    return out


def _frequent(params: Any, rows: list[Row]) -> list[RefViolation]:
    starts: list[Row] = []
    for case_rows in by_case(rows).values():
        first = next((r for r in case_rows
                      if r["direction"] == "inbound" and r["actor"] == "customer"), None)
        if first is not None:
            starts.append(first)
    window = format_duration(params.window)
    times: dict[str, list[datetime]] = {}
    for s in starts:
        times.setdefault(s["customer_id"], []).append(s["timestamp"])
    for values in times.values():
        values.sort()
    out = []
    for s in starts:
        # the customer's cases opened in (start - window, start]: two binary searches, so a
        # customer with thousands of cases costs n log n, not n squared
        mine, ts = times[s["customer_id"]], s["timestamp"]
        count = bisect.bisect_right(mine, ts) - bisect.bisect_right(mine, ts - params.window)
        if count >= params.min_cases:
            out.append(_v(s, (s["interaction_id"],), s["timestamp"], f"{count} cases in {window}",
                          f"fewer than {params.min_cases} cases in {window}",
                          FREQUENT.render(count=count, window=window)))
    return out


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    if params.trigger == "vip_waiting":
        return _vip(params, rows, customers, calendar, as_of)
    if params.trigger == "negative_feedback":
        return _feedback(params, rows)
    if params.trigger == "preferred_channel_ignored":
        return _preferred(params, rows, customers)
    return _frequent(params, rows)
