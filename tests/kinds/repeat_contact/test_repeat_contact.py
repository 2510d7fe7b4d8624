"""repeat_contact: unit cases and equivalence with the reference evaluator."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.engine.run import run_rules
from cx_rules.errors import RulesetError
from tests.strategies import BASE, assert_engines_agree, frame, interactions, ruleset_with

HOUR = 60
DAY = 24 * HOUR


def row(i: str, case: str, minutes: float, direction: str = "inbound", actor: str = "customer",
        **extra: Any) -> dict[str, Any]:
    base = {k: None for k in ("agent_id", "text", "topic", "priority", "status", "purpose",
                              "claims", "promise_due", "csat", "sentiment", "identity_verified")}
    return {**base, "interaction_id": i, "case_id": case,
            "customer_id": extra.pop("customer", "u1"),
            "timestamp": BASE + timedelta(minutes=minutes), "channel": extra.pop("channel", "chat"),
            "direction": direction, "actor": actor, **extra}


def run(params: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rs = ruleset_with("repeat_contact", params, category="resolution")
    out, _ = run_rules(rs, frame(rows), None, max(r["timestamp"] for r in rows))
    return out.to_dicts()


def billing_cases(gap_minutes: float, topic2: str | None = "billing") -> list[dict[str, Any]]:
    return [
        row("a", "c1", 0, topic="billing"),
        row("b", "c1", 2 * HOUR, "outbound", "agent", status="resolved"),
        row("c", "c2", 2 * HOUR + gap_minutes, topic=topic2),
        row("d", "c2", 2 * HOUR + gap_minutes + 5, "outbound", "agent"),
    ]


def test_customer_coming_back_on_the_same_topic_is_flagged() -> None:
    found = run({}, billing_cases(2 * DAY + 3 * HOUR))
    assert len(found) == 1
    v = found[0]
    assert (v["case_id"], v["customer_id"], v["interaction_ids"]) == ("c2", "u1", ["b", "c"])
    assert v["observed"] == "2d 3h" and v["limit"] == "7d"
    assert v["timestamp"] == BASE + timedelta(minutes=4 * HOUR + 2 * DAY + HOUR)
    assert v["message"] == ("Customer came back on 'billing' 2d 3h after case c1 was resolved "
                            "(window 7d).")


def test_outside_window_other_topic_and_null_topic_are_clean() -> None:
    assert run({}, billing_cases(7 * DAY + 1)) == []
    assert len(run({}, billing_cases(7 * DAY))) == 1
    assert run({}, billing_cases(HOUR, topic2="delivery")) == []
    assert run({}, billing_cases(HOUR, topic2=None)) == []
    found = run({"same_topic": False, "window": "2h"}, billing_cases(HOUR, topic2=None))
    assert [v["message"] for v in found] == [
        "Customer came back 1h after case c1 was resolved (window 2h)."]


def test_other_customers_and_cases_without_customer_message_do_not_count() -> None:
    rows = billing_cases(HOUR)
    rows[2]["customer_id"] = rows[3]["customer_id"] = "u2"
    rows.append(row("e", "c3", 5 * HOUR, "outbound", "agent", topic="billing"))
    assert run({}, rows) == []


def test_case_topic_is_the_first_topic_set_in_the_case() -> None:
    rows = billing_cases(HOUR, topic2=None)
    rows[3]["topic"] = "billing"  # the agent sets the topic on the reply
    assert len(run({}, rows)) == 1
    rows[2]["topic"] = "delivery"
    assert run({}, rows) == []


def test_most_recent_resolution_wins_and_ties_take_the_greatest_id() -> None:
    rows = [
        row("a", "c1", 0, topic="billing"),
        row("r1", "c1", 60, "outbound", "agent", status="resolved"),
        row("r3", "c1", 120, "outbound", "agent", status="closed"),
        row("r2", "c1", 120, "outbound", "system", status="closed"),
        row("z", "c2", 120, topic="billing"),  # same instant as the closure: not after it
        row("n", "c3", 180, topic="billing"),
    ]
    found = {v["case_id"]: v for v in run({}, rows)}
    assert set(found) == {"c2", "c3"}
    assert found["c2"]["interaction_ids"] == ["r1", "z"]
    assert found["c3"]["interaction_ids"] == ["r3", "n"]
    assert found["c3"]["observed"] == "1h"


def test_reopening_the_same_case_counts_as_coming_back() -> None:
    rows = [row("a", "c1", 0, "outbound", "system", status="resolved", topic="billing"),
            row("b", "c1", 90, channel="email")]
    found = run({}, rows)
    assert [v["message"] for v in found] == [
        "Customer came back on 'billing' 1h 30m after this case was resolved (window 7d)."]
    assert run({"channels": ["chat"]}, rows) == []
    assert len(run({"channels": ["email", "chat"]}, rows)) == 1


def test_channel_switch_flags_the_first_switch_per_case() -> None:
    rows = [row("a", "c3", 0, channel="email"),
            row("b", "c3", 1, "outbound", "agent", channel="phone"),
            row("c", "c3", 2, channel="email"),
            row("d", "c3", 3, channel="phone"),
            row("e", "c3", 4, channel="chat"),
            row("f", "c4", 0, channel="chat"),
            row("g", "c4", 9, channel="chat")]
    found = run({"mode": "channel_switch"}, rows)
    assert len(found) == 1
    v = found[0]
    assert (v["case_id"], v["interaction_ids"]) == ("c3", ["a", "d"])
    assert v["observed"] == "email → phone" and v["limit"] == "one channel"
    assert v["message"] == "Customer had to switch from email to phone within case c3."
    assert v["timestamp"] == BASE + timedelta(minutes=3)
    assert run({"mode": "channel_switch", "channels": ["chat"]}, rows) == []


def test_bad_params_are_rejected() -> None:
    with pytest.raises(RulesetError):
        ruleset_with("repeat_contact", {"window": "0s"})
    with pytest.raises(RulesetError):
        ruleset_with("repeat_contact", {"mode": "later"})


PARAMS = st.fixed_dictionaries(
    {"mode": st.sampled_from(["after_resolution", "after_resolution", "channel_switch"])},
    optional={
        "window": st.sampled_from(["1m", "1h", "1d", "3d", "7d"]),
        "same_topic": st.booleans(),
        "channels": st.lists(st.sampled_from(["chat", "email", "phone"]), min_size=1,
                             max_size=2, unique=True),
    },
)


@given(params=PARAMS, rows=interactions(max_cases=6))
def test_vectorized_equals_reference(params: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    assert_engines_agree(ruleset_with("repeat_contact", params, category="resolution"), rows)
