"""Waivers (a ruleset's exceptions:): waived findings are counted and listed apart, never
dropped; a waiver past its date stops applying and says so; nothing is waived by a typo."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cx_rules.app.evaluate import evaluate
from cx_rules.cli import cli
from cx_rules.errors import RulesetError
from cx_rules.outputs.waivers import apply_waivers
from cx_rules.ruleset.load import load_ruleset, parse_ruleset_text
from tests.report.test_sarif_schema import assert_valid_sarif

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"
BASE = (ROOT / "rulesets" / "cx-baseline" / "2.1.0.yaml").read_text(encoding="utf-8")


def with_exceptions(text: str) -> str:
    return BASE + "exceptions:\n" + text


def ruleset_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rs.yaml"
    path.write_text(with_exceptions(text), encoding="utf-8")
    return path


def keys(frame: pl.DataFrame) -> set[tuple[str, str, str]]:
    return {(r["rule_id"], r["case_id"], r["interaction_ids"][0])
            for r in frame.iter_rows(named=True)}


WAIVE_EMAIL = """\
  - rules: [first-reply-email]
    customers: [u0007]
    until: 2099-12-31
    reason: "INC-42: mail gateway outage"
"""


def test_a_waived_finding_is_listed_apart_and_the_counts_add_up(tmp_path: Path) -> None:
    plain = evaluate(SAMPLE, "cx-baseline")
    waived = evaluate(SAMPLE, parse_ruleset_text(with_exceptions(WAIVE_EMAIL)))
    assert waived.waived is not None and waived.waived.height == 1
    row = waived.waived.row(0, named=True)
    assert (row["rule_id"], row["customer_id"]) == ("first-reply-email", "u0007")
    assert row["waiver_reason"] == "INC-42: mail gateway outage"
    assert keys(waived.violations) | keys(waived.waived) == keys(plain.violations)
    assert not keys(waived.violations) & keys(waived.waived)
    assert waived.summary.violations + waived.summary.waived == plain.summary.violations


def test_an_expired_waiver_waives_nothing_and_says_so() -> None:
    text = WAIVE_EMAIL.replace("2099-12-31", "2020-01-31")
    result = evaluate(SAMPLE, parse_ruleset_text(with_exceptions(text)))
    assert result.waived is not None and result.waived.height == 0
    assert any("exception 0 (first-reply-email: INC-42: mail gateway outage) expired on "
               "2020-01-31" in w for w in result.summary.warnings)


def test_a_waived_error_does_not_fail_the_run_and_every_format_shows_it(tmp_path: Path) -> None:
    only_pii = """\
  - rules: [pii_exposure, first-reply-chat, consistency, verify-before-account-details,
            promises-kept]
    until: 2099-12-31
    reason: "accepted while the redaction bot is rolled out"
"""
    rs = ruleset_file(tmp_path, only_pii)
    base = ["lint", str(SAMPLE), "-r", str(rs)]
    plain = CliRunner().invoke(cli, ["lint", str(SAMPLE), "-r", "cx-baseline@2.1.0",
                                     "--fail-on", "error"])
    assert plain.exit_code == 1
    out = CliRunner().invoke(cli, [*base, "--fail-on", "error", "--format", "json"])
    doc = json.loads(out.stdout)
    assert doc["summary"]["waived"] == len(doc["waived"]) > 0
    assert {v["severity"] for v in doc["violations"]} <= {"warning", "info"}
    assert out.exit_code == 0, out.output
    sarif = assert_valid_sarif(CliRunner().invoke(cli, [*base, "--format", "sarif",
                                                        "--fail-on", "none"]).stdout)
    suppressed = [r for r in sarif["runs"][0]["results"] if "suppressions" in r]
    assert len(suppressed) == len(doc["waived"])
    text = CliRunner().invoke(cli, [*base, "--fail-on", "none"]).stdout
    assert f"Waived (by the ruleset's exceptions, not counted): {len(doc['waived'])}" in text


def test_agents_and_channels_match_on_the_findings_events() -> None:
    text = """\
  - rules: [speed]
    channels: [chat]
    until: 2099-12-31
    reason: "chat pilot"
