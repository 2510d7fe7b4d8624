"""Salesforce Case + CaseHistory exports, given together on one command line."""

from __future__ import annotations

from datetime import UTC, datetime

import polars as pl
import pytest

from cx_rules.errors import InputError
from cx_rules.io import load_interactions
from cx_rules.io.mapping import detect_mapping, load_mapping

from .common import EXPORTS, by_id, counts_add_up, csv_rows, lint_auto, lint_json

CASES = EXPORTS / "salesforce" / "Case.csv"
HISTORY = EXPORTS / "salesforce" / "CaseHistory.csv"


def test_auto_detection_fits_both_files() -> None:
    for path, role in ((CASES, "case"), (HISTORY, "history")):
        columns = pl.read_csv(path, n_rows=0).columns
        found = detect_mapping(columns)
        assert found is not None and found.name == "salesforce"
        assert found.role_of(columns) == role


def test_cases_and_history_read_together() -> None:
    log = load_interactions([CASES, HISTORY], "auto")
    counts_add_up(log)
    # every file row, plus one closed event for the case closed without Status history
    assert log.rows_read == csv_rows(CASES) + csv_rows(HISTORY) + 1
    reasons = {(s.rsplit("/", 1)[-1], r): why for s, r, why in
               log.rejects.select("source", "row", "reason").iter_rows()}
    assert reasons[("Case.csv", 4)] == "customer_id: missing"  # no ContactId
    assert reasons[("Case.csv", 6)].startswith("channel: unknown value 'fax'")
    assert reasons[("CaseHistory.csv", 1)].startswith("context: the case's creation")
    assert reasons[("CaseHistory.csv", 3)] == "context: a change of Owner: not an interaction"
    assert reasons[("CaseHistory.csv", 12)].startswith(
        "CaseId '5001x000001ZZZZ' is not in the Case export")
    assert reasons[("CaseHistory.csv", 13)].startswith("timestamp: cannot parse")


def test_status_per_event_reopen_and_priority_changes() -> None:
    log = load_interactions([CASES, HISTORY], "salesforce")
    df = log.interactions.filter(pl.col("case_id") == "5001x000001AbcQ")
    assert df["status"].to_list() == ["open", "open", "closed", "open", "closed"]
    assert df["priority"].to_list() == ["high"] * 4 + ["urgent"]  # High -> Critical
    assert df["actor"].to_list() == ["customer"] + ["agent"] * 4
    assert by_id(log, "agent_id")["0171x00001H0005"] == "0051x000000U001"
    assert by_id(log, "status")["0171x00001H0009"] == "pending"  # Waiting on Customer
    # no Status history: the creation has no status (Case.Status is today's), ClosedDate does
    assert by_id(log, "status")["5001x000001AbcU:created"] is None
    closed = by_id(log, "timestamp")["5001x000001AbcU:closed"]
    assert closed == datetime(2026, 4, 6, 15, 0, tzinfo=UTC)
    assert by_id(log, "timestamp")["5001x000001AbcR:created"] == datetime(
        2026, 4, 3, 9, 30, tzinfo=UTC)  # +0000 form


def test_history_alone_is_rejected_row_by_row() -> None:
    log = load_interactions(HISTORY, "auto")
    counts_add_up(log)
    assert log.interactions.height == 0
    assert all("not in the Case export" in r or "not an interaction" in r
               for r in log.rejects["reason"])


def test_a_file_that_fits_no_role_is_a_clear_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="fits none of mapping 'salesforce'"):
        load_interactions([CASES, other], load_mapping("salesforce"))


def test_cli_lint_both_files_with_auto() -> None:
    report = lint_json(lint_auto(str(CASES), str(HISTORY)))
    summary = report["summary"]
    assert isinstance(summary, dict)
    # the history rows that are not interactions are context, not rejects: 20 = 11 + 4 + 5
    assert (summary["rows_read"], summary["rows_evaluated"], summary["rows_context"],
            summary["rows_rejected"]) == (20, 11, 4, 5)
