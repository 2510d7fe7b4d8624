"""follow_up: unit cases and equivalence with the reference evaluator."""

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
DAY = 24 * HOUR


def row(i: str, case: str, minutes: float, direction: str = "outbound", actor: str = "agent",
        **extra: Any) -> dict[str, Any]:
    base = {k: None for k in ("agent_id", "text", "topic", "priority", "status", "purpose",
                              "claims", "promise_due", "csat", "sentiment", "identity_verified")}
    return {**base, "interaction_id": i, "case_id": case, "customer_id": "u1",
            "timestamp": BASE + timedelta(minutes=minutes), "channel": extra.pop("channel", "chat"),
            "direction": direction, "actor": actor, **extra}


def run(params: dict[str, Any], rows: list[dict[str, Any]],
        as_of: datetime | None = None) -> list[dict[str, Any]]:
    rs = ruleset_with("follow_up", params, category="resolution")
    out, _ = run_rules(rs, frame(rows), None, as_of or max(r["timestamp"] for r in rows))
    return out.to_dicts()


def resolved_case() -> list[dict[str, Any]]:
    # BASE is 2026-03-02 08:00 UTC; resolution at 10:00
    return [row("a", "c1", 0, "inbound", "customer", channel="email"),
            row("r", "c1", 2 * HOUR, status="resolved", channel="email")]


def test_missing_follow_up_is_flagged_once_the_window_has_passed() -> None:
    rows = resolved_case()
    end = BASE + timedelta(minutes=2 * HOUR + 3 * DAY)
    assert run({"within": "3d"}, rows, as_of=end - timedelta(seconds=1)) == []
    found = run({"within": "3d"}, rows, as_of=end)
    assert len(found) == 1
    v = found[0]
    assert (v["case_id"], v["customer_id"], v["interaction_ids"]) == ("c1", "u1", ["r"])
    assert v["observed"] == "no follow-up within 3d" and v["limit"] == "3d"
    assert v["timestamp"] == end
    assert v["message"] == "Case resolved 2026-03-02 10:00 UTC got no follow-up within 3d."


def test_follow_up_inside_the_window_is_clean_and_boundaries_are_exact() -> None:
    as_of = datetime(2026, 3, 9, tzinfo=UTC)
    rows = resolved_case()
    # a message at the very end of the window counts
    assert run({"within": "3d"}, [*rows, row("f", "c1", 2 * HOUR + 3 * DAY)], as_of) == []
    # one at the same instant as the resolution does not, nor one after the window
    assert len(run({"within": "3d"}, [*rows, row("f", "c1", 2 * HOUR)], as_of)) == 1
    assert len(run({"within": "3d"}, [*rows, row("f", "c1", 2 * HOUR + 3 * DAY + 1)],
                   as_of)) == 1


def test_actors_filter_follow_ups() -> None:
    as_of = datetime(2026, 3, 9, tzinfo=UTC)
    rows = [*resolved_case(), row("f", "c1", 3 * HOUR, actor="bot"),
            row("g", "c1", 4 * HOUR, "inbound", "customer")]
    assert len(run({"within": "3d"}, rows, as_of)) == 1
    assert run({"within": "3d", "actors": ["bot"]}, rows, as_of) == []


def test_only_the_first_resolution_counts_and_unresolved_cases_are_ignored() -> None:
    as_of = datetime(2026, 3, 9, tzinfo=UTC)
    rows = [*resolved_case(), row("s", "c1", 5 * DAY, status="closed"),
            row("x", "c2", 0, "inbound", "customer")]
    found = run({"within": "1d"}, rows, as_of)
    assert [v["interaction_ids"] for v in found] == [["r"]]


def test_forbidden_follow_up_is_flagged_at_the_first_contact() -> None:
    rows = [*resolved_case(), row("g", "c1", 6 * HOUR, actor="system"),
            row("f", "c1", 6 * HOUR), row("h", "c1", 7 * HOUR)]
    found = run({"within": "3d", "require": False}, rows)
    assert len(found) == 1
    v = found[0]
    assert v["interaction_ids"] == ["r", "f"]  # same instant as g: the smaller id first
    assert v["observed"] == "contacted after 4h" and v["limit"] == "no contact within 3d"
    assert v["timestamp"] == BASE + timedelta(minutes=6 * HOUR)
    assert v["message"] == "Customer contacted 4h after case resolution (none wanted within 3d)."
    assert run({"within": "3h", "require": False}, rows) == []


def test_channels_filter_on_the_first_event_of_the_case() -> None:
    as_of = datetime(2026, 3, 9, tzinfo=UTC)
    assert run({"within": "1d", "channels": ["chat"]}, resolved_case(), as_of) == []
    assert len(run({"within": "1d", "channels": ["email"]}, resolved_case(), as_of)) == 1


def test_bad_params_are_rejected() -> None:
    with pytest.raises(RulesetError):
        ruleset_with("follow_up", {})
    with pytest.raises(RulesetError):
        ruleset_with("follow_up", {"within": "0s"})


PARAMS = st.fixed_dictionaries(
    {"within": st.sampled_from(["1m", "1h", "4h", "1d", "3d"])},
    optional={
        "require": st.booleans(),
        "actors": st.lists(st.sampled_from(["agent", "bot", "system"]), min_size=1,
                           max_size=3, unique=True),
        "channels": st.lists(st.sampled_from(["chat", "email", "phone"]), min_size=1,
                             max_size=2, unique=True),
    },
)


@given(params=PARAMS, rows=interactions())
def test_vectorized_equals_reference(params: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    assert_engines_agree(ruleset_with("follow_up", params, category="resolution"), rows)
