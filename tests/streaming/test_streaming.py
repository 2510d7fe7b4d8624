"""The streaming Session: same violations as the batch engine, deadlines, lateness, snapshots."""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import timedelta
from itertools import pairwise
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules import evaluate, load_ruleset
from cx_rules.errors import InputError
from cx_rules.models.outputs import Action, Violation
from cx_rules.models.ruleset import Ruleset
from cx_rules.ruleset.load import parse_ruleset_text
from cx_rules.streaming import DeadlineAlert, EvictedCaseError, LateEventError, Session
from tests.conftest import ROOT
from tests.kinds import kind_params
from tests.kinds.condition.test_condition import CONDITIONS
from tests.strategies import BASE, customers, interactions

KIND_PARAMS: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    **kind_params(),
    "condition": CONDITIONS.map(lambda when: {"when": when}),
}
WHERES = [None, None, None, 'channel == "chat"', 'customer.tier == "vip"',
          'priority == "urgent" or customer.tier == "vip"']
"""Rule scopes (``where:``): most rules have none."""
CALENDARS = [
    None,
    '{timezone: Europe/Berlin, business_hours: {mon-fri: "09:00-18:00"}, holidays: [2026-03-04]}',
]


@st.composite
def rulesets(draw: st.DrawFn) -> Ruleset:
    """One to four rules of random kinds and parameters, sometimes with a calendar."""
    kinds = draw(st.lists(st.sampled_from(sorted(KIND_PARAMS)), min_size=1, max_size=4))
    calendar = draw(st.sampled_from(CALENDARS))
    lines = ["ruleset: stream-prop", "version: 1.0.0"]
    if calendar:
        lines.append(f"calendar: {calendar}")
    lines.append("rules:")
    for i, kind in enumerate(kinds):
        params = draw(KIND_PARAMS[kind])
        lines += [f"  - id: r{i}-{kind}", f"    kind: {kind}", "    category: speed",
                  f"    params: {json.dumps(params)}"]
        where = draw(st.sampled_from(WHERES))
        if where is not None:
            lines.append(f"    where: {json.dumps(where)}")
    return parse_ruleset_text("\n".join(lines) + "\n", "<stream-property>")


def key(v: Violation | dict[str, Any]) -> tuple[Any, ...]:
    d = v.model_dump() if isinstance(v, Violation) else v
    return (d["rule_id"], d["case_id"], d["customer_id"], tuple(d["interaction_ids"]),
            d["observed"], d["limit"], d["message"])


def batch(rows: list[dict[str, Any]], ruleset: Ruleset,
          profiles: list[dict[str, Any]] | None) -> Counter[tuple[Any, ...]]:
    end = max(r["timestamp"] for r in rows)
    result = evaluate(rows, ruleset, customers=profiles, as_of=end)
    return Counter(key(v) for v in result.violations.iter_rows(named=True))


def in_order(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (r["timestamp"], r["interaction_id"]))


def final_violations(outputs: list[Any]) -> Counter[tuple[Any, ...]]:
    return Counter(key(o) for o in outputs if isinstance(o, Violation))


def stream(session: Session, rows: list[dict[str, Any]], advances: list[int],
           restore_at: int | None = None) -> tuple[Session, list[Any]]:
    """Observe rows in order, calling advance(ts of row i) before row i for i in advances,
    and snapshot/restore the session before row ``restore_at``."""
    out: list[Any] = []
    for i, row in enumerate(rows):
        if i in advances:
            out += session.advance(row["timestamp"])
        if i == restore_at:
            session = Session.restore(session.snapshot(), session.ruleset)
        out += session.observe(row)
    return session, out


@given(ruleset=rulesets(), rows=interactions(), profiles=customers(),
       data=st.data(), timers=st.sampled_from(["durable", "heap"]))
