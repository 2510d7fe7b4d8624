"""Reference for ``explain_once``: walk each case, remembering what the customer has said."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from typing import Any

from cx_rules.kinds.base import RefViolation, Row, by_case
from cx_rules.kinds.explain_once.messages import ASK_MESSAGE, RESTATE_MESSAGE
from cx_rules.kinds.explain_once.params import (
    ASK_LIMIT,
    ASK_OBSERVED,
    IDENTIFIERS,
    RESTATE_OBSERVED,
    WHAT,
    WORDS,
    ask_patterns,
    identifier_patterns,
    restate_limit,
)
from cx_rules.kinds.phrases import found, normalise


def words(text: str | None) -> set[str]:
    """The distinct lower-cased words of a message (normalised; marks dropped)."""
    if text is None:
        return set()
    lower = "".join(ch for ch in normalise(text).lower() if unicodedata.category(ch) != "Mn")
    return set(re.findall(WORDS, lower))


def _ask_again(params: Any, case_rows: list[Row]) -> list[RefViolation]:
    actors = {a.value for a in params.actors}
    given_by, asks = identifier_patterns(params), ask_patterns(params)
    given: dict[str, Row] = {}
    out: list[RefViolation] = []
    for row in case_rows:
        if row["direction"] == "inbound" and row["actor"] == "customer":
            for what in IDENTIFIERS:
                if found(given_by[what], row["text"]):
                    given[what] = row
            continue
        if row["direction"] != "outbound" or row["actor"] not in actors:
            continue
        for what in IDENTIFIERS:
            if what in given and found(asks[what], row["text"]) \
                    and not found(given_by[what], row["text"]):
                out.append({
                    "case_id": row["case_id"], "customer_id": row["customer_id"],
                    "interaction_ids": (given[what]["interaction_id"], row["interaction_id"]),
                    "timestamp": row["timestamp"],
                    "observed": ASK_OBSERVED.format(what=WHAT[what]), "limit": ASK_LIMIT,
                    "message": ASK_MESSAGE.render(what=WHAT[what]),
                })
                break
    return out


def _restate(params: Any, case_rows: list[Row]) -> list[RefViolation]:
    earlier: list[tuple[Row, set[str]]] = []
    agent: str | None = None
    new_agent: str | None = None
    out: list[RefViolation] = []
    for row in case_rows:
        if row["direction"] == "outbound" and row["actor"] == "agent" \
                and row["agent_id"] is not None:
            if agent is not None and row["agent_id"] != agent:
                new_agent = row["agent_id"]
            agent = row["agent_id"]
            continue
        if row["direction"] != "inbound" or row["actor"] != "customer":
            continue
        mine = words(row["text"])
        if new_agent is not None and len(mine) >= params.min_words:
            best: tuple[int, int, Row] | None = None  # intersection, union, earlier message
            for before, theirs in earlier:
                if len(theirs) < params.min_words:
                    continue
                inter, union = len(mine & theirs), len(mine | theirs)
                if inter / union >= params.min_overlap and \
                        (best is None or inter * best[1] > best[0] * union):
                    best = (inter, union, before)
            if best is not None:
                pct = 100 * best[0] // best[1]
                out.append({
                    "case_id": row["case_id"], "customer_id": row["customer_id"],
                    "interaction_ids": (best[2]["interaction_id"], row["interaction_id"]),
                    "timestamp": row["timestamp"],
                    "observed": RESTATE_OBSERVED.format(pct=pct),
                    "limit": restate_limit(params),
                    "message": RESTATE_MESSAGE.render(agent=new_agent, pct=pct),
                })
        if len(mine) >= params.min_words:
            new_agent = None
        earlier.append((row, mine))
    return out


def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
          as_of: datetime) -> list[RefViolation]:
    out: list[RefViolation] = []
    for case_rows in by_case(rows).values():
        if "ask_again" in params.checks:
            out += _ask_again(params, case_rows)
        if "restate" in params.checks:
            out += _restate(params, case_rows)
    return out
