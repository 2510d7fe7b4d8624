"""Outcomes of earlier actions: read like every input, turned into propensities (a Beta prior)
and suppress_after; the vectorised arbitration equals the reference, and a rejection never
makes the rejected action more likely."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.io import load_outcomes
from cx_rules.io.outcomes import OUTCOME_SCHEMA
from cx_rules.outputs import reference as ref
from cx_rules.outputs.actions import arbitrate
from tests.conftest import fewer_examples
from tests.outputs.test_outputs import ACTION, POLICY, _key, evaluate, ruleset
from tests.strategies import BASE, customer_frame, customers, interactions

MESSY = """\
customer_id,action_id,timestamp,outcome
u1,offer,2026-03-01T10:00:00Z,Rejected
u1,offer,2026-03-02T10:00:00+01:00,rejected
,offer,2026-03-02T10:00:00Z,accepted
u3,call,2026-03-02 10:00:00,accepted
u3,call,yesterday,accepted
u4,call,2026-03-02T10:00:00Z,maybe
u5,,2026-03-02T10:00:00Z,ignored
"""


def test_outcomes_are_validated_and_the_counts_add_up(tmp_path: Path) -> None:
    path = tmp_path / "outcomes.csv"
    path.write_text(MESSY, encoding="utf-8")
    table = load_outcomes(path)
    assert table.rows_read == 7 == table.outcomes.height + table.rejects.height
    assert table.outcomes["outcome"].to_list() == ["rejected", "rejected"]
    assert table.outcomes["timestamp"][1].hour == 9  # +01:00 read as such
    reasons = dict(zip(table.rejects["row"].to_list(), table.rejects["reason"].to_list(),
                       strict=True))
    assert reasons == {
        3: "customer_id: missing",
        4: "timestamp: '2026-03-02 10:00:00' has no UTC offset (add one, or pass --assume-tz "
           "ZONE)",
        5: "timestamp: cannot parse 'yesterday' as a timestamp",
        6: "outcome: 'maybe' is not one of accepted, rejected, ignored",
        7: "action_id: missing",
    }
    assert set(table.rejects["source"].to_list()) == {str(path)}
    with_tz = load_outcomes(path, assume_tz="Asia/Baku")
    assert with_tz.outcomes.height == 3


def test_a_file_without_the_columns_names_them(tmp_path: Path) -> None:
    from cx_rules.errors import InputError

    path = tmp_path / "o.csv"
    path.write_text("customer,action,when\nu1,offer,2026-03-01T10:00:00Z\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"o\.csv: outcomes need the column\(s\) customer_id, "
                                         r"action_id, timestamp, outcome"):
        load_outcomes(path)


OUTCOME_ROWS = st.lists(st.fixed_dictionaries({
    "customer_id": st.sampled_from(["u0", "u1", "u2", "u9"]),
    "action_id": st.sampled_from(["call", "mail", "offer", "other"]),
    "timestamp": st.integers(-20_000, 12_000).map(lambda m: BASE + timedelta(minutes=m)),
    "outcome": st.sampled_from(["accepted", "rejected", "ignored"]),
}), max_size=25)
SUPPRESS = st.none() | st.fixed_dictionaries(
    {"within": st.sampled_from(["1d", "30d"])},
    optional={"rejected": st.integers(1, 3), "ignored": st.integers(1, 2)},
).filter(lambda d: "rejected" in d or "ignored" in d)
SEGMENTS = st.lists(st.sampled_from([None, "smb", "enterprise"]), min_size=3, max_size=3)


def _setup(rows: list[dict[str, Any]], profiles: list[dict[str, Any]],
           actions: list[dict[str, Any]], policy: dict[str, Any],
           suppress: dict[str, Any] | None, segments: list[str | None]) -> Any:
    policy = {**policy, **({"suppress_after": suppress} if suppress else {}),
              "propensity_prior": {"accepted": 2, "not_accepted": 3}}
    profiles = [{**p, "segment": segments[int(p["customer_id"][1:])]} for p in profiles]
    rs = ruleset(actions, policy)
    df, violations = evaluate(rows, rs, profiles)
    return rs, df, violations, profiles


def _frame(outcomes: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(outcomes, schema=OUTCOME_SCHEMA)


@given(rows=interactions(), profiles=customers(), actions=st.lists(ACTION, min_size=1,
                                                                   max_size=4),
       policy=POLICY, outcomes=OUTCOME_ROWS, suppress=SUPPRESS, segments=SEGMENTS)
def test_arbitration_with_outcomes_equals_the_reference(
        rows: list[dict[str, Any]], profiles: list[dict[str, Any]],
        actions: list[dict[str, Any]], policy: dict[str, Any],
        outcomes: list[dict[str, Any]], suppress: dict[str, Any] | None,
        segments: list[str | None]) -> None:
    rs, df, violations, profiles = _setup(rows, profiles, actions, policy, suppress, segments)
    got = arbitrate(violations, df, customer_frame(profiles), rs, _frame(outcomes))
    want_kept, want_suppressed = ref.arbitrate(violations.to_dicts(), rows, profiles, rs,
                                               outcomes)

    def key(a: dict[str, Any]) -> tuple[Any, ...]:
        return (*_key(a), round(a["propensity"], 12))

    assert sorted(map(key, got.suggested.to_dicts())) == sorted(map(key, want_kept))
    assert sorted(map(key, got.suppressed.to_dicts())) == sorted(map(key, want_suppressed))
    for a in [*got.suggested.to_dicts(), *got.suppressed.to_dicts()]:
        assert 0 < a["propensity"] < 1


@fewer_examples(1 / 3)
@given(rows=interactions(), profiles=customers(), actions=st.lists(ACTION, min_size=1,
                                                                   max_size=4),
       policy=POLICY, outcomes=OUTCOME_ROWS, suppress=SUPPRESS, segments=SEGMENTS,
       extra=st.fixed_dictionaries({
           "customer_id": st.sampled_from(["u0", "u1", "u2"]),
           "action_id": st.sampled_from(["call", "mail", "offer"]),
           "timestamp": st.integers(-2_000, 12_000).map(lambda m: BASE + timedelta(minutes=m)),
           "outcome": st.just("rejected")}))
def test_a_rejection_never_makes_the_rejected_action_more_likely(
        rows: list[dict[str, Any]], profiles: list[dict[str, Any]],
        actions: list[dict[str, Any]], policy: dict[str, Any],
        outcomes: list[dict[str, Any]], suppress: dict[str, Any] | None,
        segments: list[str | None], extra: dict[str, Any]) -> None:
    rs, df, violations, profiles = _setup(rows, profiles, actions, policy, suppress, segments)
    before = arbitrate(violations, df, customer_frame(profiles), rs, _frame(outcomes))
    after = arbitrate(violations, df, customer_frame(profiles), rs, _frame([*outcomes, extra]))

    def of_action(result: Any) -> dict[tuple[str, str], dict[str, Any]]:
        frames = pl.concat([result.suggested, result.suppressed])
        return {(a["customer_id"], a["case_id"]): a for a in frames.to_dicts()
                if a["action_id"] == extra["action_id"]}

    old, new = of_action(before), of_action(after)
    assert old.keys() == new.keys()
    for key, a in old.items():
        b = new[key]
        assert b["propensity"] <= a["propensity"] + 1e-12
        if key[0] == extra["customer_id"] and a["suppressed_reason"] is not None \
                and "suppress_after" in a["suppressed_reason"]:
            assert b["suppressed_reason"] is not None


def test_rejected_twice_in_30_days_is_suppressed_with_the_reason() -> None:
    from tests.outputs.test_outputs import ROWS, full_profiles

    rs = ruleset([{"id": "escalate", "priority": 80}],
                 {"suppress_after": {"rejected": 2, "within": "30d"}}, metrics=("first_reply",))
    df, violations = evaluate(ROWS, rs, full_profiles())
    profiles = customer_frame(full_profiles())
    once = [{"customer_id": "u1", "action_id": "escalate", "outcome": "rejected",
             "timestamp": BASE - timedelta(days=3)}]
    twice = [*once, {**once[0], "timestamp": BASE - timedelta(days=1)}]
    old = [{**once[0], "timestamp": BASE - timedelta(days=40)}, *once]
    kept = arbitrate(violations, df, profiles, rs, _frame(once))
    assert "u1" in kept.suggested["customer_id"].to_list()
    gone = arbitrate(violations, df, profiles, rs, _frame(twice))
    reasons = gone.suppressed.filter(pl.col("customer_id") == "u1")["suppressed_reason"]
    assert set(reasons.to_list()) == {
        "the customer rejected it 2 time(s) in the last 30d (suppress_after: rejected 2)"}
    # one of the two rejections is older than 30 days: it does not count
    assert "u1" in arbitrate(violations, df, profiles, rs, _frame(old)).suggested[
        "customer_id"].to_list()
    # propensity: prior 1/(1+1), then the rejections of every customer lower it
    assert kept.suggested.filter(pl.col("customer_id") == "u2")["propensity"].to_list() == [
        pytest.approx(1 / 3)]


def test_the_window_is_closed_at_its_start_and_open_at_the_candidate() -> None:
    from tests.outputs.test_outputs import ROWS, full_profiles

    rs = ruleset([{"id": "escalate", "priority": 80}],
                 {"suppress_after": {"rejected": 1, "within": "30d"}}, metrics=("first_reply",))
    df, violations = evaluate(ROWS, rs, full_profiles())
    profiles = customer_frame(full_profiles())
    created = violations.filter(pl.col("customer_id") == "u1")["timestamp"].min()
    assert created is not None

    def result(at: Any) -> Any:
        rows = [{"customer_id": "u1", "action_id": "escalate", "outcome": "rejected",
                 "timestamp": at}]
        return arbitrate(violations, df, profiles, rs, _frame(rows))

    def u1(r: Any) -> dict[str, Any]:
        both = pl.concat([r.suggested, r.suppressed])
        return both.filter(pl.col("customer_id") == "u1").row(0, named=True)

    # at the very moment the candidate is made: not known yet, so neither counted nor learnt
    same = u1(result(created))
    assert same["suppressed_reason"] is None and same["propensity"] == pytest.approx(0.5)
    # exactly 30 days before: inside the window
    assert u1(result(created - timedelta(days=30)))["suppressed_reason"] is not None
    # a microsecond earlier: outside it, but still learnt from
    older = u1(result(created - timedelta(days=30, microseconds=1)))
    assert older["suppressed_reason"] is None and older["propensity"] == pytest.approx(1 / 3)
