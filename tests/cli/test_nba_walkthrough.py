"""The README's next-best-action walk-through (examples/nba): suggest --show-suppressed defers
the quiet-hours offer, suppresses for opt-out, consent, quiet hours, contact limit and two
rejections in 30 days, and explains each score term by term; a streaming session agrees."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from click.testing import CliRunner

from cx_rules.cli import cli
from cx_rules.models.outputs import Action
from cx_rules.streaming import Session
from tests.conftest import ROOT

NBA = ROOT / "examples" / "nba"
ARGS = [str(NBA / "log.csv"), "--customers", str(NBA / "customers.csv"), "--outcomes",
        str(NBA / "outcomes.csv"), "--lang", "en", "-r",
        str(NBA / "rulesets" / "nba-demo" / "1.0.0.yaml")]


def actions(*extra: str) -> list[dict[str, Any]]:
    out = CliRunner().invoke(cli, ["suggest", *ARGS, "--format", "json", *extra])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    return doc if isinstance(doc, list) else doc["actions"]


def by(rows: list[dict[str, Any]], action: str, customer: str) -> dict[str, Any]:
    (row,) = [r for r in rows if r["action_id"] == action and r["customer_id"] == customer]
    return row


def test_every_suppression_reason_is_shown_with_the_action_it_stopped() -> None:
    rows = actions("--show-suppressed", "--explain")
    reasons = {(r["action_id"], r["customer_id"]): r["suppressed_reason"] for r in rows
               if r["suppressed_reason"]}
    assert reasons == {
        ("vip-callback", "n2"): "customer opted out of phone",
        ("goodwill-voucher", "n3"): "marketing action without the customer's marketing consent",
        ("vip-callback", "n4"): "the customer rejected it 2 time(s) in the last 30d "
                                "(suppress_after: rejected 2)",
        ("vip-callback", "n5"): "expires before the customer's quiet hours (21:00-08:00 "
                                "Europe/Berlin) end",
        ("goodwill-voucher", "n6"): "contact limit: at most 2 proactive contact(s) per 7d",
    }
    # the offer made at 23:40 in Berlin waits for 08:00 there
    voucher = by(rows, "goodwill-voucher", "n1")
    assert voucher["suppressed_reason"] is None
    assert voucher["created_at"].startswith("2026-03-10 22:40")
    assert voucher["send_after"].startswith("2026-03-11 07:00")
    # term by term: 40 x 1.0 x (2*0.5 + 1)/(2 + 1)
    assert voucher["propensity"] == pytest.approx(2 / 3)
    assert voucher["score_terms"] == "40 (priority) x 1.0 (weight) x 0.667 (propensity) " \
                                     "= 26.67"
    for r in rows:
        assert r["score"] == pytest.approx(r["priority"] * r["weight"] * r["propensity"])


def test_the_text_walkthrough_and_the_outcome_rejects() -> None:
    out = CliRunner().invoke(cli, ["suggest", *ARGS, "--show-suppressed"])
    assert out.exit_code == 0
    assert "13 suggested action(s), 5 suppressed" in out.output
    lint = CliRunner().invoke(cli, ["lint", *ARGS, "--fail-on", "none"])
    assert "action outcomes read 10, rejected 1" in lint.output, lint.output
    bad = CliRunner().invoke(cli, ["lint", *ARGS, "--rejects", "/dev/stdout", "--format", "json",
                                   "--fail-on", "none"])
    assert "outcome: 'maybe' is not one of accepted, rejected, ignored" in bad.output


def test_a_streaming_session_defers_and_suppresses_the_same() -> None:
    import polars as pl

    log = pl.read_csv(NBA / "log.csv", infer_schema=False)
    from cx_rules.io import load_interactions

    rows = load_interactions(log).interactions.sort("timestamp", "interaction_id")
    session = Session(str(NBA / "rulesets" / "nba-demo" / "1.0.0.yaml"), customers=NBA / "customers.csv",
                      outcomes=NBA / "outcomes.csv")
    out: list[Any] = []
    for row in rows.iter_rows(named=True):
        out += session.observe({k: v for k, v in row.items() if not k.startswith("_")})
    out += session.close(datetime(2026, 3, 18, 12, 1, tzinfo=UTC))
    got = {(a.action_id, a.customer_id): a for a in out if isinstance(a, Action)}
    for stopped in (("vip-callback", "n2"), ("goodwill-voucher", "n3"),
                    ("vip-callback", "n4"), ("vip-callback", "n5")):
        assert stopped not in got
    voucher = got[("goodwill-voucher", "n1")]
    assert voucher.send_after == datetime(2026, 3, 11, 7, 0, tzinfo=UTC)
    assert voucher.propensity == pytest.approx(2 / 3)
    assert session.outcome_rejects is not None and session.outcome_rejects.height == 1


ARGS_11 = [*ARGS[:-1], str(NBA / "rulesets" / "nba-demo" / "1.1.0.yaml")]


def test_by_default_each_customer_reads_the_reason_in_their_language() -> None:
    args = [a for a in ARGS if a not in ("--lang", "en")]
    out = CliRunner().invoke(cli, ["suggest", *args, "--format", "json", "--show-suppressed"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    rows = doc if isinstance(doc, list) else doc["actions"]
    reasons = {(r["action_id"], r["customer_id"]): r["suppressed_reason"] for r in rows}
    assert reasons[("vip-callback", "n2")] == "müştəri telefon kanalından imtina edib"  # noqa: RUF001 (az)
    assert reasons[("vip-callback", "n5")] == (  # German: no catalogue, English
        "expires before the customer's quiet hours (21:00-08:00 Europe/Berlin) end")
    assert reasons[("vip-callback", "n4")].startswith("مشتری در 30 روز گذشته")  # fa


def test_the_hub_policies_of_nba_demo_1_1() -> None:
    out = CliRunner().invoke(cli, ["suggest", *ARGS_11, "--format", "json", "--show-suppressed",
                                   "--explain"])
    assert out.exit_code == 0, out.output
    doc = json.loads(out.stdout)
    rows = doc if isinstance(doc, list) else doc["actions"]
    reasons = {(r["action_id"], r["customer_id"]): r["suppressed_reason"] for r in rows}
    # a proposition: no violation, no case; due within 30 days, and worth it for n2 and n4
    renewals = {r["customer_id"]: r for r in rows if r["action_id"] == "renewal-reminder"}
    assert set(renewals) == {"n2", "n4", "n6"}  # n1 renews in September
    assert all(r["case_id"] is None and r["reason_rule_ids"] == "renewal-due"
               for r in renewals.values())
    assert reasons[("renewal-reminder", "n6")] == \
        "not suitable: customer.lifetime_value >= 1000"
    n2 = renewals["n2"]
    assert reasons[("renewal-reminder", "n2")] is None
    # 50 x 2.0 (vip) x 2.0 (value) x 1.5 (retention lever) x 0.5 (prior, no outcomes)
    assert n2["score"] == pytest.approx(150.0)
    assert n2["score_terms"] == ("50 (priority) x 2.0 (weight) x 2.0 (value) x 1.5 "
                                 "(lever) x 0.5 (propensity) = 150.0")
    # the renewal (150) took the one e-mail of the week; the satisfaction check (45) waits
    assert reasons[("send-satisfaction-check", "n2")] == \
        "contact limit: at most 1 proactive contact(s) on email per 7d"
    # billing cases weigh 1.5 more (a context weight): n2's escalation 80 x 2.0 x 1.5 x 0.8
    escalation = by(rows, "escalate-to-team-lead", "n2")
    assert escalation["weight"] == pytest.approx(3.0)
    assert reasons[("vip-callback", "n4")].startswith("the customer rejected it 2 time(s)")
    text = CliRunner().invoke(cli, ["suggest", *ARGS_11, "--show-suppressed"])
    assert "11 suggested action(s), 10 suppressed" in text.output


def test_a_streaming_session_returns_the_propositions_and_what_it_suppressed() -> None:
    import polars as pl

    from cx_rules.io import load_interactions
    from cx_rules.streaming import SuppressedAction

    log = pl.read_csv(NBA / "log.csv", infer_schema=False)
    rows = load_interactions(log).interactions.sort("timestamp", "interaction_id")
    session = Session(str(NBA / "rulesets" / "nba-demo" / "1.1.0.yaml"),
                      customers=NBA / "customers.csv", outcomes=NBA / "outcomes.csv",
                      show_suppressed=True)
    out: list[Any] = []
    for row in rows.iter_rows(named=True):
        out += session.observe({k: v for k, v in row.items() if not k.startswith("_")})
    out += session.close(datetime(2026, 3, 18, 12, 1, tzinfo=UTC))
    stopped = {(s.action.action_id, s.action.customer_id): s.reason for s in out
               if isinstance(s, SuppressedAction)}
    given = {(a.action_id, a.customer_id): a for a in out if isinstance(a, Action)}
    assert stopped[("vip-callback", "n4")].startswith("the customer rejected it 2 time(s)")
    assert stopped[("vip-callback", "n2")] == "customer opted out of phone"
    assert stopped[("renewal-reminder", "n6")] == "not suitable: customer.lifetime_value >= 1000"
    renewal = given[("renewal-reminder", "n4")]
    assert renewal.case_id is None and renewal.reason_rule_ids == ("renewal-due",)
    assert (renewal.priority, renewal.weight, renewal.value, renewal.lever) == (50, 2.0, 2.0,
                                                                                1.5)
    assert renewal.score == pytest.approx(50 * 2.0 * 2.0 * 1.5 * 0.5)
    # the renewal (offered at close) took n2's e-mail of the week, as in batch
    assert ("renewal-reminder", "n2") in given
    assert stopped[("send-satisfaction-check", "n2")] == \
        "contact limit: at most 1 proactive contact(s) on email per 7d"
    assert given[("goodwill-voucher", "n1")].send_after == datetime(2026, 3, 11, 7, 0,
                                                                     tzinfo=UTC)
    assert session._actions.suppressed == len(stopped)
