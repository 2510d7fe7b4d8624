"""The export's own SLA verdicts (ServiceNow made_sla) compared with our resolution verdicts."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.servicenow.sla_agreement import RULESET, incidents, write_audit
from cx_rules import evaluate
from cx_rules.app.partitioned import evaluate_partitioned
from cx_rules.ruleset.load import parse_ruleset_text

AUDIT = Path(__file__).parents[1] / "data" / "exports" / "servicenow" / "incident_audit.csv"


def test_the_summary_compares_the_exports_verdicts_with_ours() -> None:
    s = evaluate(AUDIT, "cx-baseline", mapping="auto", assume_tz="UTC").summary
    c = s.sla_comparison
    assert c["cases"] == c["both_met"] + c["both_breached"] + c["breached_by_export_only"] \
        + c["breached_by_us_only"]
    assert c["cases"] == 4
    assert "the export's own SLA verdicts (sla_met) on 4 case(s)" in (s.sla_comparison_text()
                                                                      or "")


def test_no_verdicts_in_the_export_means_no_comparison(tmp_path: Path) -> None:
    log = tmp_path / "log.csv"
    log.write_text("interaction_id,case_id,customer_id,timestamp,channel,direction,actor,status\n"
                   "a,c1,u1,2026-03-02T10:00:00Z,chat,inbound,customer,open\n", encoding="utf-8")
    s = evaluate(log, "cx-baseline").summary
    assert s.sla_comparison == {} and s.sla_comparison_text() is None


def test_stopped_clocks_agree_with_a_servicenow_sla_and_running_ones_do_not(
        tmp_path: Path) -> None:
    rng = random.Random(3)
    log = tmp_path / "audit.csv"
    write_audit(log, incidents(150, rng, datetime(2026, 1, 5, 8, 0, tzinfo=UTC)), rng)

    def agreement(pause: str) -> float:
        rules = parse_ruleset_text(RULESET.format(pause=pause), "<sla>")
        c = evaluate(log, rules, mapping="auto", assume_tz="UTC").summary.sla_comparison
        return (c["both_met"] + c["both_breached"]) / c["cases"]

    paused = agreement("    paused_while: [pending, on_hold]\n")
    assert paused >= 0.97
    assert agreement("") < paused - 0.1


def test_partitioned_counts_are_the_same(tmp_path: Path) -> None:
    single = evaluate(AUDIT, "cx-baseline", mapping="auto", assume_tz="UTC").summary
    parted = evaluate_partitioned([AUDIT], "cx-baseline", partitions=2, mapping="servicenow",
                                  assume_tz="UTC", out_dir=tmp_path / "out").summary
    assert parted.sla_comparison == single.sla_comparison
