"""Ruleset loading: structure and params validated, errors point at the YAML line."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from cx_rules.durations import format_duration, parse_duration
from cx_rules.errors import RulesetError
from cx_rules.ruleset.load import discover, load_ruleset, parse_ruleset_text

GOOD = """\
ruleset: demo
version: 1.0.0
rules:
  - id: first-reply
    kind: response_time
    category: speed
    params: {metric: first_reply, limit: 2m}
"""


def problems(text: str) -> list[str]:
    with pytest.raises(RulesetError) as info:
        parse_ruleset_text(text, "demo.yaml")
    return info.value.problems


@pytest.mark.parametrize(("text", "value"), [("90s", 90), ("2m", 120), ("1h30m", 5400),
                                             ("3d", 259200), ("1w", 604800)])
def test_durations(text: str, value: int) -> None:
    assert parse_duration(text) == timedelta(seconds=value)


def test_duration_rejects_prose_and_formats_compactly() -> None:
    with pytest.raises(ValueError, match="'2 minutes' is not a duration"):
        parse_duration("2 minutes")
    assert format_duration(timedelta(minutes=9, seconds=12)) == "9m 12s"
    assert format_duration(timedelta(days=3, hours=4, minutes=5)) == "3d 4h"


def test_good_ruleset_loads_with_compiled_params() -> None:
    rs = parse_ruleset_text(GOOD, "demo.yaml")
    assert rs.label == "demo@1.0.0"
    assert rs.rules[0].parsed_params.limit == timedelta(minutes=2)  # type: ignore[attr-defined]
    assert rs.rule_line("first-reply") == 4


def test_bad_param_points_at_line_and_field() -> None:
    text = GOOD.replace("limit: 2m", "limit: 2 minutes")
    assert problems(text) == [
        "demo.yaml:7: rules[0].params.limit: '2 minutes' is not a duration "
        "(write e.g. 90s, 2m, 4h, 3d, 1w)"
    ]


def test_unknown_kind_suggests_the_close_one() -> None:
    [problem] = problems(GOOD.replace("kind: response_time", "kind: response_tme"))
    assert problem.startswith("demo.yaml:5: rules[0].kind: unknown rule kind 'response_tme'")
    assert "did you mean 'response_time'" in problem


def test_structure_errors() -> None:
    assert any("version" in p and "demo.yaml:2" in p
               for p in problems(GOOD.replace("1.0.0", "one")))
    assert any("unknown field" in p for p in problems(GOOD + "    colour: red\n"))
    dup = GOOD + GOOD.split("rules:\n", 1)[1]
    assert any("duplicate rule id 'first-reply'" in p for p in problems(dup))
    assert any("params.limit: must be greater than zero (got 0s)" in p
               for p in problems(GOOD.replace("limit: 2m", "limit: 0s")))


def test_yaml_bombs_and_broken_yaml_are_refused() -> None:
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: [*b,*b]\n'
    assert "aliases" in problems(bomb)[0]
    assert "invalid YAML" in problems("rules: [\n")[0]
    assert "must be a mapping" in problems("- 1\n")[0]


def test_shipped_baseline_is_found_by_name() -> None:
    names = {(r.name, r.version) for r in discover()}
    assert ("cx-baseline", "1.0.0") in names
    rs = load_ruleset("cx-baseline@1.0.0")
    assert rs.ruleset == "cx-baseline"
    with pytest.raises(RulesetError, match="no ruleset of that name"):
        load_ruleset("nope")


def test_shipped_rulesets_are_found_from_any_folder(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The shipped rulesets come with the package, not with the project's working folder:
    ``cx-rules lint`` run from a user's own folder (no ``rulesets/`` there) still finds them."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CX_RULES_PATH", raising=False)
    names = {r.name for r in discover()}
    assert {"cx-baseline", "cx-tone"} <= names
    assert load_ruleset("cx-baseline").ruleset == "cx-baseline"


def test_file_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"ruleset: \xff\n")
    with pytest.raises(RulesetError, match="not UTF-8"):
        load_ruleset(path)
