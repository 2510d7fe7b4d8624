"""Reference for ``pii_exposure``: scan each message with the plain-Python detector."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.kinds.base import RefViolation, Row
from cx_rules.kinds.pii_exposure.messages import EXPOSES, POSTED
from cx_rules.pii import find_pii, mask, phone_key


def shared_numbers(params: Any, rows: list[Row]) -> set[str]:
    """E.164 numbers posted outbound to ``shared_number_customers`` customers or more."""
    customers: dict[str, set[str]] = {}
    for row in rows:
        if row["direction"] != "outbound" or not row["text"]:
            continue
        for _, value in find_pii(row["text"], ["phone"], (), params.shared_options):
            key = phone_key(value, params.regions)
            if key is not None:
                customers.setdefault(key, set()).add(row["customer_id"])
    return {key for key, seen in customers.items() if len(seen) >= params.shared_number_customers}


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    channels = {c.value for c in params.channels}
    actors = {a.value for a in params.actors} if params.actors is not None else None
    shared = shared_numbers(params, rows) if params.counts_shared_numbers else set()
    out: list[RefViolation] = []
    for row in rows:
        if row["channel"] not in channels or row["text"] is None:
            continue
        if params.direction != "any" and row["direction"] != params.direction:
            continue
        if actors is not None and row["actor"] not in actors:
            continue
        entities = params.entities_for(row["direction"])
        found = [(e, v) for e, v in find_pii(row["text"], entities, params.allow, params.detector)
                 if e != "phone" or phone_key(v, params.regions) not in shared]
        if not found:
            continue
        masked = ", ".join(mask(e, v) for e, v in found)
        if row["direction"] == "inbound":
            message = POSTED.render(found=masked, channel=row["channel"])
        else:
            message = EXPOSES.render(found=masked, channel=row["channel"])
        out.append({"case_id": row["case_id"], "customer_id": row["customer_id"],
                    "interaction_ids": (row["interaction_id"],), "timestamp": row["timestamp"],
                    "observed": masked, "limit": params.limit_text, "message": message})
    return out
