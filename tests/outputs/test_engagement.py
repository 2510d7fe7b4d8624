"""Engagement policies (eligibility, applicability, suitability), context weights, contact
limits per channel and propositions (actions without a violation): unit cases of what a
support lead would configure, and batch == reference on random logs."""

from __future__ import annotations

import json
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.errors import RulesetError
from cx_rules.outputs import reference as ref
from cx_rules.outputs.actions import arbitrate
from cx_rules.ruleset.load import parse_ruleset_text
from tests.conftest import fewer_examples
from tests.outputs.test_outputs import ACTION, POLICY, ROWS, _key, evaluate, full_profiles
from tests.strategies import BASE, customer_frame, customers, interactions

AS_OF = BASE + timedelta(hours=2)


def ruleset(actions: list[dict[str, Any]], policy: dict[str, Any] | None = None,
            propositions: list[dict[str, Any]] | None = None) -> Any:
    rules = [{"id": f"r{i}", "kind": "response_time", "category": "speed",
              "params": {"metric": "first_reply", "limit": "1m"}, "action": a}
             for i, a in enumerate(actions)]
    doc = {"ruleset": "t", "version": "1.0.0", "rules": rules,
           "contact_policy": policy or {}, "propositions": propositions or []}
    return parse_ruleset_text(json.dumps(doc), "<t>")


def run(rs: Any, profiles: list[dict[str, Any]] | None = None) -> tuple[Any, Any]:
    profiles = full_profiles() if profiles is None else profiles
    df, violations = evaluate(ROWS, rs, profiles)
    got = arbitrate(violations, df, customer_frame(profiles), rs, as_of=AS_OF)
    want = ref.arbitrate(violations.to_dicts(), ROWS, profiles, rs, as_of=AS_OF)
    assert Counter(map(_key, got.suggested.to_dicts())) == Counter(map(_key, want[0]))
    assert Counter(map(_key, got.suppressed.to_dicts())) == Counter(map(_key, want[1]))
    return got.suggested.to_dicts(), got.suppressed.to_dicts()


def test_each_engagement_policy_suppresses_with_its_own_reason() -> None:
    # u1 is vip and waited on chat (case c1, c3), u2 has no tier and waited on email (c2)
    rs = ruleset([{"id": "goodwill", "eligibility": 'customer.tier == "vip"'},
                  {"id": "chat-followup", "applicability": 'channel == "chat"'},
                  {"id": "upsell", "suitability": "customer.lifetime_value >= 500"}])
    suggested, suppressed = run(rs)
    reasons = {(a["customer_id"], a["action_id"]): a["suppressed_reason"] for a in suppressed}
    assert reasons[("u2", "goodwill")] == 'not eligible: customer.tier == "vip"'
    assert reasons[("u2", "chat-followup")] == 'not applicable: channel == "chat"'
    # lifetime_value is unknown for both: unknown is not "suitable"
    assert reasons[("u1", "upsell")] == "not suitable: customer.lifetime_value >= 500"
    assert {("u1", "goodwill"), ("u1", "chat-followup")} <= {
        (a["customer_id"], a["action_id"]) for a in suggested}


def test_eligibility_is_tested_before_applicability() -> None:
    rs = ruleset([{"id": "a", "eligibility": "customer.tier is not null",
                   "applicability": 'channel == "sms"'}])
    _, suppressed = run(rs)
    by_customer = {a["customer_id"]: a["suppressed_reason"] for a in suppressed}
    assert by_customer["u2"].startswith("not eligible")
    assert by_customer["u1"].startswith("not applicable")


def test_context_weights_multiply_the_weight_term() -> None:
    rs = ruleset([{"id": "call", "priority": 50, "group": "service"},
                  {"id": "mail", "priority": 50}],
                 {"context_weights": [
                     {"when": 'channel == "email"', "weight": 3.0},
                     {"when": 'customer.tier == "vip"', "weight": 0.5, "group": "service"}]})
    suggested, _ = run(rs)
    weight = {(a["customer_id"], a["case_id"], a["action_id"]): a["weight"] for a in suggested}
    assert weight[("u2", "c2", "call")] == 3.0       # email context, no tier
    assert weight[("u1", "c1", "call")] == 2.0 * 0.5  # vip tier weight x vip context, group
    assert weight[("u1", "c1", "mail")] == 2.0        # the vip entry names only the group


def test_a_channel_limit_lets_one_sms_a_day_through() -> None:
    profiles = [{**p, "opted_out_channels": []} for p in full_profiles()]
    rs = ruleset([{"id": "text-them", "priority": 90, "channel": "sms"},
                  {"id": "text-again", "priority": 40, "channel": "sms"},
                  {"id": "mail-them", "priority": 10, "channel": "email"}],
                 {"channel_limits": {"sms": {"count": 1, "per": "1d"}}})
    suggested, suppressed = run(rs, profiles)
    sms = [a for a in suggested if a["channel"] == "sms"]
    assert {a["customer_id"] for a in sms} == {"u1", "u2"}
    assert len(sms) == 2  # one per customer
    assert {a["suppressed_reason"] for a in suppressed} == {
        "contact limit: at most 1 proactive contact(s) on sms per 1d"}
    assert any(a["channel"] == "email" for a in suggested)  # other channels are not counted


def test_a_mandatory_action_is_not_counted_by_a_channel_limit() -> None:
    rs = ruleset([{"id": "recall", "priority": 90, "channel": "email", "mandatory": True},
                  {"id": "mail-them", "priority": 10, "channel": "email"}],
                 {"channel_limits": {"email": {"count": 1, "per": "1d"}}})
    suggested, _ = run(rs)
    assert {a["action_id"] for a in suggested if a["customer_id"] == "u2"} == {
        "recall", "mail-them"}


