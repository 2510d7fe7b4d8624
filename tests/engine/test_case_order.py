"""The log is put in case, time, id order once: ``case_order`` gives the three-key sort's
rows in every case, and leaves a frame already in that order as it is (no second copy)."""

from __future__ import annotations

from typing import Any

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.engine.run import CASE_ORDER, case_order, in_case_order, prepare
from tests.strategies import frame, interactions


@given(interactions(), st.randoms(use_true_random=False))
def test_case_order_is_the_three_key_sort(rows: list[dict[str, Any]], rnd: Any) -> None:
    shuffled = list(rows)
    rnd.shuffle(shuffled)
    log = frame(shuffled)
    ordered = case_order(log)
    assert ordered.equals(log.sort(*CASE_ORDER))
    assert in_case_order(ordered)
    assert in_case_order(log) == log.equals(ordered)


@given(interactions())
def test_a_sorted_log_is_not_copied(rows: list[dict[str, Any]]) -> None:
    log = frame(rows).sort(*CASE_ORDER)
    assert case_order(log) is log or log.height < 2
    assert prepare(log).equals(log.drop("_source", "_row"))


def test_out_of_order_within_a_case_and_across_cases_is_seen() -> None:
    log = pl.DataFrame({"case_id": ["b", "a"], "timestamp": [1, 2], "interaction_id": ["1", "2"]})
    assert not in_case_order(log)
    log = pl.DataFrame({"case_id": ["a", "a"], "timestamp": [2, 1], "interaction_id": ["1", "2"]})
    assert not in_case_order(log)
    log = pl.DataFrame({"case_id": ["a", "a"], "timestamp": [1, 1], "interaction_id": ["2", "1"]})
    assert not in_case_order(log)
    log = pl.DataFrame({"case_id": ["a", None], "timestamp": [1, 1], "interaction_id": ["1", "2"]})
    assert not in_case_order(log)
    log = pl.DataFrame({"case_id": ["a", "a", "b"], "timestamp": [1, 1, 0],
                        "interaction_id": ["1", "2", "3"]})
    assert in_case_order(log)
