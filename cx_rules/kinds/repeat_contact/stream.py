"""Streaming hooks of ``repeat_contact``: customer scope, and when a match is final."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.kinds.base import RefViolation, Row, StreamHooks
from cx_rules.models.enums import RESOLVED_STATUSES


def final(params: Any, violation: RefViolation, rows: list[Row], now: datetime) -> bool:
    """With ``same_topic`` a case's topic is its first non-null topic: a resolution in a case
    whose topic is still unknown can later become the better match and replace this one."""
    if params.mode != "after_resolution" or not params.same_topic:
        return True
    best_id, start_id = violation["interaction_ids"]
    by_id = {r["interaction_id"]: r for r in rows}
    best, start = by_id.get(best_id), by_id.get(start_id)
    if best is None or start is None:
        return False
    topic_known = {r["case_id"] for r in rows if r["topic"] is not None}
    for res in rows:
        if res["status"] not in RESOLVED_STATUSES or res["case_id"] in topic_known:
            continue
        if res["customer_id"] != start["customer_id"]:
            continue
        if not res["timestamp"] < start["timestamp"]:
            continue
        if start["timestamp"] - res["timestamp"] > params.window:
            continue
        if (res["timestamp"], res["interaction_id"]) > (best["timestamp"],
                                                        best["interaction_id"]):
            return False  # this resolution wins if its case later gets the same topic
    return True


STREAM = StreamHooks(scope=lambda p: "case" if p.mode == "channel_switch" else "customer",
                     time_dependent=lambda p: False, final=final)
