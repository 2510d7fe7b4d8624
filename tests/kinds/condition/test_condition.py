"""condition: the declarative kind compiled to polars, and its row-by-row reference."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.engine.run import run_rules
from cx_rules.errors import RulesetError
from tests.strategies import (
    BASE,
    assert_engines_agree,
    customer_frame,
    customers,
    frame,
    interactions,
    ruleset_with,
)

WHEN = ('direction == "outbound" and identity_verified == false '
        'and text matches "(?i)your card"')


def test_matching_rows_become_violations_with_the_message() -> None:
    rows = [
        {"interaction_id": "a", "case_id": "c1", "customer_id": "u1", "direction": "outbound",
         "identity_verified": False, "text": "Your card 4111 1111 1111 1111 is on file"},
        {"interaction_id": "b", "case_id": "c1", "customer_id": "u1", "direction": "outbound",
         "identity_verified": True, "text": "Your card is fine"},
    ]
    full = [{**dict.fromkeys(("agent_id", "topic", "priority", "status", "purpose", "claims",
                              "promise_due", "csat", "sentiment")),
             "timestamp": BASE, "channel": "chat", "actor": "agent", **r} for r in rows]
    rs = ruleset_with("condition", {"when": WHEN, "message": "Card details before verification."},
                      category="privacy")
    found, _ = run_rules(rs, frame(full), None, BASE)
    assert found["interaction_ids"].to_list() == [["a"]]
    assert found["message"].to_list() == ["Card details before verification."]


def test_bad_expression_is_a_ruleset_error_with_line() -> None:
    with pytest.raises(RulesetError) as info:
        ruleset_with("condition", {"when": "txet == 'x'"})
    assert "rules[0].params.when: col 1: unknown field 'txet' (did you mean 'text'?)" in str(
        info.value)


CONDITIONS = st.sampled_from([
    WHEN,
    'channel == "social" and direction == "outbound"',
    "csat <= 2 or sentiment < 0",
    'since_prev > 1h and direction == "outbound"',
    'since_case_start >= 1d or status in ["resolved", "closed"]',
    'customer.tier == "vip" and actor == "bot"',
    'channel in customer.opted_out_channels and direction == "outbound"',
    'purpose == "marketing" and customer.marketing_consent != true',
    "hour(timestamp) >= 20 or weekday(timestamp) >= 6",
    'not (text is null) and len(text) > 20 and lower(text) contains "refund"',
])


@given(when=CONDITIONS, rows=interactions(), profiles=customers())
def test_vectorized_equals_reference(when: str, rows: list[dict[str, Any]],
                                     profiles: list[dict[str, Any]]) -> None:
    rs = ruleset_with("condition", {"when": when}, category="privacy")
    assert_engines_agree(rs, rows, profiles)
    assert customer_frame(profiles).height == len(profiles)
