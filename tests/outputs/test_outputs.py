"""Next-best-action arbitration and scores: unit cases and equivalence with the reference."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.engine.run import run_rules
from cx_rules.outputs import reference as ref
from cx_rules.outputs.actions import arbitrate
from cx_rules.outputs.scores import DIMENSIONS, explain, score_table
from cx_rules.ruleset.load import parse_ruleset_text
from tests.strategies import BASE, customer_frame, customers, frame, interactions


def ruleset(actions: list[dict[str, Any]], policy: dict[str, Any] | None = None,
            metrics: tuple[str, ...] = ("first_reply", "next_reply", "resolution")) -> Any:
    rules = []
    for i, action in enumerate(actions):
        rules.append({"id": f"r{i}", "kind": "response_time", "category": "speed",
                      "severity": ["info", "warning", "error", "critical"][i % 4],
                      "params": {"metric": metrics[i % len(metrics)],
                                 "limit": ["1m", "10m", "1h"][i % 3]},
                      "action": action})
    doc = {"ruleset": "t", "version": "1.0.0", "rules": rules,
           "contact_policy": policy or {}}
    return parse_ruleset_text(json.dumps(doc), "<t>")


def evaluate(rows: list[dict[str, Any]], rs: Any, profiles: list[dict[str, Any]]) -> Any:
    df = frame(rows)
    violations, _ = run_rules(rs, df, customer_frame(profiles), max(r["timestamp"] for r in rows))
    return df, violations


def event(i: str, case: str, customer: str, minutes: int, direction: str, actor: str,
          channel: str = "chat", agent: str | None = None) -> dict[str, Any]:
    base = {k: None for k in ("text", "topic", "priority", "status", "purpose", "claims",
                              "promise_due", "csat", "sentiment", "identity_verified")}
    return {**base, "interaction_id": i, "case_id": case, "customer_id": customer,
            "timestamp": BASE + timedelta(minutes=minutes), "channel": channel,
            "direction": direction, "actor": actor, "agent_id": agent}


ROWS = [
    event("a", "c1", "u1", 0, "inbound", "customer"),
    event("b", "c1", "u1", 30, "outbound", "agent", agent="ann"),
    event("c", "c2", "u2", 0, "inbound", "customer", channel="email"),
    event("d", "c2", "u2", 5, "outbound", "agent", channel="email", agent="bob"),
    event("e", "c3", "u1", 40, "inbound", "customer"),
]
PROFILES = [
    {"customer_id": "u1", "tier": "vip", "opted_out_channels": ["sms"], "marketing_consent": False},
    {"customer_id": "u2", "tier": None, "opted_out_channels": [], "marketing_consent": True},
]


def full_profiles() -> list[dict[str, Any]]:
    keys = ("name", "segment", "preferred_channel", "language", "timezone", "quiet_hours",
            "lifetime_value")
    return [{**dict.fromkeys(keys), **p} for p in PROFILES]


def test_actions_are_scored_by_tier_and_suppressed_by_policy() -> None:
    rs = ruleset([{"id": "escalate", "priority": 80},
                  {"id": "text-them", "priority": 90, "channel": "sms"}],
                 metrics=("first_reply",))
    df, violations = evaluate(ROWS, rs, full_profiles())
    result = arbitrate(violations, df, customer_frame(full_profiles()), rs)
    suggested = {(a["customer_id"], a["case_id"], a["action_id"]): a
                 for a in result.suggested.to_dicts()}
    assert suggested[("u1", "c1", "escalate")]["score"] == 160.0  # vip weight 2.0
    assert suggested[("u1", "c1", "escalate")]["channel"] == "chat"
    suppressed = result.suppressed.to_dicts()
    assert {s["suppressed_reason"] for s in suppressed if s["channel"] == "sms"} == {
        "customer opted out of sms"}


def test_cap_per_customer_and_marketing_consent() -> None:
    rs = ruleset([{"id": "offer", "priority": 50, "purpose": "marketing"},
                  {"id": "call", "priority": 60}],
                 {"max_actions_per_customer": 1}, metrics=("first_reply",))
    df, violations = evaluate(ROWS, rs, full_profiles())
    result = arbitrate(violations, df, customer_frame(full_profiles()), rs)
    per_customer = result.suggested.group_by("customer_id").len()
    assert per_customer["len"].max() == 1
    reasons = set(result.suppressed["suppressed_reason"].to_list())
    assert "marketing action without the customer's marketing consent" in reasons


def test_scores_trace_to_violations() -> None:
    rs = ruleset([{"id": "x", "priority": 10}])
    df, violations = evaluate(ROWS, rs, full_profiles())
    table = score_table(violations, df, rs, "case")
    c1 = table.filter(pl.col("case_id") == "c1").row(0, named=True)
    lost = explain(violations, df, rs, "case", "c1")
    assert c1["points_lost"] == lost["points"].sum()
    assert c1["score"] == pytest.approx(100 - c1["points_lost"])
    agents = score_table(violations, df, rs, "agent")
    assert "ann" in agents["agent_id"].to_list()


ACTION = st.fixed_dictionaries(
    {"id": st.sampled_from(["call", "mail", "offer"]), "priority": st.integers(0, 100)},
    optional={"channel": st.sampled_from(["sms", "email", "chat", "phone"]),
              "purpose": st.sampled_from(["service", "marketing", "transactional"]),
              "proactive": st.booleans(), "expires": st.sampled_from(["1h", "10h", "2d"]),
              "mandatory": st.booleans(), "value": st.sampled_from([0.5, 1.0, 3.0]),
              "group": st.sampled_from(["retention", "service"])},
)
POLICY = st.fixed_dictionaries(
    {"max_actions_per_customer": st.integers(1, 3)},
    optional={"proactive_limit": st.fixed_dictionaries(
        {"count": st.integers(0, 2), "per": st.sampled_from(["1h", "1d", "7d"])}),
        "respect_opt_outs": st.booleans(), "respect_marketing_consent": st.booleans(),
        "respect_quiet_hours": st.booleans(),
        "levers": st.just({"retention": 2.0})},
)


def _key(a: dict[str, Any]) -> tuple[Any, ...]:
    assert a["score"] == pytest.approx(a["priority"] * a["weight"] * a["value"] * a["lever"]
                                       * (a.get("propensity") or 1))
    return (a["action_id"], a["customer_id"], a["case_id"], a["score"], a["weight"],
            a["value"], a["lever"],
            tuple(a["reason_rule_ids"]),
            a["channel"], a["created_at"], a["send_after"], a["expires_at"],
            a["suppressed_reason"])


@given(rows=interactions(), profiles=customers(), actions=st.lists(ACTION, min_size=1, max_size=4),
       policy=POLICY)
def test_arbitration_equals_reference_and_respects_consent(
        rows: list[dict[str, Any]], profiles: list[dict[str, Any]],
        actions: list[dict[str, Any]], policy: dict[str, Any]) -> None:
    rs = ruleset(actions, policy)
    df, violations = evaluate(rows, rs, profiles)
    result = arbitrate(violations, df, customer_frame(profiles), rs)
    want_kept, want_suppressed = ref.arbitrate(violations.to_dicts(), rows, profiles, rs)
    assert Counter(map(_key, result.suggested.to_dicts())) == Counter(map(_key, want_kept))
    assert Counter(map(_key, result.suppressed.to_dicts())) == Counter(map(_key, want_suppressed))
    by_customer = {p["customer_id"]: p for p in profiles}
    for a in [*result.suggested.to_dicts(), *result.suppressed.to_dicts()]:
        # deferred only when created inside the customer's quiet hours, to a later time
        if a["send_after"] is not None:
            assert rs.contact_policy.respect_quiet_hours and a["purpose"] != "transactional"
            assert a["send_after"] > a["created_at"] and not a["mandatory"]
    for a in result.suggested.to_dicts():
        profile = by_customer.get(a["customer_id"], {})
        if rs.contact_policy.respect_opt_outs:
            assert a["channel"] not in (profile.get("opted_out_channels") or [])
        if rs.contact_policy.respect_marketing_consent and a["purpose"] == "marketing":
            assert profile.get("marketing_consent") is True


@given(rows=interactions(), actions=st.lists(ACTION, min_size=1, max_size=4),
       dimension=st.sampled_from(DIMENSIONS))
def test_scores_equal_reference(rows: list[dict[str, Any]], actions: list[dict[str, Any]],
                                dimension: str) -> None:
    rs = ruleset(actions)
    df, violations = evaluate(rows, rs, [])
    table = score_table(violations, df, rs, dimension)  # type: ignore[arg-type]
    got = {r[0]: (r[1], r[2], r[3], pytest.approx(r[4])) for r in table.iter_rows()}
    assert got == ref.scores(violations.to_dicts(), rows, rs, dimension)


QUIET_PROFILE = [{"customer_id": "u1", "tier": "standard", "timezone": "Europe/Berlin",
                  "quiet_hours": "21:00-08:00", "marketing_consent": True,
                  "opted_out_channels": []}]


def _quiet_case(action: dict[str, Any], policy: dict[str, Any] | None = None) -> Any:
    # 22:40 UTC = 23:40 in Berlin (CET in March): the customer asked, nobody replied
    late = BASE.replace(hour=22, minute=40)
    rows = [{**event("q1", "c9", "u1", 0, "inbound", "customer"), "timestamp": late},
            {**event("q2", "c9", "u1", 0, "outbound", "agent", agent="ann"),
             "timestamp": late + timedelta(minutes=20)}]
    rs = ruleset([action], policy, metrics=("first_reply",))
    df, violations = evaluate(rows, rs, QUIET_PROFILE)
    assert violations.height == 1
    profiles = [{**dict.fromkeys(("name", "segment", "preferred_channel", "language",
                                  "lifetime_value")), **p} for p in QUIET_PROFILE]
    return arbitrate(violations, df, customer_frame(profiles), rs), violations


def test_an_action_in_quiet_hours_waits_for_their_end() -> None:
    result, violations = _quiet_case({"id": "offer", "purpose": "marketing", "expires": "2d"})
    (action,) = result.suggested.to_dicts()
    created = violations["timestamp"][0]
    assert action["created_at"] == created
    # 08:00 Berlin the next morning = 07:00 UTC
    assert action["send_after"] == (created + timedelta(days=1)).replace(hour=7, minute=0,
                                                                         second=0)


def test_an_action_that_expires_in_quiet_hours_is_suppressed_with_the_reason() -> None:
    result, _ = _quiet_case({"id": "offer", "purpose": "marketing", "expires": "1h"})
    assert result.suggested.is_empty()
    assert result.suppressed["suppressed_reason"].to_list() == [
        "expires before the customer's quiet hours (21:00-08:00 Europe/Berlin) end"]


@pytest.mark.parametrize("action", [
    {"id": "receipt", "purpose": "transactional", "expires": "1h"},
    {"id": "recall", "mandatory": True, "expires": "1h"},
])
def test_transactional_and_mandatory_actions_are_not_deferred(action: dict[str, Any]) -> None:
    result, _ = _quiet_case(action)
    (kept,) = result.suggested.to_dicts()
    assert kept["send_after"] is None


def test_without_respect_for_quiet_hours_nothing_waits() -> None:
    result, _ = _quiet_case({"id": "offer", "purpose": "marketing", "expires": "1h"},
                            {"respect_quiet_hours": False})
    (kept,) = result.suggested.to_dicts()
    assert kept["send_after"] is None


def test_mandatory_actions_bypass_the_cap() -> None:
    rs = ruleset([{"id": "notice", "priority": 1, "mandatory": True},
                  {"id": "call", "priority": 60}],
                 {"max_actions_per_customer": 1}, metrics=("first_reply",))
    df, violations = evaluate(ROWS, rs, full_profiles())
    result = arbitrate(violations, df, customer_frame(full_profiles()), rs)
    kept = result.suggested.filter(pl.col("customer_id") == "u1")
    assert sorted(kept["action_id"].to_list()) == ["call", "notice"]


def test_value_and_lever_weigh_the_score_and_change_the_ranking() -> None:
    rs = ruleset([{"id": "call", "priority": 60},
                  {"id": "offer", "priority": 40, "value": 2.0, "group": "retention"}],
                 {"max_actions_per_customer": 1, "levers": {"retention": 1.5}},
                 metrics=("first_reply",))
    df, violations = evaluate(ROWS, rs, full_profiles())
    result = arbitrate(violations, df, customer_frame(full_profiles()), rs)
    kept = result.suggested.filter(pl.col("customer_id") == "u1").row(0, named=True)
    # 40 x 2.0 (vip) x 2.0 (value) x 1.5 (lever) = 240 beats the call's 60 x 2.0 = 120
    assert (kept["action_id"], kept["score"], kept["value"], kept["lever"]) == (
        "offer", 240.0, 2.0, 1.5)
    assert "call" in result.suppressed.filter(pl.col("customer_id") == "u1")[
        "action_id"].to_list()
