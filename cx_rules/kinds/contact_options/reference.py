"""Reference for ``contact_options``: walk each case, remembering whether an option was given."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.kinds.base import RefViolation, Row, by_case
from cx_rules.kinds.contact_options.messages import MESSAGE
from cx_rules.kinds.contact_options.params import (
    LIMIT,
    OBSERVED,
    offer_pattern,
    redirect_pattern,
)
from cx_rules.kinds.phrases import first_match, found


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    actors = {a.value for a in params.actors}
    channels = {c.value for c in params.channels} if params.channels is not None else None
    redirect, offer = redirect_pattern(params), offer_pattern(params)
    out: list[RefViolation] = []
    for case_rows in by_case(rows).values():
        offered = False
        for row in case_rows:
            if row["direction"] != "outbound":
                continue
            offers = found(offer, row["text"])
            phrase = first_match(redirect, row["text"])
            judged = (row["actor"] in actors and phrase is not None and not offers
                      and not (params.earlier_in_case and offered)
                      and (channels is None or row["channel"] in channels))
            offered = offered or offers
            if not judged or phrase is None:
                continue
            out.append({
                "case_id": row["case_id"], "customer_id": row["customer_id"],
                "interaction_ids": (row["interaction_id"],), "timestamp": row["timestamp"],
                "observed": OBSERVED.format(phrase=phrase), "limit": LIMIT,
                "message": MESSAGE.render(phrase=phrase),
            })
    return out
