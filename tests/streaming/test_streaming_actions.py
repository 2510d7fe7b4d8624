"""A streaming session proposes the batch engine's actions, quiet hours included, when no
ranking decides between them (no cap or contact limit binds: the session serves first come)."""

from __future__ import annotations

from typing import Any

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from cx_rules import evaluate
from cx_rules.io.outcomes import OUTCOME_SCHEMA
from cx_rules.models.outputs import Action
from cx_rules.streaming import Session
from tests.conftest import fewer_examples
from tests.outputs.test_outcomes import OUTCOME_ROWS, SEGMENTS, SUPPRESS
from tests.outputs.test_outputs import ruleset
from tests.strategies import customers, interactions
from tests.streaming.test_streaming import in_order

ACTIONS = st.lists(st.fixed_dictionaries(
    {"priority": st.integers(0, 100)},
    optional={"purpose": st.sampled_from(["service", "marketing", "transactional"]),
              "expires": st.sampled_from(["1h", "10h", "2d"]), "mandatory": st.booleans(),
              "channel": st.sampled_from(["sms", "email", "chat"])}),
    min_size=1, max_size=3)


@fewer_examples(1 / 3)
@given(rows=interactions(), profiles=customers(), actions=ACTIONS,
       quiet=st.booleans(), outcomes=st.none() | OUTCOME_ROWS, suppress=SUPPRESS,
       segments=SEGMENTS)
def test_streamed_actions_equal_the_batch_ones(rows: list[dict[str, Any]],
                                               profiles: list[dict[str, Any]],
                                               actions: list[dict[str, Any]],
                                               quiet: bool,
                                               outcomes: list[dict[str, Any]] | None,
                                               suppress: dict[str, Any] | None,
                                               segments: list[str | None]) -> None:
    specs = [{**a, "id": f"act{i}"} for i, a in enumerate(actions)]  # one action per rule
    policy = {"max_actions_per_customer": 1000, "respect_quiet_hours": quiet,
              **({"suppress_after": suppress} if suppress else {})}
    rs = ruleset(specs, policy)
    profiles = [{**p, "segment": segments[int(p["customer_id"][1:])]} for p in profiles]
    if outcomes is not None:  # the strategy's action names, as this ruleset's
        outcomes = [{**o, "action_id": {"call": "act0", "mail": "act1", "offer": "act2"}.get(
            o["action_id"], o["action_id"])} for o in outcomes]
    end = max(r["timestamp"] for r in rows)
    result = evaluate(rows, rs, customers=profiles, as_of=end,
                      outcomes=pl.DataFrame(outcomes, schema=OUTCOME_SCHEMA)
                      if outcomes is not None else None)
    # half the outcomes given up front, the rest recorded as they come
    half = len(outcomes) // 2 if outcomes is not None else 0
    session = Session(rs, customers=profiles, retention=None,
                      outcomes=None if outcomes is None else outcomes[:half])
    for o in (outcomes or [])[half:]:
        session.record_outcome(o["customer_id"], o["action_id"], o["timestamp"], o["outcome"])
    out: list[Any] = []
    for row in in_order(rows):
        out += session.observe(row)
    out += session.close(end)

    def key(a: dict[str, Any]) -> tuple[Any, ...]:
        p = a["propensity"]
        return (a["action_id"], a["customer_id"], a["case_id"], a["channel"], a["send_after"],
                round(a["score"], 9), None if p is None else round(p, 12))

    streamed = sorted(key(a.model_dump()) for a in out if isinstance(a, Action))
    batch = sorted(key(a) for a in result.actions.to_dicts())
    assert streamed == batch


