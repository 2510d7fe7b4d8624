"""promise_kept: unit cases and equivalence with the reference evaluator."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.engine.run import run_rules
from cx_rules.errors import RulesetError
from tests.strategies import BASE, assert_engines_agree, frame, interactions, ruleset_with

HOUR = 60
DUE = datetime(2026, 3, 3, 17, 0, tzinfo=UTC)


def row(i: str, case: str, minutes: float, direction: str = "outbound", actor: str = "agent",
        **extra: Any) -> dict[str, Any]:
    base = {k: None for k in ("agent_id", "text", "topic", "priority", "status", "purpose",
                              "claims", "promise_due", "csat", "sentiment", "identity_verified")}
    return {**base, "interaction_id": i, "case_id": case, "customer_id": "u1",
            "timestamp": BASE + timedelta(minutes=minutes), "channel": extra.pop("channel", "chat"),
            "direction": direction, "actor": actor, **extra}


def at(moment: datetime) -> float:
    return (moment - BASE).total_seconds() / 60


def run(params: dict[str, Any], rows: list[dict[str, Any]],
        as_of: datetime | None = None) -> list[dict[str, Any]]:
    rs = ruleset_with("promise_kept", params, category="honesty")
    out, _ = run_rules(rs, frame(rows), None, as_of or max(r["timestamp"] for r in rows))
    return out.to_dicts()


def promise() -> dict[str, Any]:
    return row("p", "c1", 60, channel="phone", promise_due=DUE)


def test_promise_kept_late_is_flagged() -> None:
    rows = [promise(), row("f", "c1", at(DUE) + 3 * HOUR, channel="email")]
    found = run({}, rows)
    assert len(found) == 1
    v = found[0]
    assert (v["case_id"], v["customer_id"], v["interaction_ids"]) == ("c1", "u1", ["p", "f"])
    assert v["observed"] == "kept 3h late" and v["limit"] == "2026-03-03 17:00 UTC"
    assert v["timestamp"] == DUE + timedelta(hours=3)
    assert v["message"] == "Promised by 2026-03-03 17:00 UTC on phone; kept 3h late."
    assert run({"grace": "3h"}, rows) == []
    found = run({"grace": "1h"}, rows)
    assert [v["observed"] for v in found] == ["kept 2h late"]
    assert found[0]["limit"] == "2026-03-03 18:00 UTC"


def test_promise_kept_on_time_is_clean() -> None:
    assert run({}, [promise(), row("f", "c1", at(DUE))]) == []
    assert run({}, [promise(), row("f", "c1", at(DUE) - 1)]) == []


def test_broken_promise_waits_for_the_due_time() -> None:
    rows = [promise(), row("x", "c1", 61, "inbound", "customer")]
    assert run({}, rows, as_of=DUE) == []
    found = run({}, rows, as_of=DUE + timedelta(seconds=1))
    assert len(found) == 1
    v = found[0]
    assert v["interaction_ids"] == ["p"] and v["observed"] == "not kept by 2026-03-03 17:00 UTC"
    assert v["timestamp"] == DUE
    assert v["message"] == ("Promised by 2026-03-03 17:00 UTC on phone; nothing happened by "
                            "2026-03-03 17:00 UTC.")


def test_only_the_first_later_message_by_fulfil_by_counts() -> None:
    rows = [promise(),
            row("q", "c1", 60, actor="system"),  # same instant as the promise: not later
            row("b", "c1", at(DUE) + HOUR, actor="bot"),
            row("g", "c1", at(DUE) + 2 * HOUR),
            row("f", "c1", at(DUE) + 2 * HOUR),
            row("o", "c2", at(DUE) - HOUR)]  # another case
    found = run({}, rows)
    assert [v["interaction_ids"] for v in found] == [["p", "b"]]
    found = run({"fulfil_by": ["agent"]}, rows)
    assert [v["interaction_ids"] for v in found] == [["p", "f"]]
    assert found[0]["observed"] == "kept 2h late"


def test_promises_by_any_outbound_actor_and_channel_filter() -> None:
    rows = [row("p", "c1", 0, actor="bot", channel="chat", promise_due=BASE),
            row("i", "c1", 0, "inbound", "customer", promise_due=BASE),
            row("f", "c1", 30)]
    found = run({}, rows)
    assert [v["interaction_ids"] for v in found] == [["p", "f"]]
    assert found[0]["message"] == "Promised by 2026-03-02 08:00 UTC on chat; kept 30m late."
    assert run({"channels": ["phone"]}, rows) == []


def test_negative_grace_is_rejected() -> None:
    with pytest.raises(RulesetError):
        ruleset_with("promise_kept", {"grace": "-1h"})
    with pytest.raises(RulesetError):
        ruleset_with("promise_kept", {"fulfil_by": []})


PARAMS = st.fixed_dictionaries(
    {},
    optional={
        "grace": st.sampled_from(["0s", "30s", "10m", "1h", "1d"]),
        "fulfil_by": st.lists(st.sampled_from(["agent", "bot", "system"]), min_size=1,
                              max_size=3, unique=True),
        "channels": st.lists(st.sampled_from(["chat", "email", "phone"]), min_size=1,
                             max_size=2, unique=True),
    },
)


@given(params=PARAMS, rows=interactions())
def test_vectorized_equals_reference(params: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    assert_engines_agree(ruleset_with("promise_kept", params, category="honesty"), rows)
