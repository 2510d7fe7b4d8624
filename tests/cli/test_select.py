"""--select / --extend-select / --ignore by rule id, kind or category, as ruff does it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.cli import cli
from cx_rules.errors import RulesetError
from cx_rules.ruleset.load import load_ruleset, parse_ruleset_text
from cx_rules.ruleset.select import ALL, select_rules

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"
BASELINE = load_ruleset("cx-baseline")


def rule_ids(*args: str) -> set[str]:
    out = CliRunner().invoke(cli, ["lint", str(SAMPLE), "--format", "json", "--fail-on", "none",
                                   *args])
    assert out.exit_code == 0, out.output
    return {v["rule_id"] for v in json.loads(out.output)["violations"]}


def test_select_a_category_and_ignore_one_rule() -> None:
    everything = rule_ids()
    speed = {r.id for r in BASELINE.enabled_rules if r.category.value == "speed"}
    found = rule_ids("--select", "speed", "--ignore", "first-reply-chat")
    assert found and found <= speed - {"first-reply-chat"}
    assert found == (everything & speed) - {"first-reply-chat"}


def test_select_by_kind_and_extend_by_id_comma_lists() -> None:
    kinds = {r.id for r in BASELINE.enabled_rules if r.kind == "consistency"}
    found = rule_ids("--select", "consistency", "--extend-select", "first-reply-chat,"
                     "first-reply-email")
    assert found == rule_ids() & (kinds | {"first-reply-chat", "first-reply-email"})


def test_a_selector_that_matches_nothing_is_an_error_with_a_hint() -> None:
    out = CliRunner().invoke(cli, ["lint", str(SAMPLE), "--select", "sped"])
    assert out.exit_code == 2
    assert "select 'sped': no rule of cx-baseline@" in out.output
    assert "did you mean speed?" in out.output


def test_partitioned_runs_honour_the_selection(tmp_path: Path) -> None:
    out = CliRunner().invoke(cli, ["lint", str(SAMPLE), "--engine", "partitioned", "--out",
                                   str(tmp_path / "out"), "--format", "json", "--fail-on", "none",
                                   "--select", "first-reply-chat"])
    assert out.exit_code == 0, out.output
    import polars as pl

    found = pl.read_parquet(tmp_path / "out" / "violations" / "*.parquet")
    assert set(found["rule_id"]) == {"first-reply-chat"}


SPEC = """\
ruleset: t
version: 1.0.0
rules:
  - {id: a, kind: response_time, category: speed, params: {metric: first_reply, limit: 2m}}
  - {id: b, kind: response_time, category: speed, enabled: false,
     params: {metric: next_reply, limit: 2m}}
  - {id: c, kind: personalization, category: personalization,
     params: {trigger: frequent_contact, min_cases: 3, window: 7d}}
"""
SMALL = parse_ruleset_text(SPEC, "t.yaml")


def enabled(**kw: Any) -> set[str]:
    return {r.id for r in select_rules(SMALL, **kw).enabled_rules}


def test_semantics_on_a_small_ruleset() -> None:
    assert enabled() == {"a", "c"}
    assert enabled(select=[ALL]) == {"a", "c"}  # ALL does not wake a disabled rule...
    assert enabled(select=["b"]) == {"b"}  # ...naming it does
    assert enabled(extend_select=["b"]) == {"a", "b", "c"}
    assert enabled(select=["speed"], ignore=["a"]) == set()
    assert enabled(ignore=["personalization"]) == {"a"}
    assert SMALL.enabled_rules[0].id == "a" and len(SMALL.enabled_rules) == 2  # unchanged
    with pytest.raises(RulesetError, match="ignore 'x'"):
        select_rules(SMALL, ignore=["x"])


SELECTORS = st.lists(st.sampled_from(["a", "b", "c", "speed", "personalization",
                                      "response_time", ALL]), max_size=3)


@given(SELECTORS, SELECTORS, SELECTORS)
def test_ignore_only_removes_and_selection_stays_within_what_was_named(
        select: list[str], ignore: list[str], extend: list[str]) -> None:
    chosen = enabled(select=select, ignore=ignore, extend_select=extend)
    assert chosen <= enabled(select=select, extend_select=extend)
    assert not chosen & {r.id for r in SMALL.rules
                         if any(s in (ALL, r.id, r.kind, r.category.value) for s in ignore)}
