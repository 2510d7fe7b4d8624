"""proactive_contact: incidents told before the customer asks, or never told."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cx_rules.engine.applicability import not_applicable, present_fields
from tests.kinds._rows import event, run
from tests.strategies import assert_engines_agree, frame, interactions, ruleset_with

PARAMS = st.fixed_dictionaries({}, optional={
    "events": st.sampled_from([["delay"], ["incident_started", "outage"]]),
    "resolved_events": st.sampled_from([[], ["incident_resolved"], ["shipped"]]),
    "notify_within": st.sampled_from(["30m", "4h", "1d"]),
    "window": st.sampled_from(["1h", "7d"]),
    "notify_by": st.sampled_from([["system"], ["agent", "bot"]]),
})
DAY = 24 * 60


def incident(i: str, minutes: float, kind: str = "delay", **extra: Any) -> dict[str, Any]:
    return event(i, minutes, "outbound", "system", event=kind, **extra)


def findings(rows: list[dict[str, Any]], **params: Any) -> list[dict[str, Any]]:
    return run("proactive_contact", params, rows, category="proactivity")


def test_the_customer_asked_before_being_told() -> None:
    rows = [incident("d", 60), event("q", 180, "inbound", "customer",
                                     text="Where is my parcel? It was due today.")]
    [found] = findings(rows)
    assert found["interaction_ids"] == ["d", "q"]
    assert found["observed"] == "customer wrote first, 2h after the delay"
    assert found["limit"] == "told within 1d, before the customer asks"
    assert found["message"] == ("Customer wrote 2h after the delay of 2026-03-02 09:00 UTC "
                                "before being told of it.")


def test_a_notice_first_in_any_case_of_the_customer_is_fine() -> None:
    told = [incident("d", 60), event("n", 90, "outbound", "agent", case="c2", agent_id="a1",
                                     text="Your parcel is two days late, sorry."),
            event("q", 180, "inbound", "customer", text="Thanks, and when exactly?")]
    assert findings(told) == []
    # a notice at the very instant the customer writes counts; one to someone else does not
    same_instant = [incident("d", 60), event("n", 180, "outbound", "system", text="Delayed."),
                    event("q", 180, "inbound", "customer")]
    assert findings(same_instant) == []
    other = [incident("d", 60), event("n", 90, "outbound", "agent", customer="u2", case="c9",
                                      text="Your parcel is late."),
             event("q", 180, "inbound", "customer")]
    assert [f["interaction_ids"] for f in findings(other)] == [["d", "q"]]
    assert findings(told, notify_by=["bot"])[0]["interaction_ids"] == ["d", "q"]


def test_never_told_once_the_notice_deadline_has_passed() -> None:
    rows = [incident("o", 0, "outage", case="c1"),
            event("x", DAY + 60, "inbound", "customer", customer="u2", case="c2")]
    [found] = findings(rows)
    assert found["interaction_ids"] == ["o"]
    assert found["observed"] == "not told within 1d"
    assert found["timestamp"].isoformat() == "2026-03-03T08:00:00+00:00"
    assert found["message"] == ("Customer was not told of the outage of 2026-03-02 08:00 UTC "
                                "within 1d.")
    # the log ends before the deadline: still open, not judged
    assert findings([rows[0], {**rows[1], "timestamp": rows[0]["timestamp"]}]) == []
    # the customer writing only after the deadline is the same failure, found once
    late_ask = [*rows, event("q", 3 * DAY, "inbound", "customer")]
    assert [f["observed"] for f in findings(late_ask)] == ["not told within 1d"]


def test_a_problem_resolved_before_anyone_noticed_needs_no_notice() -> None:
    rows = [incident("o", 0, "outage"), incident("r", 20, "incident_resolved"),
            event("x", 2 * DAY, "inbound", "customer", customer="u2", case="c2")]
    assert findings(rows) == []
    # but a customer who wrote in during the outage asked first
    asked = [*rows, event("q", 10, "inbound", "customer", text="The app is down!")]
    assert [f["interaction_ids"] for f in findings(asked)] == [["o", "q"]]


def test_messages_before_the_event_and_beyond_the_window_do_not_count() -> None:
    rows = [event("q0", 0, "inbound", "customer"), incident("d", 10),
            event("q1", 200, "inbound", "customer")]
    [found] = findings(rows, window="1h", notify_within="1h")
    assert found["observed"] == "not told within 1h"  # q1 came after the window


def test_feed_rows_tell_nobody_but_an_event_row_with_text_is_the_notice() -> None:
    silent = [incident("d", 60), event("s", 90, "outbound", "agent", agent_id="a1",
                                       status="pending"),
              event("q", 180, "inbound", "customer")]
    assert [f["interaction_ids"] for f in findings(silent)] == [["d", "q"]]
    told = [incident("d", 60, text="Your parcel is delayed by two days, sorry."),
            event("q", 180, "inbound", "customer")]
    assert findings(told) == []


def test_an_update_of_the_same_problem_is_judged_once() -> None:
    rows = [incident("d1", 0), incident("d2", 30), incident("d3", 30, "outage"),
            event("q", 60, "inbound", "customer")]
    assert [f["interaction_ids"] for f in findings(rows)] == [["d1", "q"]]
    # after it ended, or beyond the window, a new problem is judged on its own
    ended = [incident("d1", 0), incident("r", 10, "incident_resolved"), incident("d2", 30),
             event("q", 60, "inbound", "customer")]
    assert [f["interaction_ids"] for f in findings(ended)] == [["d1", "q"], ["d2", "q"]]
    assert len(findings(rows, window="20m", notify_within="20m")) == 2
    # an end logged at the very instant of the first problem ends nothing after it
    same_instant = [incident("d1", 0), incident("r", 0, "incident_resolved"), incident("d2", 30),
                    event("q", 60, "inbound", "customer")]
    assert [f["interaction_ids"] for f in findings(same_instant)] == [["d1", "q"]]


def test_events_that_are_not_problems_are_ignored() -> None:
    rows = [incident("s", 0, "shipped"), event("q", 60, "inbound", "customer")]
    assert findings(rows) == []
    assert len(findings(rows, events=["shipped"])) == 1


def test_not_applicable_on_an_export_without_events() -> None:
    rows = [event("q", 0, "inbound", "customer", text="Is the app down?"),
            event("a", 5, "outbound", "agent", agent_id="a1", text="Yes, sorry.")]
    ruleset = ruleset_with("proactive_contact", {}, category="proactivity")
    assert not_applicable(ruleset, present_fields(frame(rows)), False) == {
        "r1": "the log has no event"}
    assert not_applicable(ruleset, present_fields(frame([*rows, incident("d", 1)])), False) == {}


@given(rows=interactions(rich=True), params=PARAMS)
def test_vectorized_equals_reference(rows: list[dict[str, Any]], params: dict[str, Any]) -> None:
    assert_engines_agree(ruleset_with("proactive_contact", params, category="proactivity"), rows)
