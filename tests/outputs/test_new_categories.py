"""The categories new in cx-baseline 2.2.0 (effort, transparency, proactivity) are scored like
any other: the category score table has a row per category of the ruleset's enabled rules."""

from __future__ import annotations

from cx_rules import evaluate, load_ruleset
from tests.kinds._rows import event


def test_baseline_2_2_scores_the_new_categories() -> None:
    rows = [event("q", 0, "inbound", "customer", text="How much is the express delivery?"),
            event("a", 1, "outbound", "agent", agent_id="a1", text="It depends on the parcel."),
            event("d", 2, "outbound", "system", event="delay"),
            event("q2", 3, "inbound", "customer", text="Still waiting for it")]
    result = evaluate(rows, load_ruleset("cx-baseline@2.2.0"))
    found = {v["rule_id"] for v in result.violations.iter_rows(named=True)}
    assert {"prices-told-plainly", "told-before-asking"} <= found
    scores = {r["category"]: r for r in result.scores("category").iter_rows(named=True)}
    assert {"effort", "transparency", "proactivity"} <= set(scores)
    assert scores["transparency"]["score"] < 100 and scores["proactivity"]["score"] < 100
    assert scores["effort"]["score"] == 100
