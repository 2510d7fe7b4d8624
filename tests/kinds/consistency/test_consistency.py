"""consistency: unit cases and equivalence with the reference evaluator."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.engine.run import run_rules
from cx_rules.errors import RulesetError
from tests.strategies import BASE, assert_engines_agree, frame, interactions, ruleset_with


def row(i: str, case: str, minutes: float, direction: str = "outbound", actor: str = "agent",
        **extra: Any) -> dict[str, Any]:
    base = {k: None for k in ("agent_id", "text", "topic", "priority", "status", "purpose",
                              "claims", "promise_due", "csat", "sentiment", "identity_verified")}
    claims = extra.pop("claims", None)
    return {**base, "interaction_id": i, "case_id": case,
            "customer_id": extra.pop("customer", "u1"),
            "timestamp": BASE + timedelta(minutes=minutes), "channel": extra.pop("channel", "chat"),
            "direction": direction, "actor": actor,
            "claims": [{"key": k, "value": v} for k, v in claims.items()] if claims else None,
            **extra}


def run(params: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rs = ruleset_with("consistency", params, category="consistency")
    out, _ = run_rules(rs, frame(rows), None, max(r["timestamp"] for r in rows))
    return out.to_dicts()


def test_contradiction_in_a_case_is_flagged_on_the_later_statement() -> None:
    rows = [row("a", "c7", 0, channel="email", claims={"delivery_date": "2026-03-05"}),
            row("b", "c7", 30, channel="chat", claims={"delivery_date": " 2026-03-09 "})]
    found = run({}, rows)
    assert len(found) == 1
    v = found[0]
    assert v["interaction_ids"] == ["a", "b"]
    assert v["case_id"] == "c7" and v["customer_id"] == "u1"
    assert v["timestamp"] == BASE + timedelta(minutes=30)
    assert v["observed"] == "'2026-03-09' on chat vs '2026-03-05' on email"
    assert v["limit"] == "same value"
    assert v["message"] == ("Told the customer delivery_date '2026-03-09' on chat, "
                            "but '2026-03-05' on email earlier in this case.")


def test_same_value_up_to_whitespace_and_case_is_clean() -> None:
    rows = [row("a", "c1", 0, claims={"price": "10 EUR"}),
            row("b", "c1", 5, claims={"price": "  10   eur "}),
            row("c", "c1", 6, claims={"delivery_date": "friday"})]
    assert run({}, rows) == []


def test_each_statement_is_compared_with_the_one_just_before() -> None:
    rows = [row("a", "c1", 0, claims={"price": "10"}),
            row("b", "c1", 1, claims={"price": "12"}),
            row("c", "c1", 2, claims={"price": "12"}),
            row("d", "c1", 3, claims={"price": "10"})]
    found = run({"keys": ["price"]}, rows)
    assert sorted(v["interaction_ids"] for v in found) == [["a", "b"], ["c", "d"]]


def test_equal_timestamps_are_ordered_by_interaction_id() -> None:
    rows = [row("i2", "c1", 0, claims={"price": "12"}),
            row("i1", "c1", 0, claims={"price": "10"})]
    found = run({}, rows)
    assert [v["interaction_ids"] for v in found] == [["i1", "i2"]]
    assert found[0]["observed"] == "'12' on chat vs '10' on chat"


def test_actors_and_keys_filter_statements() -> None:
    rows = [row("a", "c1", 0, claims={"price": "10", "refund_days": "5"}),
            row("b", "c1", 1, "inbound", "customer", claims={"price": "99"}),
            row("c", "c1", 2, actor="bot", claims={"price": "12", "refund_days": "14"})]
    assert len(run({}, rows)) == 2
    assert run({"actors": ["agent"]}, rows) == []
    found = run({"keys": ["refund_days"]}, rows)
    assert [v["observed"] for v in found] == ["'14' on chat vs '5' on chat"]


def test_case_scope_does_not_compare_across_cases_but_customer_scope_does() -> None:
    rows = [row("a", "c1", 0, channel="email", claims={"price": "10"}),
            row("b", "c2", 60, claims={"price": "12"}),
            row("x", "c3", 30, customer="u2", claims={"price": "99"})]
    assert run({}, rows) == []
    found = run({"scope": "customer"}, rows)
    assert [(v["case_id"], v["interaction_ids"]) for v in found] == [("c2", ["a", "b"])]
    assert found[0]["message"] == ("Told the customer price '12' on chat, "
                                   "but '10' on email earlier (case c1).")
    assert run({"scope": "customer", "window": "1h"}, rows) != []
    assert run({"scope": "customer", "window": "59m"}, rows) == []


def test_null_claims_and_values_are_ignored() -> None:
    rows = [row("a", "c1", 0, claims={"price": "10"}),
            row("b", "c1", 1),
            row("c", "c1", 2, claims={"price": None})]
    assert run({}, rows) == []


def test_bad_params_are_rejected() -> None:
    with pytest.raises(RulesetError, match="window"):
        ruleset_with("consistency", {"window": "1d"})
    with pytest.raises(RulesetError):
        ruleset_with("consistency", {"scope": "customer", "window": "0s"})
    with pytest.raises(RulesetError):
        ruleset_with("consistency", {"keys": []})


PARAMS = st.one_of(
    st.fixed_dictionaries(
        {"scope": st.just("case")},
        optional={
            "keys": st.lists(st.sampled_from(["price", "delivery_date", "other"]), min_size=1,
                             max_size=2, unique=True),
            "actors": st.lists(st.sampled_from(["agent", "bot", "system"]), min_size=1,
                               max_size=3, unique=True),
        },
    ),
    st.fixed_dictionaries(
        {"scope": st.just("customer")},
        optional={
            "keys": st.lists(st.sampled_from(["price", "delivery_date"]), min_size=1,
                             max_size=2, unique=True),
            "window": st.sampled_from(["1m", "1h", "1d", "3d"]),
            "actors": st.lists(st.sampled_from(["agent", "bot", "system"]), min_size=1,
                               max_size=3, unique=True),
        },
    ),
)


@given(params=PARAMS, rows=interactions())
def test_vectorized_equals_reference(params: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    assert_engines_agree(ruleset_with("consistency", params, category="consistency"), rows)
