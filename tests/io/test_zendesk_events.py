"""Zendesk incremental ticket event export (JSON document and JSON lines)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cx_rules.io import load_interactions
from cx_rules.io.mapping import detect_mapping
from cx_rules.io.readers import read_raw

from .common import EXPORTS, by_id, counts_add_up, lint_auto, lint_json, same_log

DOC = EXPORTS / "zendesk" / "ticket_events.json"
LINES = EXPORTS / "zendesk" / "ticket_events.jsonl"  # the same events and one broken line
EVENTS = json.loads(DOC.read_text(encoding="utf-8"))["ticket_events"]


@pytest.mark.parametrize("path", [DOC, LINES])
def test_auto_detection_picks_zendesk_events(path: Path) -> None:
    names = read_raw(path).collect_schema().names()
    found = detect_mapping([n for n in names if not n.startswith("_")])
    assert found is not None and found.name == "zendesk_events"


def test_every_child_event_is_evaluated_or_rejected_with_a_reason() -> None:
    log = load_interactions(DOC, "auto")
    counts_add_up(log)
    assert log.rows_read == 25 and log.interactions.height == 20
    assert set(log.interactions["_row"]) | set(log.rejects["row"]) == set(
        range(1, len(EVENTS) + 1))  # every ticket event is accounted for
    reasons = dict(zip(log.rejects["interaction_id"], log.rejects["reason"], strict=True))
    assert reasons["810030"] == "private comment (internal note), not customer-facing"
    assert "requester of ticket 5004 is not in the export" in reasons["840001"]
    assert reasons["800051"].startswith("context: ticket event 800051 has no comment, status "
                                      "change")
    assert "change tags, notification" in reasons["800051"]
    assert reasons["800061"] == "ticket_id: missing"


def test_status_per_event_and_a_reopened_ticket() -> None:
    log = load_interactions(DOC, "auto")
    df = log.interactions
    statuses = df.filter((pl.col("case_id") == "5002") & pl.col("status").is_not_null())
    assert statuses["status"].to_list() == ["open", "resolved", "open", "resolved"]
    assert statuses["actor"].to_list() == ["customer", "agent", "customer", "agent"]
    closed = df.filter(pl.col("interaction_id") == "810060").row(0, named=True)
    assert (closed["status"], closed["actor"], closed["channel"]) == ("closed", "system", "web")


def test_customer_channel_priority_and_direction() -> None:
    log = load_interactions(DOC, "auto")
    customer = by_id(log, "customer_id")
    assert customer["810010"] == "9001"  # from the Create's field_name/value children
    assert customer["820011"] == "9002"  # from a Create child's requester_id key
    assert customer["830011"] == "9003"  # from the ticket event's requester_id
    channel = by_id(log, "channel")
    assert channel["810040"] == "email"  # via Mail
    assert channel["830001"] == "email"  # via object {"channel": "email"}
    assert channel["800041:create"] == "phone" and channel["820002"] == "chat"
    priority = by_id(log, "priority")
    assert priority["810020"] == "normal" and priority["810050"] == "high"  # changed there
    direction = by_id(log, "direction")
    assert direction["810010"] == "inbound" and direction["810020"] == "outbound"
    assert by_id(log, "agent_id")["810020"] == "7001"
    assert by_id(log, "text")["800041:create"] == "Parolni tiklash kerak"  # subject, no comment
    ts = by_id(log, "timestamp")
    assert str(ts["830011"]) == "2026-04-06 15:20:00+00:00"  # Unix timestamp only


def test_json_lines_reject_the_broken_line_and_read_the_rest_alike() -> None:
    lines = load_interactions(LINES, "auto")
    doc = load_interactions(DOC, "auto")
    counts_add_up(lines)
    assert lines.rows_read == doc.rows_read + 1
    assert "line is not valid JSON" in lines.rejects["reason"].to_list()
    cols = [c for c in doc.interactions.columns if c not in ("_row", "_source")]
    assert lines.interactions.select(cols).equals(doc.interactions.select(cols))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.permutations(EVENTS).flatmap(
    lambda evs: st.integers(1, len(evs)).map(lambda n: evs[:n])))
def test_document_and_json_lines_of_the_same_events_agree(
        tmp_path_factory: pytest.TempPathFactory, events: list[dict[str, object]]) -> None:
    folder = tmp_path_factory.mktemp("zd")
    doc = folder / "events.json"
    doc.write_text(json.dumps({"ticket_events": events, "next_page": None}), encoding="utf-8")
    lines = folder / "events.jsonl"
    lines.write_text("".join(json.dumps(e) + "\n" for e in events), encoding="utf-8")
    mapping = "zendesk_events"
    a, b = load_interactions(doc, mapping), load_interactions(lines, mapping)
    counts_add_up(a)
    same_log(a, b)


def test_cli_lint_auto_with_the_baseline_ruleset() -> None:
    report = lint_json(lint_auto(str(DOC)))
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert (summary["rows_read"], summary["rows_evaluated"], summary["rows_context"],
            summary["rows_rejected"]) == (25, 20, 1, 4)
    assert summary["cases"] == 4
    assert "resolution-time" not in summary["not_applicable"]
