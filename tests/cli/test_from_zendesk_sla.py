"""``cx-rules ruleset from-zendesk-sla``: a ruleset from Zendesk's SLA policies, schedule and
holidays as Fivetran loads them (DuckDB, and PostgreSQL when CX_RULES_TEST_PG_URL is set)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cx_rules.cli import cli
from cx_rules.errors import InputError
from cx_rules.ruleset.load import load_ruleset
from cx_rules.ruleset.zendesk_sla import business_hours, zone
from tests.databases import Database
from tests.io.test_fivetran_zendesk import sample_tables


def test_the_sample_policies_become_a_ruleset(db: Database, tmp_path: Path) -> None:
    url = db.load(sample_tables())
    out = tmp_path / "zendesk-sla.yaml"
    result = CliRunner().invoke(cli, ["ruleset", "from-zendesk-sla", "--db", url, "-o", str(out)])
    assert result.exit_code == 0, result.output
    ruleset = load_ruleset(out)
    assert ruleset.calendar is not None and ruleset.calendar.timezone == "Europe/Berlin"
    assert ruleset.calendar.business_hours["mon"] == ["09:00-17:00"]
    assert "sat" not in ruleset.calendar.business_hours
    assert [d.isoformat() for d in ruleset.calendar.holidays][:2] == ["2026-04-03", "2026-04-06"]
    old, new = ruleset.sla_policies
    # the version in force when a ticket was created: the old one before 5 March 10:00
    assert old.where == 'timestamp < "2026-03-05T10:00:00+00:00"' and new.where is None
    assert old.hours == new.hours == "business"
    assert old.first_reply is not None and new.first_reply is not None
    assert {str(k): v.total_seconds() / 60 for k, v in old.first_reply.items()} == {
        "default": 480, "low": 1440, "high": 120, "urgent": 60}
    assert {str(k): v.total_seconds() / 60 for k, v in new.first_reply.items()} == {
        "default": 480, "low": 1440, "high": 90, "urgent": 30}
    assert new.requester_wait is not None


def test_the_ruleset_judges_each_ticket_by_its_own_version(db: Database, tmp_path: Path) -> None:
    url = db.load(sample_tables())
    out = tmp_path / "zendesk-sla.yaml"
    runner = CliRunner()
    assert runner.invoke(cli, ["ruleset", "from-zendesk-sla", "--db", url, "-o",
                               str(out)]).exit_code == 0
    result = runner.invoke(cli, ["lint", "--db", url, "--mapping", "fivetran-zendesk", "-r",
                                 str(out), "--format", "json", "--as-of",
                                 "2026-03-10T15:00:00Z", "--fail-on", "none"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    found = {(v["case_id"], v["rule_id"]) for v in doc["violations"]}
    assert found == {("4", "standard-support-20260105-0900-first-reply"),
                     ("7", "standard-support-20260305-1000-first-reply"),
                     ("8", "standard-support-20260305-1000-first-reply")}


def test_missing_tables_and_unknown_names(db: Database) -> None:
    tables = sample_tables()
    del tables["schedule"]
    url = db.load(tables)
    runner = CliRunner()
    result = runner.invoke(cli, ["ruleset", "from-zendesk-sla", "--db", url])
    assert result.exit_code == 2 and "no table 'schedule'" in result.output
    url = db.load(sample_tables())
    result = runner.invoke(cli, ["ruleset", "from-zendesk-sla", "--db", url, "--policy", "VIP"])
    assert result.exit_code == 2 and "no SLA policy titled 'VIP'" in result.output


def test_schedules_and_zones() -> None:
    # Sunday 22:00 to Monday 06:00, and Friday 09:00-17:00 (minutes from Sunday 00:00)
    assert business_hours([(1320, 1800), (7740, 8220)]) == {
        "mon": ["00:00-06:00"], "fri": ["09:00-17:00"], "sun": ["22:00-24:00"]}
    assert zone("Pacific Time (US & Canada)") == "America/Los_Angeles"
    assert zone("Asia/Baku") == "Asia/Baku"
    with pytest.raises(InputError, match="neither an IANA zone"):
        zone("Atlantis")
