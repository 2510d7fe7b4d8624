"""``extends:``: a ruleset written over a parent resolves into one ordinary ruleset."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules import evaluate
from cx_rules.errors import RulesetError
from cx_rules.models.enums import Severity
from cx_rules.ruleset.diff import diff_rulesets
from cx_rules.ruleset.load import load_ruleset, parse_ruleset_text
from cx_rules.ruleset.tests import coverage, run_tests

PARENT = """\
ruleset: base
version: 1.0.0
description: The base.
defaults: {severity: warning}
scoring:
  weights: {info: 0, warning: 5, error: 15, critical: 40}
contact_policy:
  max_actions_per_customer: 3
  tier_weights: {vip: 2.0, standard: 1.0}
rules:
  - id: first-reply-chat
    kind: response_time
    category: speed
    severity: error
    description: Chat is answered within 2 minutes.
    params: {metric: first_reply, channels: [chat], limit: 2m, by_priority: {urgent: 1m}}
    action: {id: escalate, priority: 80}
  - id: first-reply-email
    kind: response_time
    category: speed
    params: {metric: first_reply, channels: [email], limit: 8h}
exceptions:
  - {rules: [first-reply-email], cases: [c9], until: 2099-01-01, reason: known backlog}
tests:
  - name: late chat
    interactions:
      - {interaction_id: t1, case_id: c1, customer_id: u1, timestamp: "2026-03-02T10:00:00Z", channel: chat, direction: inbound, actor: customer}
      - {interaction_id: t2, case_id: c1, customer_id: u1, timestamp: "2026-03-02T10:09:00Z", channel: chat, direction: outbound, actor: agent}
    expect:
      violations: [{rule: first-reply-chat, case_id: c1}]
