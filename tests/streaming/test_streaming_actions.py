"""A streaming session proposes the batch engine's actions, quiet hours included, when no
ranking decides between them (no cap or contact limit binds: the session serves first come)."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cx_rules import evaluate
from cx_rules.models.outputs import Action
from cx_rules.streaming import Session
from tests.outputs.test_outputs import ruleset
from tests.strategies import customers, interactions
from tests.streaming.test_streaming import in_order

ACTIONS = st.lists(st.fixed_dictionaries(
    {"priority": st.integers(0, 100)},
    optional={"purpose": st.sampled_from(["service", "marketing", "transactional"]),
              "expires": st.sampled_from(["1h", "10h", "2d"]), "mandatory": st.booleans(),
              "channel": st.sampled_from(["sms", "email", "chat"])}),
    min_size=1, max_size=3)


@given(rows=interactions(), profiles=customers(), actions=ACTIONS,
       quiet=st.booleans())
def test_streamed_actions_equal_the_batch_ones(rows: list[dict[str, Any]],
                                               profiles: list[dict[str, Any]],
                                               actions: list[dict[str, Any]],
                                               quiet: bool) -> None:
    specs = [{**a, "id": f"act{i}"} for i, a in enumerate(actions)]  # one action per rule
    rs = ruleset(specs, {"max_actions_per_customer": 1000, "respect_quiet_hours": quiet})
    end = max(r["timestamp"] for r in rows)
    result = evaluate(rows, rs, customers=profiles, as_of=end)
    session = Session(rs, customers=profiles, retention=None)
    out: list[Any] = []
    for row in in_order(rows):
        out += session.observe(row)
    out += session.close(end)

    def key(a: dict[str, Any]) -> tuple[Any, ...]:
        return (a["action_id"], a["customer_id"], a["case_id"], a["channel"], a["send_after"],
                a["score"])

    streamed = sorted(key(a.model_dump()) for a in out if isinstance(a, Action))
    batch = sorted(key(a) for a in result.actions.to_dicts())
    assert streamed == batch
