"""Plugins: the example package end to end, and broken plugins that must not break the rest.

The example plugin (plugins/cx-rules-example) is installed into the test environment by the
README's test command (``pip install -e plugins/cx-rules-example``).
"""

from __future__ import annotations

import json
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cx_rules import evaluate
from cx_rules.cli import cli
from cx_rules.kinds import registry
from cx_rules.plugins import installed_plugins, plugin_readers, plugin_reporters
from cx_rules.ruleset.load import load_ruleset
from cx_rules.ruleset.tests import run_tests

ROOT = Path(__file__).resolve().parents[2]


def test_example_plugin_is_installed_and_listed() -> None:
    names = {(i.group, i.name): i for i in installed_plugins()}
    tone = names[("cx_rules.rule_kinds", "tone")]
    assert tone.distribution == "cx-rules-example" and tone.error is None
    assert "markdown" in plugin_reporters()
    assert "chat-transcript" in plugin_readers()
    out = CliRunner().invoke(cli, ["plugins"]).output
    assert "tone" in out and "cx-rules-example" in out and "0.1.0" in out


def test_plugin_kind_is_a_kind_like_any_other() -> None:
    kind = registry.get_kind("tone")
    assert kind is not None and kind.origin.startswith("cx-rules-example")
    doc = CliRunner().invoke(cli, ["explain", "tone"]).output
    assert "## Why customers care" in doc
    outcomes = run_tests(load_ruleset(ROOT / "rulesets/cx-tone/1.0.0.yaml"), evaluate)
    assert outcomes and all(o.passed for o in outcomes), outcomes


def test_markdown_reporter_through_lint(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text(
        "interaction_id,case_id,customer_id,timestamp,channel,direction,actor,text\n"
        "i1,c1,u1,2026-03-02T10:00:00Z,chat,inbound,customer,help\n"
        "i2,c1,u1,2026-03-02T10:01:00Z,chat,outbound,agent,That is your fault | sorry\n")
    result = CliRunner().invoke(cli, ["lint", str(log), "-r", "cx-tone", "--format", "markdown"])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("### cx-rules: cx-tone@1.0.0")
    assert "| warning | `respectful-tone` | c1 | Reply on chat sounds hostile: blame phrase " \
           "'your fault'. |" in result.output
    assert "rows read 2 = evaluated 2 + rejected 0" in result.output


@pytest.fixture
def broken_plugins(tmp_path: Path) -> Iterator[Path]:
    """A fake installed distribution with a kind that fails to import and one for API 99."""
    pkg = tmp_path / "site"
    (pkg / "broken_cx_plugin").mkdir(parents=True)
    (pkg / "broken_cx_plugin" / "__init__.py").write_text("raise ImportError('boom')\n")
    (pkg / "future_cx_plugin.py").write_text(textwrap.dedent("""
        from dataclasses import replace
        from cx_rules.kinds.response_time import KIND
        FUTURE = replace(KIND, name="future", api_version=99)
    """))
    info = pkg / "broken_cx_plugin-0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-cx-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(
        "[cx_rules.rule_kinds]\nbroken = broken_cx_plugin:KIND\nfuture = future_cx_plugin:FUTURE\n")
    sys.path.insert(0, str(pkg))
    registry._load.cache_clear()
    try:
        yield pkg
    finally:
        sys.path.remove(str(pkg))
        registry._load.cache_clear()


def test_broken_plugins_are_reported_and_others_keep_working(broken_plugins: Path,
                                                              tmp_path: Path) -> None:
    broken = registry.broken_kinds()
    assert "failed to import: ImportError: boom" in broken["broken"]
    assert "broken-cx-plugin" in broken["broken"]
    assert "targets rule-kind API 99" in broken["future"]
    assert registry.get_kind("response_time") is not None
    listing = CliRunner().invoke(cli, ["plugins"]).output
    assert "broken" in listing
    ruleset = tmp_path / "r.yaml"
    ruleset.write_text(json.dumps({"ruleset": "r", "version": "1.0.0", "rules": [
        {"id": "x", "kind": "broken", "category": "speed"}]}))
    result = CliRunner().invoke(cli, ["lint", str(ruleset), "-r", str(ruleset)])
    assert result.exit_code == 2
    assert "plugin broken-cx-plugin (broken_cx_plugin:KIND) failed to import" in result.output


def test_a_plugin_kind_does_not_turn_off_case_eviction() -> None:
    """A plugin kind that declares no streaming hooks gets the honest defaults: it is
    re-checked on its customer's rows, and resolved cases are still evicted after the
    ruleset's retention (it used to keep every case forever)."""
    from datetime import UTC, datetime, timedelta

    from cx_rules.ruleset.load import parse_ruleset_text
    from cx_rules.streaming import Session

    tone = registry.get_kind("tone")
    assert tone is not None and tone.origin != "built-in" and tone.reference is None
    ruleset = parse_ruleset_text(textwrap.dedent("""
        ruleset: plugin-evict
        version: 1.0.0
        rules:
          - {id: respectful-tone, kind: tone, category: personalization}
          - id: first-reply-chat
            kind: response_time
            category: speed
            params: {metric: first_reply, channels: [chat], limit: 5m}
    """), "<plugin-evict>")
    session = Session(ruleset, retention=timedelta(days=1))
    base = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    found = []
    for n in range(200):
        at = base + timedelta(hours=n)
        for i, (direction, actor, text, extra) in enumerate([
                ("inbound", "customer", "hello", {}),
                ("outbound", "agent", "THIS IS YOUR FAULT, READ THE MANUAL" if n % 50 == 0
                 else "Happy to help", {"status": "resolved"})]):
            found += session.observe({
                "interaction_id": f"i{n}-{i}", "case_id": f"c{n}", "customer_id": f"u{n}",
                "timestamp": at + timedelta(minutes=i), "channel": "chat",
                "direction": direction, "actor": actor, "agent_id": "a1" if i else None,
                "text": text, **extra})
    session.advance(base + timedelta(hours=200, days=2))
    assert session.stats["cases_evicted"] > 150
    assert session.open_cases < 50
    # the plugin rule still reports what the batch engine reports
    hostile = [o for o in found if getattr(o, "rule_id", None) == "respectful-tone"]
    assert len(hostile) == 4
