"""The HTML report: one self-contained file (no script, no network) that says what the result
says: severities in order, a pass/fail row per rule, zoomed score axes, links that land."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from click.testing import CliRunner

from benchmarks.synthetic import generate
from cx_rules import evaluate, load_ruleset
from cx_rules.app.result import Result
from cx_rules.cli import cli
from cx_rules.report.html import SECTION_ROWS, WORST_AGENTS, render_html, write_html
from cx_rules.report.rule_checks import rule_checks
from cx_rules.report.svg import axis_label, score_axis
from tests.cli.test_cli import files
from tests.report.html_doc import Doc

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"
CUSTOMERS = ROOT / "examples" / "customers.csv"
MAX_BYTES = 2_000_000


def num(cell: str) -> int:
    return int(cell.replace(",", ""))


@pytest.fixture(scope="module")
def sample() -> Result:
    return evaluate(str(SAMPLE), load_ruleset("cx-baseline"), customers=str(CUSTOMERS))


@pytest.fixture(scope="module")
def big() -> Result:
    """A generated 100k-row log: 17k cases, 209 agents, 22k violations, 11k actions."""
    interactions, customers = generate(100_000, seed=1)
    return evaluate(interactions, load_ruleset("cx-baseline"), customers=customers)


def test_report_is_self_contained(tmp_path: Path) -> None:
    rs, log = files(tmp_path)
    out = tmp_path / "report.html"
    result = CliRunner().invoke(cli, ["report", str(log), "-r", str(rs), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<script" not in page.lower()  # no script at all, so nothing to load or inject
    assert not re.search(r"\b(src|srcset)=|<link|@import|url\(", page)
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) <= {"http://www.w3.org/2000/svg"}
    assert "rows read 5".lower() in page.lower()
    doc = Doc(page)
    assert {"severity", "rules", "scores", "trend", "actions", "violations"} <= set(doc.ids)
    assert "case c1" in page  # the worst case, with its timeline


def test_a_log_with_every_row_rejected_still_has_a_report(tmp_path: Path) -> None:
    log = tmp_path / "bad.csv"
    log.write_text("interaction_id,case_id,customer_id,timestamp,channel,direction,actor\n"
                   "i1,c1,u1,not-a-time,chat,inbound,customer\n", encoding="utf-8")
    result = evaluate(str(log), load_ruleset("cx-baseline"))
    doc = Doc(render_html(result))
    assert "rejects" in doc.ids
    assert all(h[1:] in doc.ids for h in doc.hrefs)
    checks = rule_checks(result)  # no case to check: nothing passed, nothing failed
    assert {c.status for c in checks} == {"not applicable"} and all(c.reason for c in checks)
    chat = next(c for c in checks if c.rule_id == "first-reply-chat")
    assert (chat.cases_checked, chat.reason) == (0, "no case of the log has a row on chat")


def test_a_rule_with_no_case_to_check_did_not_pass(tmp_path: Path) -> None:
    rs, log = files(tmp_path)
    email = tmp_path / "email.yaml"  # the one rule watches e-mail; the log is all chat
    email.write_text(rs.read_text(encoding="utf-8").replace("channels: [chat]",
                                                            "channels: [email]"),
                     encoding="utf-8")
    [check] = rule_checks(evaluate(str(log), load_ruleset(str(email))))
    assert (check.status, check.cases_checked, check.pass_rate) == ("not applicable", 0, None)
    assert check.reason == "no case of the log has a row on email"


def test_severity_tables_are_in_severity_order(sample: Result) -> None:
    doc = Doc(render_html(sample))
    table = doc.table("severity", "severity")
    assert [r[0] for r in table.rows] == ["critical", "error", "warning", "info"]
    assert {r[0]: num(r[2]) for r in table.rows} == sample.summary.by_severity
    matrix = doc.table("severity", "category")
    assert matrix.head == ["category", "critical", "error", "warning", "info", "total"]
    for row in matrix.rows:
        assert sum(num(c) for c in row[1:5]) == num(row[5])
        assert num(row[5]) == sample.summary.by_category.get(row[0], 0)


def test_rule_table_counts_match_the_result(sample: Result) -> None:
    doc = Doc(render_html(sample))
    table = doc.table("rules", "rule")
    enabled = sample.ruleset.enabled_rules
    assert len(table.rows) == len(enabled)
    assert sorted(r[0] for r in table.rows) == sorted(r.id for r in enabled)
    col = {name: i for i, name in enumerate(table.head)}
    for row in table.rows:
        n = num(row[col["violations"]])
        assert n == sample.summary.by_rule.get(row[0], 0)
        if row[0] in sample.summary.not_applicable:  # the sample has no business events
            assert n == 0 and row[col["status"]] == "not applicable"
            continue
        assert row[col["status"]] == ("fail" if n else "pass")
        cases = sample.violations.filter(pl.col("rule_id") == row[0])["case_id"].n_unique()
        assert num(row[col["cases failed"]]) == cases
    failed = sum(r[col["status"]] == "fail" for r in table.rows)
    assert failed == len(sample.summary.by_rule)
    chat = next(r for r in table.rows if r[0] == "first-reply-chat")  # chat cases only
    chat_cases = sample.interactions.filter(pl.col("channel") == "chat")["case_id"].n_unique()
    assert num(chat[col["cases checked"]]) == chat_cases < sample.summary.cases
    assert chat[col["pass rate"]] == f"{(1 - num(chat[col['cases failed']]) / chat_cases) * 100:.1f} %"


def test_not_applicable_rules_say_why() -> None:
    result = evaluate(str(SAMPLE), load_ruleset("cx-baseline"))  # no customer profiles
    assert result.summary.not_applicable
    table = Doc(render_html(result)).table("rules", "rule")
    col = {name: i for i, name in enumerate(table.head)}
    shown = {r[0]: r for r in table.rows if r[col["status"]] == "not applicable"}
    assert set(shown) == set(result.summary.not_applicable)
    for rule_id, reason in result.summary.not_applicable.items():
        assert shown[rule_id][col["note"]] == reason
        assert shown[rule_id][col["cases checked"]] == "—"
    checks = {c.rule_id: c for c in rule_checks(result)}
    assert all(checks[r].pass_rate is None for r in shown)


def test_a_where_limits_the_cases_checked(tmp_path: Path) -> None:
    rs, log = files(tmp_path)
    text = rs.read_text(encoding="utf-8")
    ruleset_path = tmp_path / "scoped.yaml"
    ruleset_path.write_text(text.replace("kind: response_time",
                                         "kind: response_time\n    where: case_id == 'c1'", 1),
                            encoding="utf-8")
    result = evaluate(str(log), load_ruleset(str(ruleset_path)))
    scoped = [c for c in rule_checks(result)
              if next(r for r in result.ruleset.enabled_rules if r.id == c.rule_id).where]
    assert scoped and all(c.cases_checked == 1 for c in scoped)


def test_score_axes_are_zoomed_to_the_data_and_say_so(sample: Result) -> None:
    low, high, _ = score_axis([93.0, 95.5, 99.0])
    assert 90 <= low <= 93 and 99 <= high <= 100
    assert axis_label(low, high).startswith(f"score, axis {low:.0f}-{high:.0f}")
    assert "not from 0" in axis_label(low, high)
    assert score_axis([100.0, 100.0])[1] == 100 and score_axis([100.0])[0] < 100
    assert axis_label(0, 100) == "score (0-100)"
    page = render_html(sample)
    channel = sample.scores("channel")["score"]
    lo, hi, _ = score_axis(channel.to_list())
    assert lo > 0 and f"score, axis {lo:.0f}-{hi:.0f} (zoomed to the data" in page


def test_links_land_on_anchors_that_exist(sample: Result, big: Result) -> None:
    for result in (sample, big):
        doc = Doc(render_html(result))
        ids = set(doc.ids)
        assert len(ids) == len(doc.ids), "duplicate ids"
        local = [h for h in doc.hrefs if h.startswith("#")]
        assert local and all(h[1:] in ids for h in local), set(local) - {f"#{i}" for i in ids}
        assert local == doc.hrefs  # no link leaves the page


def test_every_chart_links_to_the_violations_behind_it(sample: Result) -> None:
    page = render_html(sample)
    doc = Doc(page)
    for channel in sample.scores("channel").filter(pl.col("violations") > 0)["channel"]:
        section = re.search(r'<section id="(v-channel-[^"]+)"><h4>channel '
                            + re.escape(channel) + ":", page)
        assert section and f'href="#{section[1]}"' in page
    worst = sample.scores("agent").filter(pl.col("violations") > 0).head(WORST_AGENTS)
    for agent in worst["agent_id"]:
        assert re.search(r'<section id="v-agent-[^"]+"><h4>agent ' + re.escape(agent), page)
    sections = [i for i in doc.ids if i.startswith("v-")]
    assert sections and all(f'href="#{s}"' in page for s in sections)  # none is orphaned


def test_big_log_small_multiples_and_size(big: Result, tmp_path: Path) -> None:
    out = tmp_path / "big.html"
    write_html(big, out)
    size = out.stat().st_size
    assert size < MAX_BYTES, size
    doc = Doc(out.read_text(encoding="utf-8"))
    agents = big.scores("agent").height
    assert agents > 100
    assert doc.figures["chart-agent"]["circle"] == WORST_AGENTS  # never a 200-bar chart
    assert doc.figures["chart-agent-grid"]["rect"] >= agents  # and every agent as a tile
    listed = [t for t in doc.tables if t.section == "violations"]  # cut, and they say so
    assert listed and all(len(t.rows) <= max(SECTION_ROWS.values()) for t in listed)
    assert "shown (most severe first); all of them:" in out.read_text(encoding="utf-8")


def test_sample_report_is_small(tmp_path: Path) -> None:
    out = tmp_path / "sample.html"
    done = CliRunner().invoke(cli, ["report", str(SAMPLE), "--customers", str(CUSTOMERS),
                                    "-r", "cx-baseline", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert out.stat().st_size < MAX_BYTES


def test_actions_are_listed_with_the_suppression_reason(big: Result) -> None:
    doc = Doc(render_html(big))
    suppressed = big.suppressed_actions
    assert suppressed.height
    reasons = doc.table("actions", "reason")
    assert {r[0]: num(r[1]) for r in reasons.rows} == dict(
        suppressed.group_by("suppressed_reason").len().iter_rows())
    listed = [t for t in doc.tables if t.section == "actions" and t.head[-1] == "reason"]
    assert listed and all(r[-1] for r in listed[0].rows)
    counts = doc.table("actions", "action")
    assert sum(num(r[1]) for r in counts.rows) == big.actions.height
