"""Waivers in a streaming session: a waived finding comes back as a WaivedFinding (with no
action), and the session's counted and waived findings are the batch engine's."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cx_rules import evaluate
from cx_rules.models.enums import Channel
from cx_rules.models.outputs import Action, Violation
from cx_rules.models.ruleset import Ruleset, Waiver
from cx_rules.ruleset.load import parse_ruleset_text
from cx_rules.streaming import Session, WaivedFinding
from tests.conftest import ROOT, fewer_examples
from tests.strategies import customers, interactions
from tests.streaming.test_streaming import final_violations, in_order, key, rulesets


@st.composite
def waivers(draw: st.DrawFn, ruleset: Ruleset) -> list[Waiver]:
    names = sorted({n for r in ruleset.rules for n in r.names})
    return draw(st.lists(st.builds(
        Waiver,
        rules=st.lists(st.sampled_from(names), min_size=1, max_size=2),
        customers=st.lists(st.sampled_from(["u0", "u1", "u2"]), max_size=2),
        agents=st.lists(st.sampled_from(["a1", "a2", "a3"]), max_size=1),
        channels=st.lists(st.sampled_from(list(Channel)), max_size=1),
        until=st.sampled_from([date(2020, 1, 1), date(2099, 1, 1)]),
        reason=st.just("accepted for the test"),
    ), max_size=3))


def waived_keys(outputs: list[Any]) -> Counter[tuple[Any, ...]]:
    return Counter((*key(o.finding), o.waiver) for o in outputs
                   if isinstance(o, WaivedFinding) and isinstance(o.finding, Violation))


@fewer_examples(2 / 3)
@given(data=st.data(), rows=interactions(), profiles=customers())
def test_streamed_waivers_equal_the_batch_ones(data: st.DataObject, rows: list[dict[str, Any]],
                                               profiles: list[dict[str, Any]]) -> None:
    base = data.draw(rulesets(), label="ruleset")
    ruleset = base.model_copy(update={"exceptions": data.draw(waivers(base), label="waivers")})
    end = max(r["timestamp"] for r in rows)
    result = evaluate(rows, ruleset, customers=profiles, as_of=end)
    session = Session(ruleset, customers=profiles, retention=None)
    out: list[Any] = []
    for row in in_order(rows):
        out += session.observe(row)
    out += session.close(end)
    assert final_violations(out) == Counter(key(v) for v in result.violations.iter_rows(
        named=True))
    assert result.waived is not None
    assert waived_keys(out) == Counter((*key(v), v["waiver"]) for v in result.waived.iter_rows(
        named=True))


def test_a_waived_sample_finding_is_returned_apart_and_proposes_no_action() -> None:
    text = (ROOT / "rulesets" / "cx-baseline" / "2.1.0.yaml").read_text(encoding="utf-8")
    ruleset = parse_ruleset_text(text + "exceptions:\n  - rules: [privacy]\n"
                                 "    until: 2099-12-31\n    reason: INC-7 redaction bot\n")
    sample = ROOT / "examples"
    result = evaluate(sample / "sample_log.csv", ruleset, customers=sample / "customers.csv")
    session = Session(ruleset, customers=sample / "customers.csv")
    out: list[Any] = []
    for row in result.interactions.sort("timestamp", "interaction_id").iter_rows(named=True):
        out += session.observe({k: v for k, v in row.items() if not k.startswith("_")})
    out += session.close(result.summary.as_of)
    waived = [o for o in out if isinstance(o, WaivedFinding)]
    assert result.waived is not None and len(waived) == result.waived.height > 0
    assert {w.reason for w in waived} == {"INC-7 redaction bot"}
    assert all(isinstance(w.finding, Violation) and w.finding.category.value == "privacy"
               for w in waived)
    privacy = {r.id for r in ruleset.rules if r.category.value == "privacy"}
    assert not [a for a in out if isinstance(a, Action) and set(a.reason_rule_ids) & privacy]
    assert not [v for v in out if isinstance(v, Violation) and v.rule_id in privacy]
