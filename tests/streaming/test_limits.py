"""Streaming limits: a runaway case or customer is refused with a clear error, not a stall,
and the refused event changes nothing."""

from __future__ import annotations

import json
import time
import zlib
from datetime import timedelta
from typing import Any

import pytest

from cx_rules.io.limits import Limits
from cx_rules.streaming import LimitError, Session
from tests.kinds.response_time.test_response_time import row


def state(s: Session) -> Any:
    """The snapshot's state, without the counters (a refused event is counted)."""
    data = json.loads(zlib.decompress(s.snapshot()))["state"]
    data.pop("stats")
    return data


def test_an_event_beyond_the_case_limit_is_refused_and_changes_nothing() -> None:
    s = Session("cx-baseline", limits=Limits(max_events_per_case=3))
    for i in range(3):
        s.observe(row(f"e{i}", "c1", i, "inbound" if i % 2 == 0 else "outbound",
                      "customer" if i % 2 == 0 else "agent"))
    before = state(s)
    with pytest.raises(LimitError) as info:
        s.observe(row("e3", "c1", 3, "outbound", "agent"))
    assert info.value.field == "case_id"
    assert "max_events_per_case=3" in str(info.value) and "'c1' already has 3 events" in str(
        info.value)
    assert state(s) == before
    assert s.stats["limit_refused"] == 1
    s.observe(row("e3", "c2", 3, "inbound", "customer"))  # another case is fine; the id too


def test_buffered_events_count_towards_the_limits() -> None:
    s = Session("cx-baseline", max_lateness=timedelta(hours=1),
                limits=Limits(max_events_per_case=2, max_cases_per_customer=2))
    s.observe(row("a", "c1", 0, "inbound", "customer"))
    s.observe(row("b", "c1", 1, "outbound", "agent"))
    with pytest.raises(LimitError, match="max_events_per_case=2"):
        s.observe(row("c", "c1", 2, "inbound", "customer"))
    s.observe(row("d", "c2", 3, "inbound", "customer"))
    with pytest.raises(LimitError, match="'u1' already has 2 live cases") as info:
        s.observe(row("e", "c3", 4, "inbound", "customer"))
    assert info.value.field == "customer_id"
    # after the buffer drains, the counts are the applied cases' (not counted twice)
    s.advance(s._max_ts + timedelta(hours=2))  # type: ignore[operator]
    assert not s._pending_events and not s._pending_cases
    with pytest.raises(LimitError, match="'u1' already has 2 live cases"):
        s.observe(row("e", "c3", 200, "inbound", "customer"))
    s.observe(row("e", "c2", 200, "outbound", "agent"))  # an existing case still takes one


def test_a_restored_session_keeps_its_limits_and_counts() -> None:
    s = Session("cx-baseline", max_lateness=timedelta(hours=1),
                limits=Limits(max_cases_per_customer=2))
    s.observe(row("a", "c1", 0, "inbound", "customer"))
    s.observe(row("b", "c2", 1, "inbound", "customer"))  # still buffered
    restored = Session.restore(s.snapshot(), "cx-baseline")
    with pytest.raises(LimitError, match="max_cases_per_customer=2"):
        restored.observe(row("c", "c3", 2, "inbound", "customer"))


def test_a_customer_with_thousands_of_cases_is_refused_not_stalled() -> None:
    """The default limit stops a customer at 1,000 live cases, reached in seconds (a
    customer with 100k cases used to stall the session: it never finished)."""
    s = Session("cx-baseline")
    n = Limits().max_cases_per_customer
    start = time.monotonic()
    for i in range(n):
        s.observe(row(f"e{i}", f"c{i}", i / 60, "inbound", "customer"))
    with pytest.raises(LimitError):
        s.observe(row("last", "c-last", n, "inbound", "customer"))
    assert time.monotonic() - start < 600  # a guard against a hang, not a speed target
