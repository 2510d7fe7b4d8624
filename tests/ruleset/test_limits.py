"""Limits before work: nesting is refused before a YAML parser spends time on it (rulesets
and mappings), and a ruleset holds at most MAX_RULES rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.errors import InputError, RulesetError
from cx_rules.io.mapping import load_mapping
from cx_rules.models.ruleset import MAX_RULES
from cx_rules.ruleset.load import load_ruleset, parse_ruleset_text
from cx_rules.yaml_depth import MAX_DEPTH, too_deep

ROOT = Path(__file__).resolve().parents[2]
HEAD = "ruleset: x\nversion: 1.0.0\nrules: "


@pytest.mark.parametrize("n", [200, 5_000, 100_000])
def test_nested_brackets_are_refused_at_their_line(n: int) -> None:
    with pytest.raises(RulesetError, match=f"<t>:3: YAML nested more than {MAX_DEPTH} levels"):
        parse_ruleset_text(HEAD + "[" * n + "]" * n + "\n", "<t>")


def test_deep_block_nesting_is_refused() -> None:
    text = HEAD + "\n" + "".join(" " * (i + 1) + "- a:\n" for i in range(200))
    with pytest.raises(RulesetError, match="YAML nested more than"):
        parse_ruleset_text(text, "<t>")


def test_a_nested_mapping_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text("name: m\ncolumns: " + "{a: " * 500 + "b" + "}" * 500 + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError, match="line 2: YAML nested more than"):
        load_mapping(path)


def test_brackets_in_strings_and_comments_do_not_count() -> None:
    text = "a: '" + "[" * 500 + "'\nb: \"" + "{" * 500 + "\"\n# " + "[" * 500 + "\n"
    assert too_deep(text) is None


def test_every_shipped_ruleset_and_mapping_is_within_the_limit() -> None:
    files = [*(ROOT / "rulesets").rglob("*.yaml"), *(ROOT / "cx_rules/io/mappings").glob("*.yaml")]
    assert files
    for path in files:
        assert too_deep(path.read_text(encoding="utf-8")) is None, path
    load_ruleset("cx-baseline")


@given(st.integers(1, MAX_DEPTH))
def test_nesting_up_to_the_limit_is_allowed(n: int) -> None:
    assert too_deep("a: " + "[" * n + "]" * n) is None
    assert too_deep("a: " + "[" * (MAX_DEPTH + 1)) == 1


def rules_text(n: int) -> str:
    return HEAD + "\n" + "".join(
        f"  - id: r{i}\n    kind: response_time\n    category: speed\n"
        f"    params: {{metric: first_reply, limit: 2m}}\n" for i in range(n))


def test_a_ruleset_at_the_rule_limit_loads() -> None:
    assert len(parse_ruleset_text(rules_text(MAX_RULES), "<t>").rules) == MAX_RULES


def test_one_rule_too_many_is_refused_at_its_line_saying_the_limit() -> None:
    with pytest.raises(RulesetError) as info:
        parse_ruleset_text(rules_text(MAX_RULES + 1), "<t>")
    line = 4 + 4 * MAX_RULES  # the header is 3 lines, each rule 4
    assert info.value.problems == [
        f"<t>:{line}: rules[{MAX_RULES}]: {MAX_RULES + 1} rules; a ruleset may hold at most "
        f"{MAX_RULES}"]


def test_sla_policies_count_towards_the_limit() -> None:
    policies = "".join(
        f"  - name: p{i}\n    where: channel == \"chat\"\n    first_reply: {{default: 1h}}\n"
        for i in range(MAX_RULES + 1))
    text = "ruleset: x\nversion: 1.0.0\nsla_policies:\n" + policies
    with pytest.raises(RulesetError, match=f"a ruleset may hold at most {MAX_RULES}"):
        parse_ruleset_text(text, "<t>")
