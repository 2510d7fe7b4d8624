"""Reference for ``transparency``: walk each case, holding the open question until a reply."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cx_rules.kinds.base import RefViolation, Row, by_case
from cx_rules.kinds.phrases import HAS_TEXT, first_match, found
from cx_rules.kinds.transparency.messages import UNANSWERED
from cx_rules.kinds.transparency.params import (
    LIMIT,
    OBSERVED,
    holding_pattern,
    plain_pattern,
    question_pattern,
)


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    answer_by = {a.value for a in params.answer_by}
    channels = {c.value for c in params.channels} if params.channels is not None else None
    question, holding, plain = (question_pattern(params), holding_pattern(params),
                                plain_pattern(params))
    out: list[RefViolation] = []
    for case_rows in by_case(rows).values():
        asked: tuple[Row, str] | None = None
        for row in case_rows:
            if row["direction"] == "inbound" and row["actor"] == "customer":
                phrase = first_match(question, row["text"])
                if asked is None and phrase is not None \
                        and (channels is None or row["channel"] in channels):
                    asked = (row, phrase)
                continue
            if row["direction"] != "outbound" or row["actor"] not in answer_by \
                    or not found(HAS_TEXT, row["text"]) or found(holding, row["text"]):
                continue
            if asked is not None and not found(plain, row["text"]):
                q, phrase = asked
                out.append({
                    "case_id": row["case_id"], "customer_id": row["customer_id"],
                    "interaction_ids": (q["interaction_id"], row["interaction_id"]),
                    "timestamp": row["timestamp"],
                    "observed": OBSERVED.format(phrase=phrase), "limit": LIMIT,
                    "message": UNANSWERED.render(phrase=phrase),
                })
            asked = None
    return out