def test_a_proposition_proposes_a_renewal_without_any_violation() -> None:
    profiles = [{**p, "renewal_due": AS_OF + timedelta(days=days), "marketing_consent": True,
                 "opted_out_channels": []}
                for p, days in zip(full_profiles(), (10, 60), strict=True)]
    rs = ruleset([], propositions=[{
        "id": "renewal-due",
        "when": "customer.renewal_due - now <= 30d and customer.renewal_due > now",
        "action": {"id": "renewal-offer", "priority": 60, "purpose": "marketing",
                   "channel": "email", "value": 2.0}}])
    suggested, suppressed = run(rs, profiles)
    assert [(a["customer_id"], a["case_id"], a["action_id"], a["reason_rule_ids"])
            for a in suggested] == [("u1", None, "renewal-offer", ["renewal-due"])]
    assert suggested[0]["created_at"] == AS_OF
    assert suggested[0]["score"] == 60 * 2.0 * 2.0  # priority x vip weight x value
    assert suppressed == []


def test_without_as_of_there_are_no_propositions() -> None:
    rs = ruleset([], propositions=[{"id": "p", "when": "customer.tier is not null",
                                    "action": {"id": "hello"}}])
    df, violations = evaluate(ROWS, rs, full_profiles())
    assert arbitrate(violations, df, customer_frame(full_profiles()), rs).suggested.height == 0


@pytest.mark.parametrize(("doc", "message"), [
    ({"rules": [{"id": "r", "kind": "response_time", "category": "speed",
                 "params": {"metric": "first_reply", "limit": "1m"},
                 "action": {"id": "a", "eligibility": "customer.tier = 1"}}]},
     "rules[0].action.eligibility"),
    ({"contact_policy": {"context_weights": [{"when": "chanel == 'chat'", "weight": 2}]},
      "propositions": [{"id": "p", "when": "customer.tier is null", "action": {"id": "a"}}]},
     "contact_policy.context_weights[0].when"),
    ({"propositions": [{"id": "p", "when": 'channel == "chat"', "action": {"id": "a"}}]},
     "propositions[0].when"),
    ({"rules": [{"id": "p", "kind": "response_time", "category": "speed",
                 "params": {"metric": "first_reply", "limit": "1m"}}],
      "propositions": [{"id": "p", "when": "customer.tier is null", "action": {"id": "a"}}]},
     "propositions[0].id: 'p' is already the id of a rule"),
])
def test_a_bad_expression_is_an_error_at_its_line(doc: dict[str, Any], message: str) -> None:
    text = json.dumps({"ruleset": "t", "version": "1.0.0", **doc}, indent=1)
    with pytest.raises(RulesetError) as info:
        parse_ruleset_text(text, "t.yaml")
    assert message in str(info.value)
    assert str(info.value).startswith("t.yaml:") and ":1:" not in str(info.value)


ENGAGE = st.sampled_from([
    'customer.tier == "vip"', "customer.tier is null", 'channel == "chat"',
    "customer.lifetime_value >= 500", 'topic == "billing" or direction == "inbound"',
    "hour(now) >= 9"])
WEIGHTS = st.lists(st.fixed_dictionaries(
    {"when": ENGAGE, "weight": st.sampled_from([0.0, 0.5, 2.0])},
    optional={"actions": st.just(["call"]), "group": st.just("retention")}), max_size=2)
PROPOSITIONS = st.lists(st.fixed_dictionaries({
    "id": st.sampled_from(["renewal", "thanks"]),
    "when": st.sampled_from(["customer.renewal_due - now <= 30d",
                             "customer.lifetime_value > 1000", "customer.tier is not null"]),
    "action": ACTION}), max_size=2, unique_by=lambda p: p["id"])


@fewer_examples(0.5)
@given(rows=interactions(), profiles=customers(),
       actions=st.lists(st.tuples(ACTION, st.none() | ENGAGE, st.none() | ENGAGE),
                        min_size=1, max_size=3),
       policy=POLICY, weights=WEIGHTS, propositions=PROPOSITIONS,
       channel_limit=st.none() | st.fixed_dictionaries(
           {"count": st.integers(0, 1), "per": st.sampled_from(["1h", "1d"])}))
def test_engagement_and_propositions_equal_the_reference(
        rows: list[dict[str, Any]], profiles: list[dict[str, Any]],
        actions: list[tuple[dict[str, Any], str | None, str | None]], policy: dict[str, Any],
        weights: list[dict[str, Any]], propositions: list[dict[str, Any]],
        channel_limit: dict[str, Any] | None) -> None:
    specs = [{**a, **({"eligibility": e} if e else {}), **({"applicability": p} if p else {})}
             for a, e, p in actions]
    policy = {**policy, "context_weights": weights,
              **({"channel_limits": {"sms": channel_limit, "email": channel_limit}}
                 if channel_limit else {})}
    props = [{**p, "action": {k: v for k, v in p["action"].items()}} for p in propositions]
    rs = ruleset(specs, policy, props)
    df, violations = evaluate(rows, rs, profiles)
    as_of = max(r["timestamp"] for r in rows)
    got = arbitrate(violations, df, customer_frame(profiles), rs, as_of=as_of)
    want = ref.arbitrate(violations.to_dicts(), rows, profiles, rs, as_of=as_of)
    assert Counter(map(_key, got.suggested.to_dicts())) == Counter(map(_key, want[0]))
    assert Counter(map(_key, got.suppressed.to_dicts())) == Counter(map(_key, want[1]))
