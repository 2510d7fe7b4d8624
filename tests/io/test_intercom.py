"""Intercom conversations (REST API objects in a conversation.list document)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from cx_rules.io import load_interactions
from cx_rules.io.mapping import detect_mapping
from cx_rules.io.readers import read_raw

from .common import EXPORTS, by_id, counts_add_up, lint_auto, lint_json, same_log

DOC = EXPORTS / "intercom" / "conversations.json"
CONVERSATIONS = json.loads(DOC.read_text(encoding="utf-8"))["conversations"]


def test_auto_detection_picks_intercom() -> None:
    names = [n for n in read_raw(DOC).collect_schema().names() if not n.startswith("_")]
    found = detect_mapping(names)
    assert found is not None and found.name == "intercom"


def test_one_event_per_part_and_reasons_for_the_rest() -> None:
    log = load_interactions(DOC, "auto")
    counts_add_up(log)
    parts = sum(len(c["conversation_parts"]["conversation_parts"]) for c in CONVERSATIONS
                if isinstance(c["conversation_parts"], dict))
    assert log.rows_read == 21 == parts + len(CONVERSATIONS)  # + each opening message
    reasons = dict(zip(log.rejects["interaction_id"], log.rejects["reason"], strict=True))
    assert reasons == {
        "9004": "internal note (Intercom note part), not customer-facing",
        "9103": "part_type 'conversation_rating_changed' is not customer-facing",
        "5004": "customer_id: conversation 1004 names no user (no user author, no contacts)",
        "1005:part2": "conversation part is not a JSON object",
        "1006": "source and conversation_parts must be JSON objects (an Intercom conversation)",
    }
    assert any("fewer parts than their total_count" in w and "1003" in w for w in log.warnings)


def test_authors_status_and_unix_times() -> None:
    log = load_interactions(DOC, "auto")
    df = log.interactions
    first = df.filter(pl.col("case_id") == "1001")
    assert first["actor"].to_list() == [
        "customer", "system", "agent", "customer", "agent", "customer", "system", "agent",
        "system"]
    assert first.filter(pl.col("status").is_not_null())["status"].to_list() == [
        "open", "closed", "open", "closed"]  # closed, reopened by the user, closed again
    assert by_id(log, "timestamp")["9002"] == datetime(2026, 4, 3, 8, 1, 30, tzinfo=UTC)
    assert by_id(log, "text")["9003"] == "Пишет «платёж отклонён»"  # HTML entities decoded
    assert by_id(log, "agent_id")["9001"] == "a-3"  # assigned by the bot
    assert by_id(log, "actor")["9101"] == "bot"
    assert by_id(log, "priority")["5001"] == "high" and by_id(log, "priority")["5002"] == "normal"
    assert by_id(log, "channel")["5002"] == "email" and by_id(log, "channel")["5001"] == "chat"
    outreach = df.filter(pl.col("case_id") == "1003")
    assert outreach["direction"].to_list() == ["outbound", "inbound"]  # admin_initiated
    assert set(outreach["customer_id"]) == {"u-31"}  # from contacts
    assert by_id(log, "customer_id")["9401"] == "l-9"  # a lead is a customer


def test_json_lines_of_the_same_conversations_read_the_same(tmp_path: Path) -> None:
    lines = tmp_path / "conversations.jsonl"
    lines.write_text("".join(json.dumps(c, ensure_ascii=False) + "\n" for c in CONVERSATIONS),
                     encoding="utf-8")
    a, b = load_interactions(DOC, "intercom"), load_interactions(lines, "intercom")
    same_log(a, b)


def test_cli_lint_auto_with_the_baseline_ruleset() -> None:
    report = lint_json(lint_auto(str(DOC)))
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert (summary["rows_read"], summary["rows_evaluated"], summary["rows_rejected"]) == (
        21, 16, 5)
    assert summary["cases"] == 4