def test_stream_equals_batch(ruleset: Ruleset, rows: list[dict[str, Any]],
                             profiles: list[dict[str, Any]], data: st.DataObject,
                             timers: str) -> None:
    """observe (+ advance at random moments) + close(end) == evaluate(log, as_of=end)."""
    ordered = in_order(rows)
    advances = data.draw(st.sets(st.integers(0, len(ordered) - 1)), label="advances")
    restore_at = data.draw(st.none() | st.integers(0, len(ordered) - 1), label="restore_at")
    retention = data.draw(st.sampled_from([None, "auto"]), label="retention")
    session = Session(ruleset, customers=profiles, timers=timers,  # type: ignore[arg-type]
                      retention=retention)  # type: ignore[arg-type]
    try:
        session, out = stream(session, ordered, advances, restore_at)
    except EvictedCaseError as error:
        # only a case resolved and then idle for longer than the retention may be evicted
        assert retention == "auto" and session.retention is not None
        case = [r for r in ordered if r["case_id"] == error.args[0].split("'")[1]]
        gaps = [b["timestamp"] - a["timestamp"] for a, b in pairwise(case)
                if any(r["status"] in ("resolved", "closed") for r in case[:case.index(b)])]
        assert gaps and max(gaps) >= session.retention, str(error)
        return
    end = max(r["timestamp"] for r in rows)
    out += session.close(end)
    want = batch(rows, ruleset, profiles)
    got = final_violations(out)
    assert got == want, f"stream-only: {got - want}\nbatch-only: {want - got}"
    assert session.inconsistencies == []
    alerts = [o for o in out if isinstance(o, DeadlineAlert)]
    assert len({(a.violation.rule_id, a.violation.interaction_ids[:1]) for a in alerts}) == \
        len(alerts), "a wait is alerted at most once"


@given(ruleset=rulesets(), rows=interactions(), profiles=customers(), seed=st.integers(0, 99))
def test_out_of_order_within_lateness_equals_batch(ruleset: Ruleset,
                                                   rows: list[dict[str, Any]],
                                                   profiles: list[dict[str, Any]],
                                                   seed: int) -> None:
    """Events shuffled by at most the lateness bound give the same result as in order."""
    lateness = timedelta(minutes=30)
    rng = random.Random(seed)
    jittered = sorted(in_order(rows), key=lambda r: r["timestamp"] + rng.random() * lateness)
    session = Session(ruleset, customers=profiles, max_lateness=lateness)
    out: list[Any] = []
    for row in jittered:
        out += session.observe(row)
    out += session.close(max(r["timestamp"] for r in rows))
    assert final_violations(out) == batch(rows, ruleset, profiles)


CUSTOMER_WIDE = [
    {"trigger": "frequent_contact", "min_cases": 2, "window": "1d"},
    {"trigger": "frequent_contact", "min_cases": 3, "window": "2d"},
]


@st.composite
def busy_customer(draw: st.DrawFn) -> list[dict[str, Any]]:
    """One or two customers with many short cases over a span several retentions long, each
    case resolved within hours: the cases that customer-wide rules count get evicted while
    later cases still arrive."""
    rows: list[dict[str, Any]] = []
    start = 0
    for case in range(draw(st.integers(3, 9))):
        start += draw(st.sampled_from([60, 600, 1500, 2000, 3000, 5000]))
        customer = f"u{draw(st.integers(0, 1))}"
        topic = draw(st.sampled_from(["billing", "delivery"]))
        minute = start
        for step, status in enumerate([None, "resolved"] + ([None] if draw(st.booleans())
                                                            else [])):
            minute += 0 if step == 0 else draw(st.sampled_from([1, 30, 300]))
            inbound = step != 1
            claim = draw(st.sampled_from([None, "10", "12"]))
            rows.append({
                "case_id": f"c{case}", "customer_id": customer,
                "timestamp": BASE + timedelta(minutes=minute),
                "channel": draw(st.sampled_from(["email", "chat"])),
                "direction": "inbound" if inbound else "outbound",
                "actor": "customer" if inbound else "agent",
                "agent_id": None if inbound else "a1", "topic": topic, "status": status,
                "claims": [{"key": "price", "value": claim}] if claim else None,
            })
    for i, row in enumerate(rows):
        row["interaction_id"] = f"i{i:03d}"
    return rows


