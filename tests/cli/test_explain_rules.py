"""``cx-rules explain RULE_ID`` and ``cx-rules rule list`` (like ``ruff rule`` and ``ruff
linter``)."""

from __future__ import annotations

import json

from click.testing import CliRunner

from cx_rules.cli import cli
from cx_rules.ruleset.load import load_ruleset


def invoke(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(cli, list(args))
    return out.exit_code, out.output


def test_explain_a_rule_shows_its_resolved_params_tests_and_kind_docs() -> None:
    code, out = invoke("explain", "first-reply-chat")
    assert code == 0, out
    rs = load_ruleset("cx-baseline")
    assert out.startswith("# first-reply-chat\n")
    assert f"{rs.label}, {rs.rule_source('first-reply-chat')}:{rs.rule_line('first-reply-chat')}" \
        in out
    params = json.loads(out.split("```json\n")[1].split("```")[0])
    assert params["limit"] == "2m" and params["channels"] == ["chat"]
    assert "late chat reply is flagged" in out.split("## Tests that make it fire")[1]
    assert "## The response_time kind" in out and "## Parameters" in out


def test_explain_an_uncovered_rule_says_so_and_a_typo_gets_a_hint() -> None:
    code, out = invoke("explain", "vip-waiting")
    assert code == 0 and "- none (`cx-rules ruleset test` counts it uncovered)" in out
    code, out = invoke("explain", "first-reply-chta")
    assert code == 2 and "like it: first-reply-chat" in out


def test_explain_a_kind_still_works() -> None:
    code, out = invoke("explain", "response_time")
    assert code == 0 and out.startswith("# response_time")


def test_rule_list_has_every_rule_once() -> None:
    rs = load_ruleset("cx-baseline")
    code, out = invoke("rule", "list")
    assert code == 0
    lines = out.splitlines()
    if rs.parent is not None:  # the first line names what the ruleset extends
        assert lines.pop(0) == f"{rs.label} extends {rs.parent.label}"
    assert [line.split()[0] for line in lines] == [r.id for r in rs.rules]
    code, out = invoke("rule", "list", "--format", "json")
    doc = json.loads(out)
    assert doc["ruleset"] == rs.label
    assert {r["id"]: r["severity"] for r in doc["rules"]} == {
        r.id: rs.severity_of(r).value for r in rs.rules}
