"""Where the log ends, how that was chosen, and what is still open there (issue 16)."""

from __future__ import annotations

import json
import tempfile
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from cx_rules import evaluate
from cx_rules.app.partitioned import evaluate_partitioned
from cx_rules.app.summary import AS_OF_CLOCK, AS_OF_GIVEN, AS_OF_LAST_EVENT
from cx_rules.cli import cli

HEADER = ("interaction_id,case_id,customer_id,timestamp,channel,direction,actor,agent_id,"
          "reply_not_in_log\n")
ROWS = [
    # c1: answered
    "i1,c1,u1,2026-03-02T09:00:00Z,chat,inbound,customer,,",
    "i2,c1,u1,2026-03-02T09:05:00Z,chat,outbound,agent,a1,",
    # c2: still open at the end
    "i3,c2,u2,2026-03-02T09:10:00Z,chat,inbound,customer,,",
    # c3: the export names a reply it does not hold
    "i4,c3,u3,2026-03-02T09:20:00Z,social,inbound,customer,,true",
    # c4: answered, then a second wait still open
    "i5,c4,u4,2026-03-02T09:30:00Z,email,inbound,customer,,",
    "i6,c4,u4,2026-03-02T09:40:00Z,email,outbound,bot,,",
    "i7,c4,u4,2026-03-02T10:00:00Z,email,inbound,customer,,",
]


def write(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "log.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def test_open_and_cut_off_waits_are_counted(tmp_path: Path) -> None:
    s = evaluate(write(tmp_path, ROWS), "cx-baseline").summary
    assert (s.open_waits, s.cut_off_waits) == (3, 1)
    assert s.as_of == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert s.as_of_source == AS_OF_LAST_EVENT
    assert s.end_of_log() == (
        "log ends 2026-03-02 10:00 UTC (the last event in the log); 3 customer wait(s) still "
        "open, 1 of them answered by a reply the export names but does not hold (unknown, "
        "not reported as unanswered)")


def test_a_given_as_of_is_named_as_such(tmp_path: Path) -> None:
    when = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
    s = evaluate(write(tmp_path, ROWS[:2]), "cx-baseline", as_of=when).summary
    assert (s.as_of, s.as_of_source, s.open_waits) == (when, AS_OF_GIVEN, 0)
    assert s.end_of_log().endswith("no customer wait still open")


def test_an_empty_log_ends_at_the_clock(tmp_path: Path) -> None:
    s = evaluate(write(tmp_path, []), "cx-baseline").summary
    assert s.as_of_source == AS_OF_CLOCK and s.open_waits == 0


def test_every_format_says_where_the_log_ends(tmp_path: Path) -> None:
    log = write(tmp_path, ROWS)

    def lint(fmt: str, *extra: str) -> str:
        target = tmp_path / f"out.{fmt}"
        out = CliRunner().invoke(cli, ["lint", str(log), "--format", fmt, "-o", str(target),
                                       "--fail-on", "none", *extra])
        assert out.exit_code == 0, out.output
        return target.read_text(encoding="utf-8")

    assert "3 customer wait(s) still open, 1 of them" in lint("text")
    doc = json.loads(lint("json"))["summary"]
    assert (doc["open_waits"], doc["cut_off_waits"], doc["as_of_source"]) == (
        3, 1, AS_OF_LAST_EVENT)
    run = json.loads(lint("sarif"))["runs"][0]
    assert run["properties"]["openWaits"] == 3
    assert any(n["descriptor"]["id"] == "end-of-log"
               for n in run["invocations"][0]["toolExecutionNotifications"])
    junit = ET.fromstring(lint("junit"))
    props = {p.get("name"): p.get("value") for p in junit.iter("property")}
    assert props["open_waits"] == "3" and props["cut_off_waits"] == "1"
    assert "::notice title=end of log::" in lint("github")
    later = lint("json", "--as-of", "2026-03-09T00:00:00+01:00")
    assert json.loads(later)["summary"]["as_of"] == "2026-03-08T23:00:00+00:00"


def test_as_of_without_offset_is_a_usage_error(tmp_path: Path) -> None:
    out = CliRunner().invoke(cli, ["lint", str(write(tmp_path, ROWS)), "--as-of",
                                   "2026-03-09 10:00"])
    assert out.exit_code == 2 and "has no UTC offset" in out.output


def _independent_open(frame: pl.DataFrame) -> tuple[int, int]:
    """Row by row: a wait opens at a customer message when none is open, closes at an
    outbound agent/bot message."""
    open_, cut = 0, 0
    for _, rows in frame.sort("case_id", "timestamp", "interaction_id").group_by(
            "case_id", maintain_order=True):
        waiting, elsewhere = False, False
        for r in rows.iter_rows(named=True):
            if r["direction"] == "inbound" and r["actor"] == "customer":
                flag = bool(r["reply_not_in_log"])
                elsewhere = (elsewhere or flag) if waiting else flag
                waiting = True
            elif r["direction"] == "outbound" and r["actor"] in ("agent", "bot"):
                waiting, elsewhere = False, False
        open_ += waiting
        cut += waiting and elsewhere
    return open_, cut


event = st.tuples(st.sampled_from(["c1", "c2", "c3"]), st.integers(0, 50),
                  st.sampled_from([("inbound", "customer"), ("outbound", "agent"),
                                   ("outbound", "bot"), ("outbound", "system")]),
                  st.sampled_from(["", "true", "false"]))


@settings(max_examples=40, deadline=None)
@given(st.lists(event, max_size=14))
def test_open_waits_match_a_row_by_row_count(
        events: list[tuple[str, int, tuple[str, str], str]]) -> None:
    rows = [f"i{n:03d},{case},u{case},2026-03-02T09:{minute:02d}:00Z,chat,{d},{a},,{flag}"
            for n, (case, minute, (d, a), flag) in enumerate(events)]
    with tempfile.TemporaryDirectory() as tmp:
        result = evaluate(write(Path(tmp), rows), "cx-baseline")
    expected = _independent_open(result.interactions) if rows else (0, 0)
    assert (result.summary.open_waits, result.summary.cut_off_waits) == expected


def test_partitioned_counts_agree(tmp_path: Path) -> None:
    log = write(tmp_path, ROWS)
    single = evaluate(log, "cx-baseline").summary
    parted = evaluate_partitioned([log], "cx-baseline", partitions=3,
                                  out_dir=tmp_path / "out").summary
    assert (parted.open_waits, parted.cut_off_waits, parted.as_of_source) == (
        single.open_waits, single.cut_off_waits, single.as_of_source)
