"""A rule whose input the log does not carry is "not applicable", never "nothing happened".

On a tweet export (no status, claims, promise_due, csat, purpose...) the resolution,
consistency, promise and feedback rules say so in every output format instead of firing (or
staying silent unexplained); ``--strict-input`` makes that exit 2.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from cx_rules import evaluate, load_ruleset
from cx_rules.app.partitioned import evaluate_partitioned
from cx_rules.cli import cli
from tests.report.html_doc import Doc
from tests.report.test_sarif_schema import assert_valid_sarif

ROOT = Path(__file__).resolve().parents[2]
TWEETS = ROOT / "tests" / "data" / "tweets.csv"
SAMPLE = ROOT / "examples" / "sample_log.csv"
CUSTOMERS = ROOT / "examples" / "customers.csv"
EXPECTED = {
    "resolution-time": "the log has no status",
    "follow-up-after-resolution": "the log has no status",
    "came-back-same-topic": "the log has no status, no topic",
    "unhappy-customer": "the log has no csat or sentiment",
    "contact-consent": "no customer profiles were given",
    "told-before-asking": "the log has no event",
    "shipments-and-refunds-kept": "the log has no event",
}
"""The newest baseline on the tweet export: its facts and promises are read from the text
(2.2.0), so only the rules whose fields no text can stand in for do not apply."""
EXPECTED_2_1 = {
    "resolution-time": "the log has no status",
    "follow-up-after-resolution": "the log has no status",
    "came-back-same-topic": "the log has no status, no topic",
    "same-facts-everywhere": "the log has no claims",
    "same-facts-per-customer": "the log has no claims",
    "promises-kept": "the log has no promise_due",
    "unhappy-customer": "the log has no csat or sentiment",
    "contact-consent": "no customer profiles were given",
}
NO_EVENTS = {"told-before-asking": "the log has no event",
             "shipments-and-refunds-kept": "the log has no event"}


def test_tweet_export_lists_the_rules_that_cannot_apply() -> None:
    result = evaluate(TWEETS, "cx-baseline", mapping="tweets")
    assert result.summary.not_applicable == EXPECTED
    fired = set(result.violations["rule_id"])
    assert not fired & set(EXPECTED), fired & set(EXPECTED)
    # the reply-time rules still run (tweets have everything they need)
    assert "first-reply-social" in fired
    older = evaluate(TWEETS, "cx-baseline@2.1.0", mapping="tweets")
    assert older.summary.not_applicable == EXPECTED_2_1


def test_the_full_sample_lacks_only_business_events() -> None:
    # every field but the order/incident feed's events: those two rules say so
    assert evaluate(SAMPLE, "cx-baseline", customers=CUSTOMERS).summary.not_applicable == \
        NO_EVENTS
    assert evaluate(SAMPLE, "cx-baseline@2.1.0",
                    customers=CUSTOMERS).summary.not_applicable == {}


def run(*args: str) -> tuple[int, str]:
    out = CliRunner().invoke(cli, ["lint", str(TWEETS), "--mapping", "tweets", "--fail-on",
                                   "none", *args])
    return out.exit_code, out.output


def report(tmp_path: Path, fmt: str) -> str:
    target = tmp_path / f"report.{fmt}"
    code, output = run("--format", fmt, "-o", str(target))
    assert code == 0, output
    return target.read_text(encoding="utf-8")


def test_every_format_says_which_rules_did_not_apply(tmp_path: Path) -> None:
    text = report(tmp_path, "text")
    assert "19 of 26 rules applied; not applicable" in text
    assert "    resolution-time: the log has no status" in text
    assert json.loads(report(tmp_path, "json"))["summary"]["not_applicable"] == EXPECTED
    sarif = assert_valid_sarif(report(tmp_path, "sarif"))
    every = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    notes = [n for n in every if n["descriptor"]["id"] == "not-applicable"]
    assert {n["associatedRule"]["id"] for n in notes} == set(EXPECTED)
    assert all(n["level"] == "note" and "not applicable" in n["message"]["text"] for n in notes)
    junit = ET.fromstring(report(tmp_path, "junit"))
    skipped = {s.get("name"): s.find("testcase/skipped") for s in junit.iter("testsuite")}
    assert {name for name, skip in skipped.items() if skip is not None} == set(EXPECTED)
    assert skipped["resolution-time"].get("message") == "not applicable: the log has no status"
    assert "::notice title=resolution-time not applicable::resolution-time: the log has no " \
           "status" in report(tmp_path, "github")


def test_html_report_lists_them(tmp_path: Path) -> None:
    out = CliRunner().invoke(cli, ["report", str(TWEETS), "--mapping", "tweets", "-o",
                                   str(tmp_path / "r.html")])
    assert out.exit_code == 0, out.output
    table = Doc((tmp_path / "r.html").read_text(encoding="utf-8")).table("rules", "rule")
    col = {name: i for i, name in enumerate(table.head)}
    row = next(r for r in table.rows if r[0] == "shipments-and-refunds-kept")
    assert row[col["status"]] == "not applicable"
    assert row[col["note"]] == "the log has no event"


def test_strict_input_turns_not_applicable_into_exit_2() -> None:
    code, output = run("--strict-input")
    assert code == 2
    assert "--strict-input: 7 rule(s) cannot apply to this log: resolution-time (the log " \
           "has no status)" in output
    full = CliRunner().invoke(cli, ["lint", str(SAMPLE), "-c", str(CUSTOMERS), "--strict-input",
                                    "--fail-on", "none", "--ruleset", "cx-baseline@2.1.0"])
    assert full.exit_code == 0, full.output


def write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "log.csv"
    path.write_text("interaction_id,case_id,customer_id,timestamp,channel,direction,actor,"
                    "agent_id,status\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_a_case_without_any_status_is_unknown_not_unresolved(tmp_path: Path) -> None:
    """status is in the log, but case c2 never carries one: its resolution is unknown."""
    path = write(tmp_path, [
        "i1,c1,u1,2026-03-02T09:00:00Z,email,inbound,customer,,open",
        "i2,c1,u1,2026-03-02T10:00:00Z,email,outbound,agent,a1,",
        "i3,c2,u2,2026-03-02T09:00:00Z,email,inbound,customer,,",
        "i4,c2,u2,2026-03-02T10:00:00Z,email,outbound,agent,a1,",
        "i5,c3,u3,2026-03-30T09:00:00Z,email,inbound,customer,,",
    ])
    result = evaluate(path, "cx-baseline")
    assert "resolution-time" not in result.summary.not_applicable
    unresolved = result.violations.filter(result.violations["rule_id"] == "resolution-time")
    assert unresolved["case_id"].to_list() == ["c1"]
    assert "still not resolved" in unresolved["message"][0]


@pytest.mark.parametrize("engine", ["partitioned"])
def test_partitioned_runs_decide_applicability_for_the_whole_log(tmp_path: Path,
                                                                 engine: str) -> None:
    """One partition may lack a field another has: the decision is the whole log's."""
    path = write(tmp_path, [
        f"i{n},c{n},u{n},2026-03-02T09:00:00Z,email,inbound,customer,,"
        + ("open" if n == 0 else "") for n in range(12)])
    single = evaluate(path, "cx-baseline")
    split = evaluate_partitioned(path, load_ruleset("cx-baseline"), partitions=4,
                                 out_dir=tmp_path / "out")
    assert split.summary.not_applicable == single.summary.not_applicable
    assert "resolution-time" not in split.summary.not_applicable
    assert split.summary.by_rule == single.summary.by_rule
