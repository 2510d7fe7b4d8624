"""phone_queue: unit cases of real queue situations and equivalence with the reference."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.engine.applicability import not_applicable, present_fields
from cx_rules.errors import RulesetError
from cx_rules.kinds.registry import get_kind
from tests.kinds._rows import event, run
from tests.strategies import BASE, assert_engines_agree, frame, interactions, ruleset_with

SPEED = {"metric": "speed_of_answer", "limit": "20s"}


def q(i: str, seconds: float, what: str, *, case: str = "c1", channel: str = "phone",
      **extra: Any) -> dict[str, Any]:
    """A queue event of a call, ``seconds`` after 08:00."""
    direction, actor = ("inbound", "customer") if what != "answered" else ("outbound", "agent")
    return event(i, seconds / 60, direction, actor, case=case, channel=channel,
                 queue_event=what, **extra)


def speed(rows: list[dict[str, Any]], **params: Any) -> list[dict[str, Any]]:
    return run("phone_queue", {**SPEED, **params}, rows, category="speed")


def abandoned(rows: list[dict[str, Any]], **params: Any) -> list[dict[str, Any]]:
    return run("phone_queue", {"metric": "abandonment", **params}, rows, category="speed")


def test_a_call_answered_within_the_limit_is_fine() -> None:
    rows = [q("q", 0, "queued"), q("a", 20, "answered")]
    assert speed(rows) == []
    assert abandoned(rows) == []


def test_a_call_answered_late_is_a_violation() -> None:
    [found] = speed([q("q", 0, "queued"), q("a", 45, "answered")])
    assert found["interaction_ids"] == ["q", "a"]
    assert found["timestamp"] == BASE + timedelta(seconds=45)
    assert found["observed"] == "45s" and found["limit"] == "20s"
    assert found["message"] == "Call answered after 45s in the queue (limit 20s)."


def test_a_caller_still_waiting_at_the_end_of_the_log_past_the_limit() -> None:
    rows = [q("q", 0, "queued"), event("x", 65 / 60, "outbound", "system", channel="email")]
    [found] = speed(rows)
    assert found["interaction_ids"] == ["q"]
    assert found["observed"] == "not answered after 1m 5s"
    assert found["message"] == "Call still waiting in the queue after 1m 5s (limit 20s)."
    # not yet past the limit: nothing to say
    assert speed([q("q", 0, "queued"), event("x", 0.25, "outbound", "system")]) == []


def test_abandoned_quickly_versus_after_min_wait() -> None:
    rows = [q("q1", 0, "queued"), q("h1", 2, "abandoned"),
            q("q2", 0, "queued", case="c2"), q("h2", 72, "abandoned", case="c2")]
    assert len(abandoned(rows)) == 2  # min_wait 0s: every hang-up after waiting counts
    [found] = abandoned(rows, min_wait="5s")
    assert found["case_id"] == "c2" and found["interaction_ids"] == ["q2", "h2"]
    assert found["observed"] == "abandoned after 1m 12s" and found["limit"] == "5s"
    assert found["message"] == "Caller hung up after 1m 12s in the queue."
    # a hang-up is not an answer: speed of answer leaves it to the abandonment metric
    assert speed(rows) == []


def test_two_waits_in_one_case_transferred_back_to_the_queue() -> None:
    rows = [q("q1", 0, "queued"), q("a1", 10, "answered"),
            q("q2", 300, "queued"), q("a2", 340, "answered"),
            q("q3", 600, "queued"), q("h3", 700, "abandoned")]
    [late] = speed(rows)
    assert late["interaction_ids"] == ["q2", "a2"]
    assert late["message"] == "Call answered after 40s in the queue (limit 20s)."
    [gone] = abandoned(rows)
    assert gone["interaction_ids"] == ["q3", "h3"]


def test_queued_again_while_waiting_keeps_the_first_clock() -> None:
    rows = [q("q1", 0, "queued"), q("q2", 15, "queued"), q("a", 30, "answered"),
            q("a-again", 31, "answered"), q("h", 32, "abandoned")]
    [found] = speed(rows)
    assert found["interaction_ids"] == ["q1", "a"]  # 30s, not 15s since the transfer
    assert abandoned(rows) == []  # a close with no queued before it is no wait


def test_a_case_with_no_queue_events_and_other_channels() -> None:
    rows = [event("m", 0, "inbound", "customer"), event("r", 30, "outbound", "agent"),
            q("cq", 0, "queued", case="c2", channel="chat"),
            q("ca", 120, "answered", case="c2", channel="chat")]
    assert speed(rows) == []
    [chat] = speed(rows, channels=["chat"])
    assert chat["case_id"] == "c2" and chat["observed"] == "2m"


def test_limits_by_priority_at_the_time_the_call_was_queued() -> None:
    rows = [q("q", 0, "queued", priority="urgent"), q("a", 15, "answered", priority="low")]
    assert speed(rows) == []
    [found] = speed(rows, by_priority={"urgent": "10s"})
    assert found["limit"] == "10s"


def test_not_applicable_without_any_queue_event() -> None:
    rs = ruleset_with("phone_queue", SPEED)
    plain = frame([event("m", 0, "inbound", "customer")])
    assert not_applicable(rs, present_fields(plain), False) == {
        "r1": "the log has no queue_event"}
    queued = frame([q("q", 0, "queued")])
    assert not_applicable(rs, present_fields(queued), False) == {}


@pytest.mark.parametrize("params", [
    {"metric": "speed_of_answer"},
    {"metric": "speed_of_answer", "limit": "20s", "min_wait": "5s"},
    {"metric": "abandonment", "limit": "20s"},
    {"metric": "abandonment", "by_priority": {"urgent": "10s"}},
    {"metric": "speed_of_answer", "limit": "20s", "channels": []},
])
def test_parameters_that_do_not_fit_the_metric_are_refused(params: dict[str, Any]) -> None:
    with pytest.raises(RulesetError):
        ruleset_with("phone_queue", params)


def test_the_stream_knows_when_a_waiting_caller_runs_past_the_limit() -> None:
    kind = get_kind("phone_queue")
    assert kind is not None and kind.stream.next_change is not None
    params = kind.params.model_validate(SPEED)
    rows = [q("q", 0, "queued")]
    after = BASE + timedelta(seconds=5)
    assert kind.stream.next_change(params, rows, None, after) == BASE + timedelta(
        seconds=20, microseconds=1)
    assert kind.stream.next_change(params, [*rows, q("a", 10, "answered")], None, after) is None
    assert not kind.stream.time_dependent(kind.params.model_validate({"metric": "abandonment"}))


@pytest.mark.parametrize(("old", "new", "level"), [
    ("{metric: abandonment, min_wait: 5s}", "{metric: abandonment, min_wait: 30s}", "minor"),
    ("{metric: abandonment, min_wait: 30s}", "{metric: abandonment, min_wait: 5s}", "major"),
    ("{metric: speed_of_answer, limit: 20s}", "{metric: speed_of_answer, limit: 10s}", "major"),
    ("{metric: speed_of_answer, limit: 20s, channels: [phone]}",
     "{metric: speed_of_answer, limit: 20s, channels: [phone, chat]}", "major"),
])
def test_ruleset_versions_know_which_way_the_parameters_go(old: str, new: str,
                                                           level: str) -> None:
    from cx_rules.ruleset.diff import diff_rulesets
    from cx_rules.ruleset.load import parse_ruleset_text

    def ruleset(version: str, params: str) -> Any:
        return parse_ruleset_text(
            f"ruleset: d\nversion: {version}\nrules:\n  - id: r\n    kind: phone_queue\n"
            f"    category: speed\n    params: {params}\n", "<d>")

    assert diff_rulesets(ruleset("1.0.0", old), ruleset("1.0.1", new)).required == level


PARAMS = st.one_of(
    st.builds(lambda limit, urgent, channels: {
        "metric": "speed_of_answer", "limit": limit, "channels": channels,
        **({"by_priority": {"urgent": urgent}} if urgent else {})},
        st.sampled_from(["30s", "1m", "10m", "1h"]), st.sampled_from([None, "30s", "2h"]),
        st.sampled_from([["phone"], ["phone", "callback"], ["phone", "chat"]])),
    st.builds(lambda min_wait, channels: {
        "metric": "abandonment", "min_wait": min_wait, "channels": channels},
        st.sampled_from(["0s", "30s", "5m"]),
        st.sampled_from([["phone"], ["phone", "chat", "email"]])),
)
"""Parameters of phone_queue for the property tests (also the streaming session's)."""


@given(params=PARAMS, rows=interactions())
def test_vectorized_equals_reference(params: dict[str, Any], rows: list[dict[str, Any]]) -> None:
    assert_engines_agree(ruleset_with("phone_queue", params), rows)


@given(params=PARAMS, rows=interactions(),
       events=st.lists(st.sampled_from([None, "queued", "queued", "answered", "abandoned"]),
                       min_size=35, max_size=35))
def test_vectorized_equals_reference_on_busy_queues(params: dict[str, Any],
                                                    rows: list[dict[str, Any]],
                                                    events: list[str | None]) -> None:
    for row, what in zip(rows, events, strict=False):
        row["queue_event"] = what
        if what is not None and row["channel"] not in params["channels"]:
            row["channel"] = params["channels"][0]
    assert_engines_agree(ruleset_with("phone_queue", params), rows)
