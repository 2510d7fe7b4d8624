"""where: on a rule, and SLA policies chosen by conditions (the first that matches applies)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
from hypothesis import given

from cx_rules.engine.reference import reference_evaluate
from cx_rules.engine.run import run_rules
from cx_rules.errors import RulesetError
from cx_rules.ruleset.load import parse_ruleset_text
from tests.kinds.response_time.test_response_time import row
from tests.strategies import (
    customer_frame,
    customers,
    frame,
    interactions,
    violation_key,
)

VIP_CHAT = """ruleset: vip
version: 1.0.0
rules:
  - id: vip-chat-90s
    kind: response_time
    category: speed
    where: customer.tier == "vip" and channel == "chat"
    params: {metric: first_reply, limit: 90s}
"""

POLICIES = """ruleset: sla
version: 1.0.0
sla_policies:
  - name: vip
    where: customer.tier == "vip"
    first_reply: {default: 1m, urgent: 30s}
    resolution: {default: 4h}
    paused_while: [pending]
  - name: chat
    where: channel == "chat"
    first_reply: {default: 5m}
  - name: everyone
    first_reply: {default: 1h}
    warn_at: 75%
"""


def profiles(**tiers: str) -> list[dict[str, Any]]:
    return [{"customer_id": c, "tier": t} for c, t in tiers.items()]


def found(text: str, rows: list[dict[str, Any]], profs: list[dict[str, Any]] | None
          ) -> list[dict[str, Any]]:
    rs = parse_ruleset_text(text, "<t>")
    out, _ = run_rules(rs, frame(rows), customer_frame(profs) if profs is not None else None,
                       max(r["timestamp"] for r in rows))
    return out.to_dicts()


def test_a_vip_on_chat_rule_is_one_where() -> None:
    rows = [row("a", "c1", 0, "inbound", "customer"), row("b", "c1", 2, "outbound", "agent"),
            {**row("c", "c2", 0, "inbound", "customer"), "customer_id": "u2"},
            {**row("d", "c2", 2, "outbound", "agent"), "customer_id": "u2"},
            row("e", "c3", 0, "inbound", "customer", channel="email"),
            row("f", "c3", 9, "outbound", "agent", channel="email")]
    hits = found(VIP_CHAT, rows, profiles(u1="vip", u2="basic"))
    assert [v["case_id"] for v in hits] == ["c1"]
    assert found(VIP_CHAT, rows, None) == []  # no profiles: tier unknown, never "vip"


def test_each_case_gets_the_first_policy_that_matches() -> None:
    u2 = {"customer_id": "u2"}
    rows = [row("a", "c1", 0, "inbound", "customer"), row("b", "c1", 2, "outbound", "agent"),
            {**row("c", "c2", 0, "inbound", "customer"), **u2},
            {**row("d", "c2", 2, "outbound", "agent"), **u2},
            {**row("e", "c3", 0, "inbound", "customer", channel="email"), **u2},
            {**row("f", "c3", 50, "outbound", "agent", channel="email"), **u2},
            {**row("g", "c4", 0, "inbound", "customer", channel="email"), **u2},
            {**row("h", "c4", 70, "outbound", "agent", channel="email"), **u2}]
    hits = found(POLICIES, rows, profiles(u1="vip", u2="basic"))
    # c1: vip (1m) broken; c2: chat (5m) kept; c3: everyone (1h) kept; c4: everyone broken
    assert sorted((v["case_id"], v["rule_id"]) for v in hits) == [
        ("c1", "vip-first-reply"), ("c4", "everyone-first-reply")]
    rs = parse_ruleset_text(POLICIES, "<t>")
    assert [r.id for r in rs.rules] == ["vip-first-reply", "vip-resolution",
                                        "chat-first-reply", "everyone-first-reply"]
    assert rs.rules[1].parsed_params.paused_while == ["pending"]  # type: ignore[attr-defined]
    assert rs.rules[3].parsed_params.warn_at == "75%"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "message"), [
    (VIP_CHAT.replace('channel == "chat"', 'chanel == "chat"'), "<t>:7: rules[0].where"),
    (POLICIES.replace("first_reply: {default: 5m}", "first_reply: {urgent: 5m}"),
     "<t>:11: sla_policies[1].first_reply: give a 'default'"),
    (POLICIES + "  - name: late\n    first_reply: {default: 2h}\n", "can never apply"),
    (POLICIES.replace("warn_at: 75%", "warn_at: 150%"), "<t>:14: sla_policies[2].warn_at"),
])
def test_mistakes_point_at_the_yaml_line(text: str, message: str) -> None:
    with pytest.raises(RulesetError) as caught:
        parse_ruleset_text(text, "<t>")
    assert message in str(caught.value)


@given(rows=interactions(), profs=customers())
def test_plan_equals_reference_with_scopes(rows: list[dict[str, Any]],
                                           profs: list[dict[str, Any]]) -> None:
    rs = parse_ruleset_text(POLICIES.replace('customer.tier == "vip"',
                                             'customer.tier == "vip" or priority == "urgent"'),
                            "<t>")
    as_of = max(r["timestamp"] for r in rows)
    fast, _ = run_rules(rs, frame(rows), customer_frame(profs), as_of)
    slow = reference_evaluate(rows, rs, profs, as_of)
    assert Counter(violation_key(v) for v in fast.iter_rows(named=True)) == Counter(
        violation_key(v) for v in slow)