@st.composite
def customer_wide_rulesets(draw: st.DrawFn) -> Ruleset:
    rules = [("personalization", draw(st.sampled_from(CUSTOMER_WIDE)))]
    if draw(st.booleans()):
        rules.append(("repeat_contact", {"mode": "after_resolution",
                                         "window": draw(st.sampled_from(["1d", "3d"])),
                                         "same_topic": draw(st.booleans())}))
    if draw(st.booleans()):
        rules.append(("consistency", {"scope": "customer", "window": "2d"}))
    lines = ["ruleset: evict-prop", "version: 1.0.0", "rules:"]
    for i, (kind, params) in enumerate(rules):
        lines += [f"  - id: r{i}-{kind}", f"    kind: {kind}", "    category: speed",
                  f"    params: {json.dumps(params)}"]
    return parse_ruleset_text("\n".join(lines) + "\n", "<evict-property>")


@given(ruleset=customer_wide_rulesets(), rows=busy_customer(),
       timers=st.sampled_from(["durable", "heap"]), data=st.data())
def test_evicting_counted_cases_keeps_customer_wide_results(
        ruleset: Ruleset, rows: list[dict[str, Any]], timers: str, data: st.DataObject) -> None:
    """Customer-wide rules (frequent contact, repeat contact, per-customer consistency) after
    the cases they counted were evicted: still exactly the batch result, nothing flagged
    twice, no inconsistency."""
    ordered = in_order(rows)
    advances = set(range(len(ordered))) if data.draw(st.booleans(), label="advance_each") \
        else data.draw(st.sets(st.integers(0, len(ordered) - 1)), label="advances")
    session = Session(ruleset, timers=timers)  # type: ignore[arg-type]
    session, out = stream(session, ordered, advances)
    out += session.close(ordered[-1]["timestamp"])
    want = batch(rows, ruleset, None)
    got = final_violations(out)
    assert got == want, f"stream-only: {got - want}\nbatch-only: {want - got}"
    assert session.inconsistencies == []


def test_shipped_sample_streams_to_the_batch_result() -> None:
    sample = ROOT / "examples"
    result = evaluate(sample / "sample_log.csv", "cx-baseline", customers=sample / "customers.csv")
    rows = [{k: v for k, v in r.items() if not k.startswith("_")}
            for r in result.interactions.sort("timestamp", "interaction_id").iter_rows(named=True)]
    session = Session("cx-baseline", customers=sample / "customers.csv")
    out: list[Any] = []
    for row in rows:
        out += session.observe(row)
    during = final_violations(out)
    out += session.close(result.summary.as_of)
    want = Counter(key(v) for v in result.violations.iter_rows(named=True))
    assert final_violations(out) == want
    assert sum(want.values()) == 20
    assert sum(during.values()) >= 15, "most violations are known the moment they happen"
    assert any(isinstance(o, Action) for o in out)


def row(i: str, case: str, minutes: float, direction: str, actor: str,
        **extra: Any) -> dict[str, Any]:
    return {"interaction_id": i, "case_id": case, "customer_id": extra.pop("customer", "u1"),
            "timestamp": BASE + timedelta(minutes=minutes), "channel": extra.pop("channel", "chat"),
            "direction": direction, "actor": actor, **extra}


CHAT_RULES = parse_ruleset_text(
    "ruleset: chat\nversion: 1.0.0\nrules:\n"
    "  - id: first-reply-chat\n    kind: response_time\n    category: speed\n"
    "    params: {metric: first_reply, limit: 2m, channels: [chat]}\n"
    "  - id: no-pii\n    kind: pii_exposure\n    category: privacy\n"
    "    severity: critical\n    params: {channels: [chat]}\n", "<chat>")


def test_pii_leak_is_reported_by_the_event_that_leaks_it() -> None:
    session = Session(CHAT_RULES)
    assert session.observe(row("a", "c1", 0, "inbound", "customer")) == []
    [v] = session.observe(row("b", "c1", 1, "outbound", "agent",
                              text="Your card 4111 1111 1111 1111 is on file"))
    assert isinstance(v, Violation) and v.rule_id == "no-pii"
    assert "payment_card ****1111" in v.message


