"""response_time: unit cases and equivalence with the reference evaluator."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cx_rules.engine.run import run_rules
from tests.strategies import BASE, assert_engines_agree, frame, interactions, ruleset_with


def row(i: str, case: str, minutes: float, direction: str, actor: str,
        **extra: Any) -> dict[str, Any]:
    base = {k: None for k in ("agent_id", "text", "topic", "priority", "status", "purpose",
                              "claims", "promise_due", "csat", "sentiment", "identity_verified")}
    return {**base, "interaction_id": i, "case_id": case, "customer_id": "u1",
            "timestamp": BASE + timedelta(minutes=minutes), "channel": extra.pop("channel", "chat"),
            "direction": direction, "actor": actor, **extra}


def run(params: dict[str, Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rs = ruleset_with("response_time", params)
    out, _ = run_rules(rs, frame(rows), None, max(r["timestamp"] for r in rows))
    return out.to_dicts()


def test_late_first_chat_reply_is_flagged_with_a_sentence() -> None:
    rows = [row("a", "c1", 0, "inbound", "customer"), row("b", "c1", 9.2, "outbound", "agent")]
    found = run({"metric": "first_reply", "limit": "2m"}, rows)
    assert [v["interaction_ids"] for v in found] == [["a", "b"]]
    assert found[0]["message"] == "First reply on chat took 9m 12s (limit 2m)."


def test_reply_within_limit_is_clean_and_bot_does_not_count_by_default() -> None:
    rows = [row("a", "c1", 0, "inbound", "customer"), row("b", "c1", 0.5, "outbound", "bot"),
            row("c", "c1", 1.5, "outbound", "agent")]
    assert run({"metric": "first_reply", "limit": "2m"}, rows) == []
    assert len(run({"metric": "first_reply", "limit": "1m"}, rows)) == 1
    assert run({"metric": "first_reply", "limit": "1m", "reply_by": ["agent", "bot"]}, rows) == []


def test_priority_limit_and_unanswered_wait() -> None:
    rows = [row("a", "c1", 0, "inbound", "customer", priority="urgent"),
            row("b", "c1", 1.5, "outbound", "agent"),
            row("c", "c2", 0, "inbound", "customer"), row("d", "c2", 30, "inbound", "customer")]
    found = run({"metric": "first_reply", "limit": "10m", "by_priority": {"urgent": "1m"}}, rows)
    by_case = {v["case_id"]: v for v in found}
    assert by_case["c1"]["limit"] == "1m"
    assert by_case["c2"]["observed"] == "not answered after 30m"
    assert run({"metric": "first_reply", "limit": "10m", "unanswered": False}, rows[2:]) == []


def test_next_reply_measures_each_later_wait() -> None:
    rows = [row("a", "c1", 0, "inbound", "customer"), row("b", "c1", 1, "outbound", "agent"),
            row("c", "c1", 5, "inbound", "customer"), row("d", "c1", 6, "inbound", "customer"),
            row("e", "c1", 66, "outbound", "agent")]
    found = run({"metric": "next_reply", "limit": "1h"}, rows)
    assert [v["interaction_ids"] for v in found] == [["c", "e"]]


def test_resolution_time_and_channel_filter() -> None:
    rows = [row("a", "c1", 0, "inbound", "customer", channel="email"),
            row("b", "c1", 3000, "outbound", "agent", channel="email", status="resolved")]
    assert len(run({"metric": "resolution", "limit": "1d"}, rows)) == 1
    assert run({"metric": "resolution", "limit": "1d", "channels": ["chat"]}, rows) == []


_PAUSES = st.fixed_dictionaries({}, optional={"paused_while": st.lists(
    st.sampled_from(["pending", "on_hold", "open"]), min_size=1, max_size=2, unique=True)})

_COMMON = st.fixed_dictionaries(
    {
        "metric": st.sampled_from(["first_reply", "next_reply", "resolution",
                                   "requester_wait", "agent_work", "periodic_update"]),
        "limit": st.sampled_from(["1m", "10m", "1h", "1d"]),
    },
    optional={
        "by_priority": st.dictionaries(st.sampled_from(["urgent", "low"]),
                                       st.sampled_from(["30s", "5m", "2h"]), max_size=2),
        "channels": st.lists(st.sampled_from(["chat", "email", "social"]), min_size=1,
                             max_size=2, unique=True),
        "reply_by": st.lists(st.sampled_from(["agent", "bot", "system"]), min_size=1,
                             max_size=2, unique=True),
        "unanswered": st.booleans(),
        "hours": st.sampled_from(["calendar", "business"]),
    },
)
PARAMS = _COMMON.flatmap(lambda p: _PAUSES.map(lambda extra: {**p, **extra})
                         if p["metric"] in ("resolution", "requester_wait", "agent_work")
                         else st.just(p))

CALENDARS = st.sampled_from([
    None,
    '{timezone: Europe/Berlin, business_hours: {mon-fri: "09:00-18:00"}, holidays: [2026-03-04]}',
    '{timezone: America/New_York, business_hours: {mon-sat: ["08:00-12:00", "13:00-17:30"]}}',
])


@given(params=PARAMS, rows=interactions(), calendar=CALENDARS)
def test_vectorized_equals_reference(params: dict[str, Any], rows: list[dict[str, Any]],
                                     calendar: str | None) -> None:
    assert_engines_agree(ruleset_with("response_time", params, calendar=calendar), rows)


def test_business_time_is_shown_in_hours_never_as_calendar_days() -> None:
    """207 business hours are not '8d 15h': a business day is not 24 hours."""
    from cx_rules import evaluate
    from cx_rules.ruleset.load import parse_ruleset_text

    ruleset = parse_ruleset_text(
        "ruleset: biz\nversion: 1.0.0\n"
        'calendar: {timezone: UTC, business_hours: {mon-fri: "09:00-18:00"}}\n'
        "rules:\n  - id: resolution\n    kind: response_time\n    category: resolution\n"
        "    params: {metric: resolution, limit: 45h, hours: business}\n", "<biz>")
    rows = [{"interaction_id": "a", "case_id": "c1", "customer_id": "u1",
             "timestamp": "2026-03-02T09:00:00Z", "channel": "email", "direction": "inbound",
             "actor": "customer", "status": "open"},
            {"interaction_id": "b", "case_id": "c1", "customer_id": "u1",
             "timestamp": "2026-03-25T09:00:00Z", "channel": "email", "direction": "outbound",
             "actor": "agent", "status": "resolved"}]
    [v] = evaluate(rows, ruleset).violations.iter_rows(named=True)
    # 17 working days of 9 hours between the two Mondays' mornings
    assert v["message"] == "Resolution on email took 153h of business time (limit 45h)."
    assert v["limit"] == "45h"


def test_the_resolution_clock_stops_while_pending_or_on_hold() -> None:
    """Open 0-60m, pending on the customer 60-600m, open again, on hold 700-1000m, resolved at
    1100m: 1100m elapsed, 840m stopped, 260m on the clock."""
    rows = [row("a", "c1", 0, "inbound", "customer", channel="email", status="open"),
            row("b", "c1", 60, "outbound", "agent", channel="email", status="pending"),
            row("c", "c1", 600, "inbound", "customer", channel="email", status="open"),
            row("d", "c1", 650, "outbound", "agent", channel="email"),  # status unchanged
            row("e", "c1", 700, "outbound", "agent", channel="email", status="on_hold"),
            row("f", "c1", 1000, "outbound", "system", channel="email", status="open"),
            row("g", "c1", 1100, "outbound", "agent", channel="email", status="resolved")]
    plain = {"metric": "resolution", "limit": "4h"}
    [late] = run(plain, rows)
    assert late["observed"] == "18h 20m"
    paused = {**plain, "paused_while": ["pending", "on_hold"]}
    [found] = run(paused, rows)
    assert found["observed"] == "4h 20m"
    assert found["message"] == ("Resolution on email took 4h 20m (limit 4h), not counting 14h "
                                "while waiting on the customer or a third party.")
    assert run({**paused, "limit": "5h"}, rows) == []
    assert run({**plain, "paused_while": ["pending"], "limit": "10h"}, rows) == []  # 9h 20m
    assert len(run({**plain, "paused_while": ["on_hold"], "limit": "10h"}, rows)) == 1


def test_requester_wait_and_agent_work_time_stop_at_their_statuses() -> None:
    """Zendesk's definitions: requester wait leaves out pending (on the customer), agent work
    time leaves out pending and on-hold (on a third party)."""
    rows = [row("a", "c1", 0, "inbound", "customer", channel="email", status="open"),
            row("b", "c1", 60, "outbound", "agent", channel="email", status="pending"),
            row("c", "c1", 600, "inbound", "customer", channel="email", status="open"),
            row("e", "c1", 700, "outbound", "agent", channel="email", status="on_hold"),
            row("f", "c1", 1000, "outbound", "system", channel="email", status="open"),
            row("g", "c1", 1100, "outbound", "agent", channel="email", status="resolved")]
    [wait] = run({"metric": "requester_wait", "limit": "1h"}, rows)
    assert wait["observed"] == "9h 20m"
    assert wait["message"].startswith("Requester wait on email took 9h 20m (limit 1h), not "
                                      "counting 9h while waiting")
    [work] = run({"metric": "agent_work", "limit": "1h"}, rows)
    assert work["observed"] == "4h 20m"
    assert run({"metric": "agent_work", "limit": "5h"}, rows) == []


def test_a_case_still_pending_at_the_end_has_its_clock_stopped() -> None:
    rows = [row("a", "c1", 0, "inbound", "customer", channel="email", status="open"),
            row("b", "c1", 30, "outbound", "agent", channel="email", status="pending"),
            row("c", "c1", 3000, "outbound", "system", channel="email")]
    params = {"metric": "resolution", "limit": "1h", "paused_while": ["pending"]}
    assert run(params, rows) == []
    [found] = run({**params, "limit": "20m"}, rows)
    assert found["observed"] == "not resolved after 30m"


def test_paused_while_is_only_for_resolution() -> None:
    import pytest

    from cx_rules.errors import RulesetError

    with pytest.raises(RulesetError, match="paused_while applies to metric: resolution"):
        ruleset_with("response_time", {"metric": "first_reply", "limit": "1m",
                                       "paused_while": ["pending"]})


def test_the_streaming_deadline_moves_with_the_stopped_clock() -> None:
    """Resolution within 1h, the clock stopped while pending: the deadline alert comes 1h of
    running clock after the case opened, never while the case waits on the customer."""
    from cx_rules.ruleset.load import parse_ruleset_text
    from cx_rules.streaming import DeadlineAlert, Session

    rules = parse_ruleset_text(
        "ruleset: r\nversion: 1.0.0\nrules:\n"
        "  - id: resolve\n    kind: response_time\n    category: resolution\n"
        "    params: {metric: resolution, limit: 1h, paused_while: [pending]}\n", "<r>")
    session = Session(rules)
    at = lambda m: BASE + timedelta(minutes=m)  # noqa: E731
    session.observe(row("a", "c1", 0, "inbound", "customer", channel="email", status="open"))
    session.observe(row("b", "c1", 20, "outbound", "agent", channel="email", status="pending"))
    assert session.advance(at(500)) == []  # waiting on the customer: no clock, no deadline
    session.observe(row("c", "c1", 500, "inbound", "customer", channel="email", status="open"))
    assert session.advance(at(540)) == []  # 20m + 40m = exactly the limit
    [alert] = session.advance(at(541))
    assert isinstance(alert, DeadlineAlert)
    assert alert.violation.observed == "not resolved after 1h 1m"
    assert alert.violation.message.endswith(
        "not counting 8h while waiting on the customer or a third party.")


def test_periodic_updates_while_the_case_is_open() -> None:
    """An update at least every 4h until the case is resolved; after it, none is due."""
    rows = [row("a", "c1", 0, "inbound", "customer", channel="email", status="open"),
            row("b", "c1", 60, "outbound", "agent", channel="email"),
            row("c", "c1", 400, "inbound", "customer", channel="email"),
            row("d", "c1", 420, "outbound", "agent", channel="email"),  # 6h after b
            row("e", "c1", 480, "outbound", "agent", channel="email", status="resolved"),
            row("f", "c1", 2000, "inbound", "customer", channel="email"),
            row("g", "c2", 0, "inbound", "customer", channel="email", status="open"),
            row("h", "c2", 2000, "inbound", "customer", channel="email")]
    found = run({"metric": "periodic_update", "limit": "4h"}, rows)
    assert [(v["interaction_ids"], v["observed"]) for v in found] == [
        (["b", "d"], "6h"), (["g"], "not sent after 1d 9h")]
    assert found[1]["message"] == "Update on email still not sent after 1d 9h (limit 4h)."
    assert run({"metric": "periodic_update", "limit": "1d 10h"}, rows) == []