"""
    result = evaluate(SAMPLE, parse_ruleset_text(with_exceptions(text)))
    assert result.waived is not None and result.waived.height > 0
    channel = dict(zip(result.interactions["interaction_id"], result.interactions["channel"],
                       strict=True))
    for row in result.waived.iter_rows(named=True):
        assert any(channel[i] == "chat" for i in row["interaction_ids"])
    for row in result.violations.iter_rows(named=True):
        if row["category"] == "speed":
            assert not any(channel[i] == "chat" for i in row["interaction_ids"])


@pytest.mark.parametrize(("text", "message"), [
    ("  - rules: [first-reply-emial]\n    until: 2099-01-01\n    reason: typo\n",
     "'first-reply-emial' is no rule id, kind or category"),
    ("  - rules: [speed]\n    reason: forever\n", "until"),
    ("  - rules: [speed]\n    until: 2099-01-01\n", "reason"),
])
def test_mistakes_are_refused(text: str, message: str) -> None:
    with pytest.raises(RulesetError, match=message):
        parse_ruleset_text(with_exceptions(text), "rs.yaml")


RULESET = load_ruleset("cx-baseline@2.1.0")  # the text the waivers are added to
RESULT = evaluate(SAMPLE, RULESET)
IDS = sorted({r.id for r in RULESET.rules})
CUSTOMERS = sorted(set(RESULT.violations["customer_id"]))


def waiver_text(w: dict[str, Any]) -> str:
    lines = [f"  - rules: [{', '.join(w['rules'])}]"]
    if w["customers"]:
        lines.append(f"    customers: [{', '.join(w['customers'])}]")
    lines.append(f"    until: {w['until']}")
    lines.append("    reason: because")
    return "\n".join(lines) + "\n"


WAIVERS = st.lists(st.fixed_dictionaries({
    "rules": st.lists(st.sampled_from([*IDS, "speed", "privacy"]), min_size=1, max_size=2),
    "customers": st.lists(st.sampled_from(CUSTOMERS), max_size=2),
    "until": st.sampled_from(["2020-01-01", "2099-01-01"]),
}), max_size=3)


@settings(max_examples=25, deadline=None)
@given(WAIVERS)
def test_counts_add_up_and_only_matching_findings_are_waived(waivers: list[dict[str, Any]]
                                                             ) -> None:
    text = "".join(waiver_text(w) for w in waivers)
    rs = parse_ruleset_text(with_exceptions(text)) if text else RULESET
    split = apply_waivers(RESULT.violations, RESULT.interactions, rs, date(2026, 12, 3))
    assert split.counted.height + split.waived.height == RESULT.violations.height
    assert len(split.expired) == sum(w["until"] == "2020-01-01" for w in waivers)
    for row in split.waived.iter_rows(named=True):
        w = waivers[row["waiver"]]
        rule = next(r for r in rs.rules if r.id == row["rule_id"])
        assert w["until"] == "2099-01-01"
        assert {rule.id, rule.kind, rule.category.value} & set(w["rules"])
        assert not w["customers"] or row["customer_id"] in w["customers"]


def test_the_partitioned_engine_waives_what_the_local_one_waives(tmp_path: Path) -> None:
    from cx_rules.app.partitioned import evaluate_partitioned

    rules = parse_ruleset_text(with_exceptions(WAIVE_EMAIL))
    local = evaluate(SAMPLE, rules)
    parted = evaluate_partitioned(SAMPLE, rules, partitions=3, out_dir=tmp_path / "out")
    assert local.waived is not None
    assert keys(parted.waived_frame().collect()) == keys(local.waived) != set()
    assert keys(parted.violations_frame().collect()) == keys(local.violations)
    assert parted.summary.waived == local.summary.waived == 1
    assert parted.summary.violations == local.summary.violations
    manifest = json.loads((tmp_path / "out" / "_SUCCESS").read_text(encoding="utf-8"))
    assert manifest["summary"]["waived"] == 1 and manifest["files"]["waived"]


def test_lint_partitioned_reports_the_waived_count(tmp_path: Path) -> None:
    rs = ruleset_file(tmp_path, WAIVE_EMAIL)
    out = CliRunner().invoke(cli, ["lint", str(SAMPLE), "-r", str(rs), "--engine",
                                   "partitioned", "--partitions", "2", "--out",
                                   str(tmp_path / "out"), "--fail-on", "none"])
    assert out.exit_code == 0, out.output
    assert "1 finding(s) waived by the ruleset's exceptions (in waived/)" in out.output
    assert "does not apply the ruleset's exceptions" not in out.output
