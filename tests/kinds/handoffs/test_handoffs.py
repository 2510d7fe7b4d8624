"""handoffs: unit cases and equivalence with the reference evaluator."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from tests.kinds._rows import event, run
from tests.strategies import assert_engines_agree, interactions, ruleset_with


def reply(i: str, minutes: float, agent: str | None, **extra: Any) -> dict[str, Any]:
    return event(i, minutes, "outbound", "agent", agent_id=agent, **extra)


def test_the_first_message_of_one_agent_too_many_is_the_finding() -> None:
    rows = [event("q", 0, "inbound", "customer"), reply("r1", 1, "a01"),
            reply("r2", 5, "a02"), reply("r3", 9, "a01"), reply("r4", 12, "a03"),
            reply("r5", 15, "a04")]
    [found] = run("handoffs", {"max_agents": 2}, rows, category="resolution")
    assert found["interaction_ids"] == ["r4"]
    assert found["observed"] == "3 agents" and found["limit"] == "2 agents"
    assert found["message"] == ("Customer was passed to a 3rd agent (a03) in this case "
                                "(limit 2 agents).")


def test_unknown_agents_bots_and_other_cases_are_not_counted() -> None:
    rows = [event("q", 0, "inbound", "customer"), reply("r1", 1, "a01"),
            reply("r2", 2, None), reply("r3", 3, None),
            event("b", 4, "outbound", "bot", agent_id="faq-bot"),
            reply("x1", 1, "a02", case="c2"), reply("x2", 2, "a03", case="c2")]
    [found] = run("handoffs", {"max_agents": 1}, rows, category="resolution")
    assert found["case_id"] == "c2" and found["interaction_ids"] == ["x2"]
    assert found["message"].endswith("(limit 1 agent).")
    assert run("handoffs", {"max_agents": 1, "actors": ["agent", "bot"]}, rows[:5],
               category="resolution")[0]["interaction_ids"] == ["b"]


def test_channels_limit_what_counts() -> None:
    rows = [reply("r1", 1, "a01"), reply("r2", 2, "a02", channel="email"),
            reply("r3", 3, "a03", channel="email")]
    assert run("handoffs", {"max_agents": 1, "channels": ["chat"]}, rows,
               category="resolution") == []
    [found] = run("handoffs", {"max_agents": 1, "channels": ["email"]}, rows,
                  category="resolution")
    assert found["interaction_ids"] == ["r3"]


@given(rows=interactions(), agents=st.lists(st.sampled_from([None, "a1", "a2", "a3", "a4"]),
                                            min_size=40, max_size=40),
       max_agents=st.integers(1, 3))
def test_vectorized_equals_reference(rows: list[dict[str, Any]], agents: list[str | None],
                                     max_agents: int) -> None:
    for row, agent in zip(rows, agents, strict=False):
        row["agent_id"] = agent
    assert_engines_agree(ruleset_with("handoffs", {"max_agents": max_agents},
                                      category="resolution"), rows)
