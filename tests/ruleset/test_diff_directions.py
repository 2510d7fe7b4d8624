"""The version policy reads a parameter's direction from the kind's own parameter model."""

from __future__ import annotations

import pytest

from cx_rules.ruleset.diff import declared_direction, diff_rulesets
from cx_rules.ruleset.load import parse_ruleset_text


def ruleset(version: str, params: str) -> object:
    return parse_ruleset_text(
        f"ruleset: d\nversion: {version}\nrules:\n  - id: r\n    kind: response_time\n"
        f"    category: speed\n    params: {params}\n", "<d>")


@pytest.mark.parametrize(("old", "new", "level"), [
    ("{metric: resolution, limit: 1h}",
     "{metric: resolution, limit: 1h, paused_while: [pending]}", "minor"),
    ("{metric: resolution, limit: 1h, paused_while: [pending, on_hold]}",
     "{metric: resolution, limit: 1h, paused_while: [pending]}", "major"),
    ("{metric: first_reply, limit: 1h}",
     "{metric: first_reply, limit: 1h, reply_by: [agent, bot]}", "minor"),
    ("{metric: first_reply, limit: 1h, channels: [chat]}",
     "{metric: first_reply, limit: 1h, channels: [chat, email]}", "major"),
])
def test_declared_directions_decide_the_bump(old: str, new: str, level: str) -> None:
    diff = diff_rulesets(ruleset("1.0.0", old), ruleset("1.0.1", new))  # type: ignore[arg-type]
    assert diff.required == level


def test_declarations_live_on_the_kind() -> None:
    assert declared_direction("response_time", "paused_while") == "more_is_looser"
    assert declared_direction("promise_kept", "fulfil_by") == "more_is_looser"
    assert declared_direction("response_time", "limit") is None
    assert declared_direction("no_such_kind", "x") is None
