"""ServiceNow incident audit log (CSV, one row per change) with the shipped mapping."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from cx_rules.io import load_interactions
from cx_rules.io.mapping import detect_mapping

from .common import EXPORTS, by_id, counts_add_up, csv_rows, lint_auto, lint_json

AUDIT = EXPORTS / "servicenow" / "incident_audit.csv"
TZ = "Asia/Baku"  # UTC+4 all year


@pytest.fixture(scope="module")
def log():  # type: ignore[no-untyped-def]
    return load_interactions(AUDIT, "auto", TZ)


def test_auto_detection_picks_servicenow() -> None:
    columns = pl.read_csv(AUDIT, n_rows=0).columns
    found = detect_mapping(columns)
    assert found is not None and found.name == "servicenow"


def test_every_row_is_evaluated_or_rejected_with_a_reason(log) -> None:  # type: ignore[no-untyped-def]
    counts_add_up(log)
    assert log.rows_read == csv_rows(AUDIT) == 22
    reasons = dict(zip(log.rejects["row"], log.rejects["reason"], strict=True))
    assert reasons == {
        15: "channel: missing",  # contact_type '?'
        16: "channel: missing",
        18: "status: unknown value '-100' (expected one of open, pending, on_hold, resolved, "
            "closed)",
        19: "timestamp: cannot parse '32-13-2026 25:00' as a timestamp",
        20: "row has 19 fields but the header has 18 (an unquoted separator in a value?)",
        21: "customer_id: missing",  # caller_id '?'
        22: "customer_id: missing",
    }
    assert any("no creation row" in w and "INC0010003" in w for w in log.warnings)


def test_status_is_read_per_event_including_a_reopen(log) -> None:  # type: ignore[no-untyped-def]
    status = by_id(log, "status")
    assert [status[f"INC0010001:{i}"] for i in range(6)] == [
        "open", "open", "pending", "open", "resolved", "closed"]  # Awaiting User Info
    assert [status[f"INC0010002:{i}"] for i in range(6)] == [
        "open", "open", "resolved", "open", "on_hold", "resolved"]  # reopened, Awaiting Vendor


def test_priority_labels_and_day_first_dates(log) -> None:  # type: ignore[no-untyped-def]
    priority = by_id(log, "priority")
    assert priority["INC0010001:0"] == "high"  # 2 - High
    assert priority["INC0010002:0"] == "normal"  # 3 - Moderate
    assert priority["INC0010003:3"] == "low"  # 4 - Low
    ts = by_id(log, "timestamp")
    # 03-04-2026 09:05 in Baku (UTC+4) is 3 April, 05:05 UTC
    assert ts["INC0010001:0"] == datetime(2026, 4, 3, 5, 5, tzinfo=UTC)
    assert ts["INC0010001:3"] == datetime(2026, 4, 4, 4, 15, 30, tzinfo=UTC)  # with seconds
    assert ts["INC0010002:5"] == datetime(2026, 4, 10, 11, 45, tzinfo=UTC)


def test_the_creation_row_is_the_callers_request(log) -> None:  # type: ignore[no-untyped-def]
    df = log.interactions
    first = df.filter(pl.col("interaction_id") == "INC0010001:0").row(0, named=True)
    assert (first["direction"], first["actor"], first["agent_id"]) == ("inbound", "customer", None)
    assert first["customer_id"] == "Caller 2403" and first["channel"] == "phone"
    assert first["text"] == "Интернет не работает с утра"  # noqa: RUF001
    later = df.filter(pl.col("interaction_id") == "INC0010001:3").row(0, named=True)
    assert (later["direction"], later["actor"], later["agent_id"]) == (
        "outbound", "agent", "Resolver 31")
    # the partial incident has changes only, no invented request
    partial = df.filter(pl.col("case_id") == "INC0010003")
    assert partial["direction"].to_list() == ["outbound", "outbound"]
    assert partial["channel"].to_list() == ["self_service"] * 2


def test_naive_times_without_assume_tz_are_rejected_not_guessed() -> None:
    log = load_interactions(AUDIT, "auto")
    counts_add_up(log)
    assert log.interactions.height == 0
    assert any("'03-04-2026 09:05' has no UTC offset" in r for r in log.rejects["reason"])


def test_cli_lint_auto_with_the_baseline_ruleset() -> None:
    report = lint_json(lint_auto(str(AUDIT), "--assume-tz", TZ))
    summary = report["summary"]
    assert isinstance(summary, dict)
    assert (summary["rows_read"], summary["rows_evaluated"], summary["rows_rejected"]) == (
        22, 15, 7)
    assert summary["cases"] == 4
    assert "follow-up-after-resolution" not in summary["not_applicable"]  # status is read
