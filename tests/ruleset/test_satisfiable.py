"""`ruleset validate` finds conditions that can never be true, and never flags one that can.

Soundness is a property: for random conjunctions and disjunctions of field-vs-literal tests,
whenever ``never_holds`` claims a condition can never be true, no random row (nulls and NaN
included) makes the reference evaluator return true.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cx_rules.cli import cli
from cx_rules.expr import evaluate_row, parse
from cx_rules.expr.satisfiable import never_holds

FIELDS = {"channel": "str", "f1": "float", "i1": "int", "s1": "str", "b1": "bool"}
DOMAINS = {"channel": frozenset({"chat", "email", "sms"})}
VALUES: dict[str, list[str]] = {
    "channel": ['"chat"', '"email"', '"sms"', '"fax"'],
    "f1": ["0", "1.5", "2", "-1"],
    "i1": ["0", "1", "2", "3"],
    "s1": ['"a"', '"b"', '""'],
    "b1": ["true", "false"],
}
ROW_VALUES: dict[str, list[Any]] = {
    "channel": [None, "chat", "email", "sms"],
    "f1": [None, 0.0, 1.5, 2.0, -1.0, 0.75, math.nan, math.inf],
    "i1": [None, 0, 1, 2, 3, -5],
    "s1": [None, "a", "b", "", "ab"],
    "b1": [None, True, False],
}


@st.composite
def atoms(draw: st.DrawFn) -> str:
    name = draw(st.sampled_from(sorted(FIELDS)))
    form = draw(st.sampled_from(["cmp", "in", "null"]))
    if form == "null":
        return f"{name} is {draw(st.sampled_from(['', 'not ']))}null"
    if form == "in":
        items = draw(st.lists(st.sampled_from(VALUES[name]), min_size=1, max_size=3))
        return f"{name} {draw(st.sampled_from(['in', 'not in']))} [{', '.join(items)}]"
    ops = ["==", "!="] if name in ("b1", "channel") else ["==", "!=", "<", "<=", ">", ">="]
    left, right = name, draw(st.sampled_from(VALUES[name]))
    if draw(st.booleans()):
        left, right = right, left
    return f"{left} {draw(st.sampled_from(ops))} {right}"


def conditions() -> st.SearchStrategy[str]:
    conjunction = st.lists(atoms(), min_size=1, max_size=4).map(" and ".join)
    return st.lists(conjunction.map(lambda c: f"({c})"), min_size=1, max_size=2).map(
        " or ".join)


rows = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in ROW_VALUES.items()})


@settings(max_examples=400, deadline=None)
@given(source=conditions(), sample=st.lists(rows, min_size=1, max_size=30))
def test_a_condition_called_impossible_is_never_true(source: str,
                                                     sample: list[dict[str, Any]]) -> None:
    expr = parse(source, FIELDS)
    if never_holds(expr, DOMAINS) is None:
        return
    for row in sample:
        if row["channel"] is None or row["channel"] in DOMAINS["channel"]:
            assert evaluate_row(expr, row) is not True, (source, row)


@pytest.mark.parametrize(("source", "reason"), [
    ('channel == "chat" and channel == "email"', "no value of channel"),
    ('channel == "fax"', "channel is never 'fax'"),
    ('channel not in ["chat", "email", "sms"]', "no value of channel"),
    ("f1 > 4 and f1 < 2", "the range of f1 is empty"),
    ("i1 >= 2 and i1 <= 2 and i1 != 2", "no value of i1"),
    ('s1 is null and s1 == "a"', "required to be null"),
    ("(f1 > 4 and f1 < 2) or channel in [\"fax\"]", "the range of f1 is empty"),
])
def test_impossible_conditions_are_found(source: str, reason: str) -> None:
    found = never_holds(parse(source, FIELDS), DOMAINS)
    assert found is not None and reason in found


@pytest.mark.parametrize("source", [
    "i1 >= 2 and i1 <= 2",
    'channel in ["chat", "email"] and channel != "chat"',
    "(f1 > 4 and f1 < 2) or b1 == true",
    "s1 is null or s1 == \"a\"",
])
def test_possible_conditions_are_not_flagged(source: str) -> None:
    assert never_holds(parse(source, FIELDS), DOMAINS) is None


def test_validate_reports_an_impossible_condition_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "rulesets" / "demo" / "1.0.0.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(
        "ruleset: demo\nversion: 1.0.0\nrules:\n"
        "  - id: fine\n    kind: condition\n    category: privacy\n"
        "    params: {when: 'channel == \"chat\"'}\n"
        "  - id: never\n    kind: condition\n    category: privacy\n"
        "    params: {when: 'direction == \"inbound\" and direction == \"outbound\"'}\n")
    result = CliRunner().invoke(cli, ["ruleset", "validate", str(path)])
    assert result.exit_code == 2
    assert result.output.startswith(f"{path}:8: error: rule never: when: can never be true")
    assert "rule fine" not in result.output