def test_record_outcome_refuses_bad_values_and_survives_a_snapshot() -> None:
    from datetime import UTC, datetime

    import pytest

    from cx_rules.errors import InputError
    from tests.outputs.test_outputs import ROWS, full_profiles

    rs = ruleset([{"id": "escalate", "priority": 80}],
                 {"suppress_after": {"rejected": 2, "within": "30d"}}, ("first_reply",))
    session = Session(rs, customers=full_profiles())
    when = datetime(2026, 2, 20, tzinfo=UTC)
    for bad, field in ((("", "escalate", when, "rejected"), "customer_id"),
                       (("u1", "escalate", datetime(2026, 2, 20), "rejected"), "timestamp"),
                       (("u1", "escalate", when, "maybe"), "outcome")):
        with pytest.raises(InputError) as error:
            session.record_outcome(*bad)  # type: ignore[arg-type]
        assert error.value.field == field
    session.record_outcome("u1", "escalate", when, "Rejected")
    session.record_outcome("u1", "escalate", when, "rejected")
    restored = Session.restore(session.snapshot(), rs)
    out: list[Any] = []
    for row in in_order(ROWS):
        out += restored.observe(row)
    out += restored.close()
    customers_acted = {a.customer_id for a in out if isinstance(a, Action)}
    assert "u1" not in customers_acted and "u2" in customers_acted


CUSTOMER_TESTS = st.sampled_from([
    'customer.tier == "vip"', "customer.tier is null", "customer.lifetime_value >= 500",
    "customer.renewal_due - now <= 30d"])


@fewer_examples(1 / 3)
@given(rows=interactions(), profiles=customers(), actions=ACTIONS,
       tests=st.lists(st.none() | CUSTOMER_TESTS, min_size=3, max_size=3),
       weight=st.none() | CUSTOMER_TESTS,
       proposition=st.none() | st.tuples(CUSTOMER_TESTS, st.none() | CUSTOMER_TESTS))
def test_streamed_engagement_and_propositions_equal_the_batch_ones(
        rows: list[dict[str, Any]], profiles: list[dict[str, Any]],
        actions: list[dict[str, Any]], tests: list[str | None], weight: str | None,
        proposition: tuple[str, str | None] | None) -> None:
    import json

    from cx_rules.ruleset.load import parse_ruleset_text
    from cx_rules.streaming import SuppressedAction

    specs = [{**a, "id": f"act{i}", **({"eligibility": t} if t else {})}
             for i, (a, t) in enumerate(zip(actions, tests, strict=False))]
    rules = [{"id": f"r{i}", "kind": "response_time", "category": "speed",
              "params": {"metric": "first_reply", "limit": "1m"}, "action": a}
             for i, a in enumerate(specs)]
    props = [] if proposition is None else [{
        "id": "p", "when": proposition[0],
        "action": {"id": "offer", "priority": 40,
                   **({"suitability": proposition[1]} if proposition[1] else {})}}]
    policy = {"max_actions_per_customer": 1000,
              "context_weights": [{"when": weight, "weight": 2.5}] if weight else []}
    rs = parse_ruleset_text(json.dumps({"ruleset": "t", "version": "1.0.0", "rules": rules,
                                        "contact_policy": policy, "propositions": props}),
                            "<t>")
    end = max(r["timestamp"] for r in rows)
    result = evaluate(rows, rs, customers=profiles, as_of=end)
    session = Session(rs, customers=profiles, retention=None, show_suppressed=True)
    out: list[Any] = []
    for row in in_order(rows):
        out += session.observe(row)
    out += session.close(end)

    def key(a: dict[str, Any], why: str | None) -> tuple[Any, ...]:
        return (a["action_id"], a["customer_id"], a["case_id"], a["channel"],
                round(a["score"], 9), why)

    streamed = sorted(
        key(o.action.model_dump(), o.reason) if isinstance(o, SuppressedAction)
        else key(o.model_dump(), None) for o in out if isinstance(o, Action | SuppressedAction))
    batch = sorted([key(a, None) for a in result.actions.to_dicts()]
                   + [key(a, a["suppressed_reason"])
                      for a in result.suppressed_actions.to_dicts()])
    assert streamed == batch
