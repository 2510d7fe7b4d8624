"""Reference for ``handoffs``: walk each case and count the agents as they appear."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.kinds.base import RefViolation, Row, by_case
from cx_rules.kinds.handoffs.messages import passed
from cx_rules.kinds.handoffs.params import limit_text


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    actors = {a.value for a in params.actors}
    channels = {c.value for c in params.channels} if params.channels is not None else None
    limit = params.max_agents
    out: list[RefViolation] = []
    for case_rows in by_case(rows).values():
        seen: list[str] = []
        for row in case_rows:
            if row["direction"] != "outbound" or row["actor"] not in actors \
                    or row["agent_id"] is None:
                continue
            if channels is not None and row["channel"] not in channels:
                continue
            if row["agent_id"] in seen:
                continue
            seen.append(row["agent_id"])
            if len(seen) == limit + 1:
                out.append({
                    "case_id": row["case_id"], "customer_id": row["customer_id"],
                    "interaction_ids": (row["interaction_id"],), "timestamp": row["timestamp"],
                    "observed": f"{len(seen)} agents",
                    "limit": limit_text(limit),
                    "message": passed(limit).render(n=len(seen), agent=row["agent_id"],
                                                    limit=limit),
                })
                break
    return out
