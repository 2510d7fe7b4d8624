"""Reference for ``repeat_contact``: compare each case's start with every earlier resolution."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import RefViolation, Row, by_case
from cx_rules.kinds.repeat_contact.messages import (
    BACK_OTHER,
    BACK_OTHER_TOPIC,
    BACK_SAME,
    BACK_SAME_TOPIC,
    SWITCHED,
)
from cx_rules.models.enums import RESOLVED_STATUSES


def _inbound_customer(row: Row) -> bool:
    return bool(row["direction"] == "inbound" and row["actor"] == "customer")


def _after_resolution(params: Any, cases: dict[str, list[Row]],
                      channels: set[str] | None) -> list[RefViolation]:
    topic_of: dict[str, str | None] = {}
    for case_id, case_rows in cases.items():
        topic_of[case_id] = next((r["topic"] for r in case_rows if r["topic"] is not None), None)
    resolutions = [r for case_rows in cases.values() for r in case_rows
                   if r["status"] in RESOLVED_STATUSES]
    window = format_duration(params.window)
    out: list[RefViolation] = []
    for case_id, case_rows in cases.items():
        start = next((r for r in case_rows if _inbound_customer(r)), None)
        if start is None or (channels is not None and start["channel"] not in channels):
            continue
        topic = topic_of[case_id]
        if params.same_topic and topic is None:
            continue
        best: Row | None = None
        for res in resolutions:
            if res["customer_id"] != start["customer_id"]:
                continue
            if params.same_topic and topic_of[res["case_id"]] != topic:
                continue
            if not res["timestamp"] < start["timestamp"]:
                continue
            if start["timestamp"] - res["timestamp"] > params.window:
                continue
            if best is None or ((res["timestamp"], res["interaction_id"])
                                > (best["timestamp"], best["interaction_id"])):
                best = res
        if best is None:
            continue
        gap = format_duration(to_us(start["timestamp"] - best["timestamp"]))
        same = best["case_id"] == case_id
        if params.same_topic:
            template = BACK_SAME_TOPIC if same else BACK_OTHER_TOPIC
        else:
            template = BACK_SAME if same else BACK_OTHER
        message = template.render(gap=gap, window=window, topic=topic, case=best["case_id"])
        out.append({
            "case_id": case_id, "customer_id": start["customer_id"],
            "interaction_ids": (best["interaction_id"], start["interaction_id"]),
            "timestamp": start["timestamp"], "observed": gap, "limit": window,
            "message": message,
        })
    return out


def _channel_switch(cases: dict[str, list[Row]], channels: set[str] | None) -> list[RefViolation]:
    out: list[RefViolation] = []
    for case_id, case_rows in cases.items():
        first: Row | None = None
        for row in case_rows:
            if not _inbound_customer(row):
                continue
            if first is None:
                first = row
                if channels is not None and first["channel"] not in channels:
                    break
                continue
            if row["channel"] != first["channel"]:
                out.append({
                    "case_id": case_id, "customer_id": row["customer_id"],
                    "interaction_ids": (first["interaction_id"], row["interaction_id"]),
                    "timestamp": row["timestamp"],
                    "observed": f"{first['channel']} → {row['channel']}",
                    "limit": "one channel",
                    "message": SWITCHED.render(first=first["channel"], channel=row["channel"],
                                               case=case_id),
                })
                break
    return out


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    channels = {c.value for c in params.channels} if params.channels is not None else None
    cases = by_case(rows)
    if params.mode == "channel_switch":
        return _channel_switch(cases, channels)
    return _after_resolution(params, cases, channels)
