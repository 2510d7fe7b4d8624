"""One-row-per-ticket CSV exports of Zendesk and Freshdesk, through ticket_rows."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from cx_rules.io import load_interactions
from cx_rules.io.mapping import detect_mapping

from .common import EXPORTS, by_id, counts_add_up, csv_rows, lint_auto, lint_json

ZENDESK = EXPORTS / "zendesk" / "tickets.csv"
FRESHDESK = EXPORTS / "freshdesk" / "tickets.csv"


@pytest.mark.parametrize("path, name", [(ZENDESK, "zendesk_tickets"), (FRESHDESK, "freshdesk")])
def test_auto_detection(path: Path, name: str) -> None:
    found = detect_mapping(pl.read_csv(path, n_rows=0).columns)
    assert found is not None and found.name == name


def test_zendesk_tickets_become_events_with_reasons_for_the_rest() -> None:
    log = load_interactions(ZENDESK, "auto", "Europe/Moscow")  # UTC+3
    counts_add_up(log)
    assert csv_rows(ZENDESK) == 8
    assert set(log.interactions["_row"]) | set(log.rejects["row"]) == set(range(1, 9))
    reasons = dict(zip(log.rejects["interaction_id"], log.rejects["reason"], strict=True))
    assert reasons["3105:created"] == "customer_id: missing"  # no Requester id
    assert "first_reply_minutes: 'abc' is not a number of minutes" in reasons["3106:created"]
    assert "channel: unknown value 'closed ticket'" in reasons["3106:created"]
    assert reasons["3108:created"] == "timestamp: cannot parse '04/07/2026 8am' as a timestamp"
    assert any("status solved/closed but no solved_at" in w for w in log.warnings)  # 3107
    ts = by_id(log, "timestamp")
    # Created at 09:15 Moscow + First reply time in minutes 47
    assert ts["3101:created"] == datetime(2026, 4, 3, 6, 15, tzinfo=UTC)
    assert ts["3101:first_reply"] == datetime(2026, 4, 3, 7, 2, tzinfo=UTC)
    assert ts["3102:first_reply"] == datetime(2026, 4, 3, 11, 35, 30, tzinfo=UTC)  # 35.5 min
    assert ts["3104:first_reply"] == datetime(2026, 4, 5, 6, 34, tzinfo=UTC)  # +0330 offset
    status = by_id(log, "status")
    assert status["3101:solved"] == "closed" and status["3102:solved"] == "resolved"
    assert by_id(log, "agent_id")["3101:first_reply"] == "7001"
    assert by_id(log, "channel")["3102:created"] == "web"  # Web form
    assert by_id(log, "priority")["3103:created"] == "urgent"


def test_freshdesk_tickets_become_events_with_reasons_for_the_rest() -> None:
    log = load_interactions(FRESHDESK, "auto", "Asia/Tashkent")  # UTC+5
    counts_add_up(log)
    assert set(log.interactions["_row"]) | set(log.rejects["row"]) == set(range(1, 9))
    reasons = dict(zip(log.rejects["interaction_id"], log.rejects["reason"], strict=True))
    assert reasons["105:created"] == "customer_id: missing"
    assert reasons["106:created"].startswith("channel: unknown value 'fax'")
    assert reasons["108:created"].startswith("row has 28 fields but the header has 27")
    ts = by_id(log, "timestamp")
    assert ts["101:first_reply"] == datetime(2026, 4, 3, 4, 20, tzinfo=UTC)
    assert ts["104:solved"] == datetime(2026, 4, 4, 11, 0, tzinfo=UTC)  # Closed time, no Resolved
    priority = by_id(log, "priority")
    assert priority["102:created"] == "normal"  # Medium
    assert by_id(log, "topic")["103:created"] == "Refund"
    assert by_id(log, "agent_id")["102:first_reply"] == "Rashad Aliyev"
    assert "104:first_reply" not in ts  # no Initial response time: no reply event


@pytest.mark.parametrize("path, tz, counts", [
    (ZENDESK, "Europe/Moscow", (17, 11, 6)),
    (FRESHDESK, "Asia/Tashkent", (17, 11, 6)),
])
def test_cli_lint_auto_with_the_baseline_ruleset(path: Path, tz: str,
                                                 counts: tuple[int, int, int]) -> None:
    report = lint_json(lint_auto(str(path), "--assume-tz", tz))
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert (summary["rows_read"], summary["rows_evaluated"], summary["rows_rejected"]) == counts
    assert summary["rows_read"] == summary["rows_evaluated"] + summary["rows_rejected"]
