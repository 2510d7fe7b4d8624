"""Reference for ``condition``: evaluate the expression row by row in plain Python."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.expr import evaluate_row
from cx_rules.kinds.base import RefViolation, Row, by_case
from cx_rules.kinds.scope import with_profile


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    out: list[RefViolation] = []
    for case_rows in by_case(rows).values():
        first = case_rows[0]["timestamp"]
        previous = None
        for row in case_rows:
            values = with_profile(row, customers)
            values["since_prev"] = row["timestamp"] - previous if previous else None
            values["since_case_start"] = row["timestamp"] - first
            previous = row["timestamp"]
            if evaluate_row(params.expr, values) is True:
                out.append({"case_id": row["case_id"], "customer_id": row["customer_id"],
                            "interaction_ids": (row["interaction_id"],),
                            "timestamp": row["timestamp"], "observed": "condition met",
                            "limit": "condition false", "message": params.sentence})
    return out