def test_advance_alerts_an_unanswered_wait_once_and_the_reply_finalises_it() -> None:
    session = Session(CHAT_RULES)
    session.observe(row("a", "c1", 0, "inbound", "customer"))
    assert session.advance(BASE + timedelta(minutes=2)) == []  # exactly at the limit: fine
    [alert] = session.advance(BASE + timedelta(minutes=2, seconds=1))
    assert isinstance(alert, DeadlineAlert)
    assert alert.violation.observed == "not answered after 2m 1s"
    assert session.advance(BASE + timedelta(minutes=5)) == []  # alerted once
    [final] = session.observe(row("b", "c1", 9.2, "outbound", "agent"))
    assert isinstance(final, Violation)
    assert final.message == "First reply on chat took 9m 12s (limit 2m)."
    assert session.close() == []


def test_business_hours_deadline_waits_for_opening_time() -> None:
    rules = parse_ruleset_text(
        "ruleset: bh\nversion: 1.0.0\n"
        'calendar: {timezone: UTC, business_hours: {mon-fri: "09:00-17:00"}}\nrules:\n'
        "  - id: first-reply-email\n    kind: response_time\n    category: speed\n"
        "    params: {metric: first_reply, limit: 1h, hours: business}\n", "<bh>")
    session = Session(rules)
    friday_evening = BASE + timedelta(days=4, hours=10)  # Fri 18:00 UTC
    session.observe({**row("a", "c1", 0, "inbound", "customer", channel="email"),
                     "timestamp": friday_evening})
    assert session.advance(friday_evening + timedelta(days=2, hours=15)) == []  # Mon 09:00
    [alert] = session.advance(friday_evening + timedelta(days=2, hours=16, minutes=1))
    assert isinstance(alert, DeadlineAlert)


def test_late_and_evicted_events_are_refused_without_changing_state() -> None:
    session = Session(CHAT_RULES, max_lateness=timedelta(minutes=5), retention=timedelta(hours=1))
    session.observe(row("a", "c1", 10, "inbound", "customer"))
    session.observe(row("b", "c1", 20, "outbound", "agent", status="resolved"))
    with pytest.raises(LateEventError, match="older than the session allows"):
        session.observe(row("z", "c2", 1, "inbound", "customer"))
    session.observe(row("c", "c2", 18, "inbound", "customer"))  # 2 minutes late: fine
    session.advance(BASE + timedelta(hours=3))
    assert session.stats["cases_evicted"] == 1
    with pytest.raises(EvictedCaseError, match="'c1' was closed and evicted"):
        session.observe(row("d", "c1", 200, "inbound", "customer"))
    assert session.stats["events"] == 3


def test_bad_event_names_the_field() -> None:
    session = Session(CHAT_RULES)
    with pytest.raises(InputError) as info:
        session.observe({**row("a", "c1", 0, "inbound", "customer"), "channel": "pigeon"})
    assert info.value.field == "channel"
    with pytest.raises(InputError, match="duplicate 'a'"):
        session.observe(row("a", "c1", 0, "inbound", "customer"))
        session.observe(row("a", "c1", 1, "inbound", "customer"))


def test_snapshot_keeps_open_deadlines_across_a_restart() -> None:
    session = Session(CHAT_RULES)
    session.observe(row("a", "c1", 0, "inbound", "customer"))
    blob = session.snapshot()
    assert isinstance(blob, bytes)
    restored = Session.restore(blob, CHAT_RULES)
    [alert] = restored.advance(BASE + timedelta(minutes=3))
    assert isinstance(alert, DeadlineAlert) and alert.violation.case_id == "c1"


def test_closed_cases_are_evicted_so_memory_stays_bounded() -> None:
    session = Session(load_ruleset("cx-baseline"), retention=timedelta(days=1))
    for n in range(300):
        t = n * 60.0
        session.observe(row(f"q{n}", f"c{n}", t, "inbound", "customer", customer=f"u{n}"))
        session.observe(row(f"r{n}", f"c{n}", t + 1, "outbound", "agent", customer=f"u{n}",
                            status="resolved"))
        session.observe(row(f"f{n}", f"c{n}", t + 30, "outbound", "agent", customer=f"u{n}"))
    session.advance(BASE + timedelta(minutes=300 * 60 + 1))
    assert session.open_cases < 30
    assert session.retained_rows < 100
    assert session.stats["cases_evicted"] > 270
