"""Reference for ``pii_exposure``: scan each message with the plain-Python detector."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.kinds.base import RefViolation, Row
from cx_rules.pii import find_pii, mask


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    channels = {c.value for c in params.channels}
    actors = {a.value for a in params.actors} if params.actors is not None else None
    out: list[RefViolation] = []
    for row in rows:
        if row["channel"] not in channels or row["text"] is None:
            continue
        if params.direction != "any" and row["direction"] != params.direction:
            continue
        if actors is not None and row["actor"] not in actors:
            continue
        found = find_pii(row["text"], params.entities, params.allow)
        if not found:
            continue
        masked = ", ".join(mask(e, v) for e, v in found)
        if row["direction"] == "inbound":
            message = (f"Customer posted {masked} on {row['channel']}; "
                       "move the conversation to a private channel.")
        else:
            message = f"Outbound message on {row['channel']} exposes {masked}."
        out.append({"case_id": row["case_id"], "customer_id": row["customer_id"],
                    "interaction_ids": (row["interaction_id"],), "timestamp": row["timestamp"],
                    "observed": masked, "limit": params.limit_text, "message": message})
    return out
