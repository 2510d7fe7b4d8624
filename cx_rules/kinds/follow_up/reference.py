"""Reference for ``follow_up``: scan each resolved case for messages in the window after it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.durations import format_duration, to_us
from cx_rules.kinds.base import RefViolation, Row, by_case
from cx_rules.kinds.follow_up.messages import MISSING, UNWANTED
from cx_rules.kinds.follow_up.params import TIME_FORMAT
from cx_rules.models.enums import RESOLVED_STATUSES


def window(params: Any, case_rows: list[Row]) -> tuple[Row, datetime, Row | None] | None:
    """The case's resolution, the end of its follow-up window and the first follow-up in it
    (or None); None for a case the rule does not watch or that is not resolved."""
    channels = {c.value for c in params.channels} if params.channels is not None else None
    if channels is not None and case_rows[0]["channel"] not in channels:
        return None
    res = next((r for r in case_rows if r["status"] in RESOLVED_STATUSES), None)
    if res is None:
        return None
    actors = {a.value for a in params.actors}
    end = res["timestamp"] + params.within
    follow = next((r for r in case_rows
                   if r["direction"] == "outbound" and r["actor"] in actors
                   and res["timestamp"] < r["timestamp"] <= end), None)
    return res, end, follow


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    within = format_duration(params.within)
    out: list[RefViolation] = []
    for case_id, case_rows in by_case(rows).items():
        found = window(params, case_rows)
        if found is None:
            continue
        res, end, follow = found
        if params.require:
            if follow is not None or as_of < end:
                continue
            out.append({
                "case_id": case_id, "customer_id": res["customer_id"],
                "interaction_ids": (res["interaction_id"],), "timestamp": end,
                "observed": f"no follow-up within {within}", "limit": within,
                "message": MISSING.render(resolved=res["timestamp"].strftime(TIME_FORMAT),
                                          within=within),
            })
        elif follow is not None:
            after = format_duration(to_us(follow["timestamp"] - res["timestamp"]))
            out.append({
                "case_id": case_id, "customer_id": res["customer_id"],
                "interaction_ids": (res["interaction_id"], follow["interaction_id"]),
                "timestamp": follow["timestamp"],
                "observed": f"contacted after {after}", "limit": f"no contact within {within}",
                "message": UNWANTED.render(after=after, within=within),
            })
    return out