"""
CHAT_100S = [
    {"interaction_id": "t1", "case_id": "c1", "customer_id": "u1",
     "timestamp": "2026-03-02T10:00:00Z", "channel": "chat", "direction": "inbound",
     "actor": "customer"},
    {"interaction_id": "t2", "case_id": "c1", "customer_id": "u1",
     "timestamp": "2026-03-02T10:01:40Z", "channel": "chat", "direction": "outbound",
     "actor": "agent"},
]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def child(folder: Path, body: str, extends: str = "base.yaml", name: str = "child.yaml") -> Path:
    write(folder, "base.yaml", PARENT)
    return write(folder, name, f"ruleset: child\nversion: 1.0.0\nextends: {extends}\n{body}")


def problems(path: Path) -> list[str]:
    with pytest.raises(RulesetError) as info:
        load_ruleset(path)
    return info.value.problems


def test_an_override_changes_only_the_keys_it_gives(tmp_path: Path) -> None:
    path = child(tmp_path, "rules:\n  - id: first-reply-chat\n    severity: critical\n"
                           "    params: {limit: 90s}\n")
    rs = load_ruleset(path)
    rule = rs.rules[0]
    assert rule.id == "first-reply-chat" and rs.severity_of(rule) is Severity.CRITICAL
    assert rule.params == {"metric": "first_reply", "channels": ["chat"], "limit": "90s",
                           "by_priority": {"urgent": "1m"}}
    assert rule.parsed_params.limit.total_seconds() == 90  # type: ignore[attr-defined]
    assert rule.action is not None and rule.action.id == "escalate"
    assert rule.description == "Chat is answered within 2 minutes."
    origin = rs.rule_origin("first-reply-chat")
    assert origin is not None and origin.how == "overridden"
    assert origin.keys == ("severity", "params.limit")
    assert origin.text() == "overridden (severity, params.limit) from base@1.0.0"
    assert rs.rule_source("first-reply-chat") == str(path) and rs.rule_line(
        "first-reply-chat") == 5
    inherited = rs.rule_origin("first-reply-email")
    assert inherited is not None and inherited.how == "inherited"
    assert rs.rule_source("first-reply-email") == str(tmp_path / "base.yaml")
    assert rs.rule_line("first-reply-email") == 18
    # the override works on a log: 100 s is late for the child, not for the parent
    late = evaluate(CHAT_100S, rs).violations
    assert late["rule_id"].to_list() == ["first-reply-chat"]
    assert late["severity"].to_list() == ["critical"]
    assert evaluate(CHAT_100S, load_ruleset(tmp_path / "base.yaml")).violations.is_empty()


def test_nested_mappings_merge_key_by_key_and_null_clears(tmp_path: Path) -> None:
    rs = load_ruleset(child(tmp_path, (
        "rules:\n"
        "  - id: first-reply-chat\n"
        "    params: {by_priority: {high: 90s}}\n"
        "    action: {priority: 95}\n"
        "  - id: first-reply-email\n"
        "    action: null\n")))
    chat, email = rs.rules
    assert chat.params["by_priority"] == {"urgent": "1m", "high": "90s"}
    assert chat.action is not None and (chat.action.id, chat.action.priority) == (
        "escalate", 95)
    assert email.action is None


def test_a_disabled_rule_is_kept_and_reported_disabled(tmp_path: Path) -> None:
    rs = load_ruleset(child(tmp_path, "rules:\n  - id: first-reply-email\n    enabled: false\n"))
    assert [r.id for r in rs.rules] == ["first-reply-chat", "first-reply-email"]
    assert [r.id for r in rs.enabled_rules] == ["first-reply-chat"]
    change = {c.what: c.level for c in diff_rulesets(load_ruleset(tmp_path / "base.yaml"),
                                                     rs).changes}
    assert change["rule first-reply-email disabled"] == "major"


def test_additions_come_after_and_a_kind_with_a_known_id_replaces_the_rule(
        tmp_path: Path) -> None:
    rs = load_ruleset(child(tmp_path, (
        "rules:\n"
        "  - id: sms-reply\n"
        "    kind: response_time\n"
        "    category: speed\n"
        "    params: {metric: first_reply, channels: [sms], limit: 15m}\n"
        "  - id: first-reply-chat\n"
        "    kind: response_time\n"
        "    category: speed\n"
        "    params: {metric: first_reply, channels: [chat, social], limit: 5m}\n")))
    assert [r.id for r in rs.rules] == ["first-reply-chat", "first-reply-email", "sms-reply"]
    chat = rs.rules[0]
    assert chat.params == {"metric": "first_reply", "channels": ["chat", "social"],
                           "limit": "5m"}
    assert chat.severity is None and chat.action is None  # nothing of the parent's rule
    assert [rs.rule_origin(r.id).how for r in rs.rules] == [  # type: ignore[union-attr]
        "replaced", "inherited", "added"]
    assert rs.rule_line("sms-reply") == 5 and rs.rule_line("first-reply-chat") == 9


def test_an_override_of_an_unknown_id_is_an_error_at_its_line(tmp_path: Path) -> None:
    path = child(tmp_path, "rules:\n  - id: first-reply-chta\n    severity: info\n")
    assert problems(path) == [
        f"{path}:5: rules[0]: overrides first-reply-chta but the parent base@1.0.0 has no "
        "rule first-reply-chta (to add a rule, give its kind, category and params)"]
    twice = child(tmp_path, "rules:\n  - id: first-reply-chat\n    severity: info\n"
                            "  - id: first-reply-chat\n    severity: error\n", name="twice.yaml")
    assert problems(twice) == [f"{twice}:7: rules[1]: rule 'first-reply-chat' is given twice"]


def test_rules_of_sla_policies_are_changed_through_the_policies(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", PARENT + "sla_policies:\n  - name: vip\n"
                                          "    first_reply: {default: 1h}\n")
    path = write(tmp_path, "child.yaml", "ruleset: child\nversion: 1.0.0\nextends: base.yaml\n"
                                          "rules:\n  - id: vip-first-reply\n    severity: info\n")
    [problem] = problems(path)
    assert problem.startswith(f"{path}:5: rules[0]: overrides vip-first-reply but base@1.0.0 "
                              "makes that rule from its SLA policy 'vip'")
    inherit = write(tmp_path, "inherit.yaml", "ruleset: child\nversion: 1.0.0\n"
                                              "extends: base.yaml\n")
    rs = load_ruleset(inherit)
    assert rs.rule_origin("vip-first-reply").how == "inherited"  # type: ignore[union-attr]
    own = write(tmp_path, "own.yaml", "ruleset: child\nversion: 1.0.0\nextends: base.yaml\n"
                                      "sla_policies:\n  - name: gold\n"
                                      "    first_reply: {default: 2h}\n")
    rs = load_ruleset(own)
    assert [r.id for r in rs.rules if r.policy is not None] == ["gold-first-reply"]
    assert rs.rule_origin("gold-first-reply").how == "added"  # type: ignore[union-attr]


def test_a_bad_value_in_an_override_points_at_the_childs_line(tmp_path: Path) -> None:
    path = child(tmp_path, "rules:\n  - id: first-reply-email\n    params:\n"
                           "      limit: fast\n")
    assert problems(path) == [f"{path}:7: rules[0].params.limit: 'fast' is not a duration "
                              "(write e.g. 90s, 2m, 4h, 3d, 1w)"]
    sev = child(tmp_path, "rules:\n  - id: first-reply-email\n    severity: loud\n",
                name="sev.yaml")
    [problem] = problems(sev)
    assert problem.startswith(f"{sev}:6: rules[0].severity: 'loud'")
    added = child(tmp_path, "rules:\n  - id: new-rule\n    kind: response_time\n"
                            "    params: {metric: first_reply, limit: 1m}\n", name="add.yaml")
    assert problems(added) == [f"{added}:5: rules[0].category: Field required"]


def test_an_invalid_parent_is_reported_at_the_parents_line(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", PARENT.replace("limit: 8h", "limit: soon"))
    path = write(tmp_path, "child.yaml", "ruleset: child\nversion: 1.0.0\nextends: base.yaml\n")
    [problem] = problems(path)
    assert problem.startswith(f"{tmp_path / 'base.yaml'}:21: rules[1].params.limit: 'soon'")


def test_circular_extends_is_an_error_at_the_extends_line(tmp_path: Path) -> None:
    a = write(tmp_path, "a.yaml", "ruleset: a\nversion: 1.0.0\n\nextends: b.yaml\n")
    b = write(tmp_path, "b.yaml", "ruleset: b\nversion: 1.0.0\nextends: ./a.yaml\n")
    assert problems(a) == [f"{b}:3: extends: circular extends: {a} → {b} → {a}"]
    me = write(tmp_path, "me.yaml", "ruleset: me\nversion: 1.0.0\nextends: me.yaml\n")
    assert problems(me) == [f"{me}:3: extends: circular extends: {me} → {me}"]
    # a loop further up the chain names only the loop
    c = write(tmp_path, "c.yaml", "ruleset: c\nversion: 1.0.0\nextends: a.yaml\n")
    assert problems(c) == [f"{b}:3: extends: circular extends: {a} → {b} → {a}"]


def test_a_missing_or_malformed_parent_is_an_error_at_the_extends_line(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    path = write(tmp_path, "x.yaml", "ruleset: x\nversion: 1.0.0\nextends: gone.yaml\n")
    assert problems(path) == [f"{path}:3: extends: gone.yaml: no such ruleset file"]
    path.write_text("ruleset: x\nversion: 1.0.0\nextends: cx-baseline@9.9.9\n")
    [problem] = problems(path)
    assert problem.startswith(f"{path}:3: extends: cx-baseline@9.9.9: no ruleset of that name")
    path.write_text("ruleset: x\nversion: 1.0.0\nextends: [a, b]\n")
    assert problems(path) == [f"{path}:3: extends: give one ruleset: NAME, NAME@VERSION or a "
                              "path to a file"]


def test_a_long_chain_resolves_and_a_too_long_one_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "r0.yaml", PARENT.replace("ruleset: base", "ruleset: r0"))
    for i in range(1, 20):
        write(tmp_path, f"r{i}.yaml", f"ruleset: r{i}\nversion: 1.0.0\nextends: r{i - 1}.yaml\n")
    assert len(load_ruleset(tmp_path / "r15.yaml").ancestors) == 15
    [problem] = problems(tmp_path / "r19.yaml")
    assert "extends chain longer than 16 rulesets" in problem


def test_a_three_level_chain_keeps_every_step(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", PARENT)
    write(tmp_path, "mid/1.0.0.yaml", "ruleset: mid\nversion: 1.0.0\nextends: ../base.yaml\n"
                                      "rules:\n  - id: first-reply-chat\n    severity: info\n")
    top = write(tmp_path, "top/1.0.0.yaml", "ruleset: top\nversion: 1.0.0\n"
                                            "extends: ../mid/1.0.0.yaml\nrules:\n"
                                            "  - id: first-reply-email\n    params: {limit: 4h}\n")
    rs = load_ruleset(top)
    assert [a.label for a in rs.ancestors] == ["mid@1.0.0", "base@1.0.0"]
    assert rs.severity_of(rs.rules[0]) is Severity.INFO
    assert rs.rules[1].params["limit"] == "4h"
    assert rs.rule_origin("first-reply-chat").text() == (  # type: ignore[union-attr]
        "inherited from mid@1.0.0; in mid@1.0.0: overridden (severity) from base@1.0.0")
    assert Path(rs.rule_source("first-reply-chat") or "").resolve() == (
        tmp_path / "mid/1.0.0.yaml").resolve()
    assert rs.rule_line("first-reply-chat") == 5


def test_other_keys_inherit_and_merge_as_documented(tmp_path: Path) -> None:
    rs = load_ruleset(child(tmp_path, (
        "scoring: {weights: {critical: 50}}\n"
        "contact_policy: {tier_weights: {gold: 1.5}, max_actions_per_customer: 2}\n"
        "calendar: {timezone: Europe/Berlin, business_hours: {mon-fri: '08:00-16:00'}}\n")))
    parent = load_ruleset(tmp_path / "base.yaml")
    assert rs.scoring.weights == {Severity.INFO: 0, Severity.WARNING: 5, Severity.ERROR: 15,
                                  Severity.CRITICAL: 50}
    assert rs.contact_policy.max_actions_per_customer == 2
    assert rs.contact_policy.tier_weights == {"vip": 2.0, "standard": 1.0, "gold": 1.5}
    assert rs.calendar is not None and parent.calendar is None
    assert rs.exceptions == parent.exceptions  # inherited when not given
    assert rs.description is None and rs.tests == []  # never inherited
    replaced = load_ruleset(child(tmp_path, "exceptions: []\n", name="nowaive.yaml"))
    assert replaced.exceptions == []


def test_a_child_runs_its_own_tests_and_its_parents_when_asked(tmp_path: Path) -> None:
    path = child(tmp_path, (
        "rules:\n  - id: first-reply-chat\n    params: {limit: 90s}\n"
        "tests:\n  - name: 100 s is late\n    interactions:\n"
        + "".join(f"      - {json.dumps(row)}\n" for row in CHAT_100S)
        + "    expect:\n      violations: [{rule: first-reply-chat, case_id: c1}]\n"))
    rs = load_ruleset(path)
    own = run_tests(rs, evaluate)
    assert [(o.name, o.passed, o.source, o.line) for o in own] == [
        ("100 s is late", True, str(path), 8)]
    both = run_tests(rs, evaluate, parents=True)
    assert [(o.name, o.passed, o.source, o.line) for o in both][1:] == [
        ("late chat (from base@1.0.0)", True, str(tmp_path / "base.yaml"), 25)]
    assert coverage(rs).covered == ("first-reply-chat",)


def test_found_by_name_on_the_search_path(tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path, "lib/base/1.0.0.yaml", PARENT)
    write(tmp_path, "lib/base/1.1.0.yaml", PARENT.replace("1.0.0", "1.1.0").replace(
        "limit: 2m", "limit: 3m"))
    monkeypatch.setenv("CX_RULES_PATH", str(tmp_path / "lib"))
    pinned = write(tmp_path, "pinned.yaml", "ruleset: c\nversion: 1.0.0\nextends: base@1.0.0\n")
    newest = write(tmp_path, "newest.yaml", "ruleset: c\nversion: 1.0.0\nextends: base\n")
    assert load_ruleset(pinned).rules[0].params["limit"] == "2m"
    assert load_ruleset(newest).rules[0].params["limit"] == "3m"
    assert load_ruleset(newest).extends == ("base", 3)


def test_text_with_extends_resolves_relative_to_base(tmp_path: Path) -> None:
    write(tmp_path, "base.yaml", PARENT)
    rs = parse_ruleset_text("ruleset: c\nversion: 1.0.0\nextends: base.yaml\n", "<text>",
                            base=tmp_path)
    assert [r.id for r in rs.rules] == ["first-reply-chat", "first-reply-email"]


def test_shipped_acme_support_is_composed_on_the_baseline() -> None:
    rs = load_ruleset("acme-support@1.0.0")
    assert rs.parent is not None and rs.parent.label == "cx-baseline@2.1.0"
    hows = {r.id: rs.rule_origin(r.id).how for r in rs.rules}  # type: ignore[union-attr]
    assert hows["first-reply-chat"] == "overridden" and hows["channel-switch"] == "overridden"
    assert hows["never-ask-for-password"] == "added" and hows["promises-kept"] == "inherited"
    assert not next(r for r in rs.rules if r.id == "channel-switch").enabled
    assert {r.id for r in rs.rules} - {"never-ask-for-password"} == {r.id for r in
                                                                    rs.parent.rules}


def bumped_library(folder: Path) -> None:
    """base 1.0.0 (chat 2m), 1.1.0 (chat 3m: looser) and 2.0.0 (chat 1m: stricter)."""
    for version, limit in (("1.0.0", "2m"), ("1.1.0", "3m"), ("2.0.0", "1m")):
        write(folder, f"lib/base/{version}.yaml", PARENT.replace("1.0.0", version).replace(
            "limit: 2m", f"limit: {limit}"))


CHILD = "ruleset: child\nversion: {version}\nextends: base@{parent}\n"


@pytest.mark.parametrize(("parent", "version", "needs", "ok"), [
    ("1.1.0", "1.0.1", "minor", False),   # the parent loosened a limit: minor at least
    ("1.1.0", "1.1.0", "minor", True),
    ("2.0.0", "1.1.0", "major", False),   # the parent made it stricter: major
    ("2.0.0", "2.0.0", "major", True),
])
def test_a_parent_bump_is_the_change_it_makes_to_the_child(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, parent: str, version: str,
        needs: str, ok: bool) -> None:
    bumped_library(tmp_path)
    monkeypatch.setenv("CX_RULES_PATH", str(tmp_path / "lib"))
    old = load_ruleset(write(tmp_path, "old.yaml", CHILD.format(version="1.0.0",
                                                                 parent="1.0.0")))
    new = load_ruleset(write(tmp_path, "new.yaml", CHILD.format(version=version,
                                                                 parent=parent)))
    result = diff_rulesets(old, new)
    whats = {c.what: c.level for c in result.changes}
    assert whats[f"extends base@1.0.0 → base@{parent}"] == "patch"
    limit = "3m is looser" if parent == "1.1.0" else "1m is stricter"
    assert whats[f"rule first-reply-chat: limit 2m → {limit}"] == needs
    assert result.required == needs
    assert (result.verdict() is None) is ok


def test_the_same_rules_through_another_parent_need_only_a_patch(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bumped_library(tmp_path)
    monkeypatch.setenv("CX_RULES_PATH", str(tmp_path / "lib"))
    old = load_ruleset(write(tmp_path, "old.yaml", CHILD.format(version="1.0.0",
                                                                 parent="1.0.0")))
    # the child pins the stricter parent but restores the old limit itself
    new = load_ruleset(write(tmp_path, "new.yaml", CHILD.format(version="1.0.1", parent="2.0.0")
                             + "rules:\n  - id: first-reply-chat\n    params: {limit: 2m}\n"))
    result = diff_rulesets(old, new)
    assert result.required == "patch" and result.verdict() is None


def test_a_child_against_its_parent_shows_its_overrides(tmp_path: Path) -> None:
    path = child(tmp_path, "rules:\n  - id: first-reply-chat\n    severity: critical\n")
    result = diff_rulesets(load_ruleset(tmp_path / "base.yaml"), load_ruleset(path))
    whats = {c.what: c.level for c in result.changes}
    assert whats["rule first-reply-chat: severity error → critical"] == "major"
    assert result.required == "major"
    assert result.verdict() is None  # other rulesets: no version to compare


def test_an_overridden_rule_in_the_child_bumps_the_childs_version(tmp_path: Path) -> None:
    old = load_ruleset(child(tmp_path, "rules:\n  - id: first-reply-email\n"
                                       "    severity: error\n"))
    for version, ok in (("1.0.1", False), ("1.1.0", True)):
        new = load_ruleset(write(tmp_path, "new.yaml", (
            f"ruleset: child\nversion: {version}\nextends: base.yaml\nrules:\n"
            "  - id: first-reply-email\n    severity: warning\n")))
        result = diff_rulesets(old, new)
        assert result.required == "minor"  # severity lowered
        assert (result.verdict() is None) is ok


# ---- properties ------------------------------------------------------------------------------

SEVERITIES = [s.value for s in Severity]


@st.composite
def parent_docs(draw: st.DrawFn) -> dict[str, Any]:
    """A random valid parent ruleset document (JSON is YAML)."""
    n = draw(st.integers(1, 6))
    rules = []
    for i in range(n):
        rule: dict[str, Any] = {
            "id": f"r{i}", "kind": "response_time", "category": "speed",
            "params": {"metric": draw(st.sampled_from(["first_reply", "next_reply"])),
                       "limit": f"{draw(st.integers(1, 90))}m"},
        }
        if draw(st.booleans()):
            rule["severity"] = draw(st.sampled_from(SEVERITIES))
        if draw(st.booleans()):
            rule["params"]["channels"] = draw(st.lists(st.sampled_from(
                ["chat", "email", "social"]), min_size=1, max_size=3, unique=True))
        if draw(st.booleans()):
            rule["enabled"] = False
        rules.append(rule)
    doc: dict[str, Any] = {"ruleset": "parent", "version": "1.2.3", "description": "p",
                           "rules": rules}
    if draw(st.booleans()):
        doc["scoring"] = {"weights": {"warning": draw(st.integers(0, 20))}}
    if draw(st.booleans()):
        doc["defaults"] = {"severity": draw(st.sampled_from(SEVERITIES))}
    return doc


def resolve_pair(folder: Path, parent: dict[str, Any], child_text: str) -> tuple[Any, Any]:
    name = f"p-{uuid.uuid4().hex}.yaml"
    (folder / name).write_text(json.dumps(parent, indent=2), encoding="utf-8")
    parsed_parent = load_ruleset(folder / name)
    text = f"ruleset: child\nversion: 0.1.0\nextends: {name}\n{child_text}"
    return parsed_parent, parse_ruleset_text(text, "<child>", base=folder)


WITHOUT_OWN = {"ruleset", "version", "description", "tests"}


@given(parent=parent_docs())
def test_a_child_without_overrides_is_its_parent(tmp_path_factory: pytest.TempPathFactory,
                                                 parent: dict[str, Any]) -> None:
    before, after = resolve_pair(tmp_path_factory.getbasetemp(), parent, "")
    assert after.model_dump(exclude=WITHOUT_OWN) == before.model_dump(exclude=WITHOUT_OWN)
    assert {after.rule_origin(r.id).how for r in after.rules} == {"inherited"}
    assert {c.level for c in diff_rulesets(before, after).changes} <= {"patch"}


@given(parent=parent_docs(), data=st.data())
def test_overrides_read_back(tmp_path_factory: pytest.TempPathFactory, parent: dict[str, Any],
                             data: st.DataObject) -> None:
    ids = [r["id"] for r in parent["rules"]]
    chosen = data.draw(st.lists(st.sampled_from(ids), unique=True))
    overrides = {rid: {"severity": data.draw(st.sampled_from(SEVERITIES)),
                       "limit": f"{data.draw(st.integers(1, 90))}s",
                       "enabled": data.draw(st.booleans())} for rid in chosen}
    body = "rules:\n" + "".join(
        f"  - {{id: {rid}, severity: {o['severity']}, enabled: {str(o['enabled']).lower()}, "
        f"params: {{limit: {o['limit']}}}}}\n" for rid, o in overrides.items()) if chosen else ""
    before, after = resolve_pair(tmp_path_factory.getbasetemp(), parent, body)
    old = {r.id: r for r in before.rules}
    assert [r.id for r in after.rules] == ids
    for rule in after.rules:
        if rule.id in overrides:
            o = overrides[rule.id]
            assert (rule.severity, rule.enabled, rule.params["limit"]) == (
                Severity(o["severity"]), o["enabled"], o["limit"])
            assert {k: v for k, v in rule.params.items() if k != "limit"} == {
                k: v for k, v in old[rule.id].params.items() if k != "limit"}
            assert rule.kind == old[rule.id].kind and rule.category == old[rule.id].category
            assert after.rule_origin(rule.id).how == "overridden"
        else:
            assert rule.model_dump() == old[rule.id].model_dump()
            assert after.rule_origin(rule.id).how == "inherited"
