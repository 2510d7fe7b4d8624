"""Collecting the rules group by group (for a progress display) finds exactly what one
collect_all finds, and tells each group once, in order."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.engine.run import run_log
from cx_rules.io import load_interactions
from cx_rules.models.enums import Category
from cx_rules.models.ruleset import Ruleset
from cx_rules.ruleset.load import load_ruleset
from tests.conftest import ROOT, fewer_examples
from tests.strategies import interactions
from tests.streaming.test_streaming import rulesets


def both(ruleset: Ruleset, frame: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame,
                                                         list[tuple[str, int, int, int]]]:
    told: list[tuple[str, int, int, int]] = []
    as_of = frame["timestamp"].max() + timedelta(hours=1)  # type: ignore[operator]
    whole = run_log(ruleset, frame, None, as_of)
    grouped = run_log(ruleset, frame, None, as_of,
                      on_group=lambda *args: told.append(args))
    assert (whole.open_waits, whole.cut_off_waits) == (grouped.open_waits, grouped.cut_off_waits)
    return whole.violations, grouped.violations, told


def test_the_sample_by_groups_equals_one_collect() -> None:
    frame = load_interactions(ROOT / "examples" / "sample_log.csv").interactions
    ruleset = load_ruleset("cx-baseline")
    whole, grouped, told = both(ruleset, frame)
    assert whole.height > 0 and whole.equals(grouped)
    enabled = ruleset.enabled_rules
    assert [t[0] for t in told[:-1]] == list(dict.fromkeys(r.category.value for r in enabled))
    assert told[-1] == ("", 0, len(enabled), len(enabled))
    assert sum(t[1] for t in told) == len(enabled)
    assert [t[2] for t in told] == sorted(t[2] for t in told)


@fewer_examples(1 / 3)
@given(data=st.data(), rows=interactions())
def test_random_logs_by_groups_equal_one_collect(data: st.DataObject,
                                                 rows: list[dict[str, Any]]) -> None:
    drawn = data.draw(rulesets())
    categories = data.draw(st.lists(st.sampled_from(list(Category)), min_size=len(drawn.rules),
                                    max_size=len(drawn.rules)))
    ruleset = drawn.model_copy(update={"rules": [
        r.model_copy(update={"category": c}) for r, c in zip(drawn.rules, categories,
                                                              strict=True)]})
    frame = load_interactions(rows).interactions
    whole, grouped, _ = both(ruleset, frame)
    assert whole.equals(grouped)
