"""warn_at: open waits past their warning point are at risk, in batch, reference and stream."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.engine.reference import reference_at_risk
from cx_rules.engine.run import run_log
from cx_rules.errors import RulesetError
from cx_rules.ruleset.load import parse_ruleset_text
from cx_rules.streaming import DeadlineAlert, DeadlineWarning, Session
from tests.kinds.response_time.test_response_time import CALENDARS, PARAMS, row
from tests.strategies import BASE, frame, interactions, ruleset_with, violation_key

WARNED_CHAT = (
    "ruleset: w\nversion: 1.0.0\nrules:\n"
    "  - id: first-reply-chat\n    kind: response_time\n    category: speed\n"
    "    params: {metric: first_reply, limit: 2m, warn_at: 75%}\n")
WARNED = PARAMS.flatmap(lambda p: st.sampled_from(["50%", "75%", "99%", "30s", "10m"]).map(
    lambda w: {**p, "warn_at": w}))


def at_risk(params: dict[str, Any], rows: list[dict[str, Any]], calendar: str | None = None
            ) -> list[dict[str, Any]]:
    rs = ruleset_with("response_time", params, calendar=calendar)
    run = run_log(rs, frame(rows), None, max(r["timestamp"] for r in rows), at_risk=True)
    assert run.at_risk is not None
    return run.at_risk.to_dicts()


def test_a_wait_past_its_warning_point_is_at_risk_not_a_violation() -> None:
    rows = [row("a", "c1", 1, "inbound", "customer"), row("b", "c2", 0, "inbound", "customer"),
            row("c", "c2", 1.6, "inbound", "customer")]
    params = {"metric": "first_reply", "limit": "2m", "warn_at": "75%"}
    [risk] = at_risk(params, rows)
    assert risk["case_id"] == "c2" and risk["interaction_ids"] == ["b"]
    assert risk["message"] == ("First reply on chat still not answered after 1m 36s: past its "
                               "warning point 1m 30s (limit 2m).")
    assert risk["limit"] == "1m 30s"
    rs = ruleset_with("response_time", params)
    assert run_log(rs, frame(rows), None, BASE + timedelta(minutes=1.6)).violations.height == 0
    assert at_risk({**params, "warn_at": "20s"}, rows) == []  # 1m 40s: not reached
    assert at_risk({**params, "warn_at": "30s"}, rows)[0]["limit"] == "1m 30s"


def test_a_wait_past_the_limit_is_a_violation_not_at_risk() -> None:
    rows = [row("a", "c1", 0, "inbound", "customer"), row("b", "c1", 5, "inbound", "customer")]
    assert at_risk({"metric": "first_reply", "limit": "2m", "warn_at": "75%"}, rows) == []


@pytest.mark.parametrize("bad", ["0%", "100%", "soon", "0s"])
def test_bad_warning_points_are_refused(bad: str) -> None:
    with pytest.raises(RulesetError, match="warn_at"):
        ruleset_with("response_time", {"metric": "first_reply", "limit": "2m", "warn_at": bad})


@given(params=WARNED, rows=interactions(), calendar=CALENDARS)
def test_plan_equals_reference(params: dict[str, Any], rows: list[dict[str, Any]],
                               calendar: str | None) -> None:
    rs = ruleset_with("response_time", params, calendar=calendar)
    as_of = max(r["timestamp"] for r in rows)
    run = run_log(rs, frame(rows), None, as_of, at_risk=True)
    assert run.at_risk is not None
    got = Counter(violation_key(v) for v in run.at_risk.iter_rows(named=True))
    want = Counter(violation_key(v) for v in reference_at_risk(rows, rs, None, as_of))
    assert got == want
    # never both at risk and a violation
    assert not {violation_key(v)[:3] for v in run.at_risk.iter_rows(named=True)} & {
        violation_key(v)[:3] for v in run.violations.iter_rows(named=True)}


def test_the_session_warns_before_the_deadline() -> None:
    session = Session(parse_ruleset_text(WARNED_CHAT, "<w>"))
    session.observe(row("a", "c1", 0, "inbound", "customer"))
    assert session.advance(BASE + timedelta(seconds=90)) == []  # exactly at the warning point
    [warning] = session.advance(BASE + timedelta(seconds=91))
    assert isinstance(warning, DeadlineWarning)
    assert warning.message == ("First reply on chat still not answered after 1m 31s: past its "
                               "warning point 1m 30s (limit 2m).")
    assert session.advance(BASE + timedelta(seconds=100)) == []  # warned once
    [alert] = session.advance(BASE + timedelta(seconds=121))
    assert isinstance(alert, DeadlineAlert)


def test_a_warning_point_passed_between_events_is_still_warned() -> None:
    session = Session(parse_ruleset_text(WARNED_CHAT, "<w>"))
    session.observe(row("a", "c1", 0, "inbound", "customer"))
    session.observe(row("b", "c2", 1.6, "inbound", "customer"))  # after c1's warning point
    warnings = session.advance(BASE + timedelta(minutes=1.7))
    assert [(w.case_id, w.observed) for w in warnings if isinstance(w, DeadlineWarning)] == [
        ("c1", "not answered after 1m 42s")]


def test_where_scopes_the_session_like_the_batch() -> None:
    rules = parse_ruleset_text(
        "ruleset: w\nversion: 1.0.0\nrules:\n"
        "  - id: urgent-chat\n    kind: response_time\n    category: speed\n"
        "    where: priority == \"urgent\"\n"
        "    params: {metric: first_reply, limit: 1m}\n", "<w>")
    session = Session(rules)
    session.observe(row("a", "c1", 0, "inbound", "customer", priority="urgent"))
    session.observe(row("b", "c2", 0, "inbound", "customer"))
    alerts = session.advance(BASE + timedelta(minutes=5))
    assert [a.violation.case_id for a in alerts if isinstance(a, DeadlineAlert)] == ["c1"]
    rows = [row("a", "c1", 0, "inbound", "customer", priority="urgent"),
            row("b", "c2", 0, "inbound", "customer")]
    batch = run_log(rules, frame(rows), None, BASE + timedelta(minutes=5)).violations
    assert batch["case_id"].to_list() == ["c1"]


def test_lint_at_risk_lists_them_apart_and_does_not_fail(tmp_path: Any) -> None:
    from cx_rules.cli import cli

    log = tmp_path / "log.csv"
    log.write_text("interaction_id,case_id,customer_id,timestamp,channel,direction,actor\n"
                   "a,c1,u1,2026-03-02T10:00:00Z,chat,inbound,customer\n"
                   "b,c2,u2,2026-03-02T10:00:40Z,chat,inbound,customer\n", encoding="utf-8")
    ruleset = tmp_path / "w.yaml"
    ruleset.write_text(WARNED_CHAT, encoding="utf-8")
    out = CliRunner().invoke(cli, ["lint", str(log), "-r", str(ruleset), "--at-risk"])
    assert out.exit_code == 0, out.output
    assert "At risk (not violations, never failing): 0 open wait(s)" in out.output
    late = CliRunner().invoke(cli, ["lint", str(log), "-r", str(ruleset), "--at-risk",
                                    "--as-of", "2026-03-02T10:01:45Z", "--format", "json"])
    assert late.exit_code == 0, late.output
    import json

    doc = json.loads(late.output)
    assert [r["case_id"] for r in doc["at_risk"]] == ["c1"]
    assert doc["violations"] == []
