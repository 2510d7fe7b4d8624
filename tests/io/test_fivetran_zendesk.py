"""The Fivetran Zendesk schema (ticket, ticket_comment, user, ticket_field_history and dbt's
zendesk__sla_policies) read as canonical events, from DuckDB, PostgreSQL and CSV dumps."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import polars as pl
import pytest

from cx_rules.errors import InputError
from cx_rules.io import DatabaseSource, load_interactions
from tests.conftest import ROOT
from tests.databases import Database

EXAMPLES = ROOT / "examples"


def sample_tables() -> dict[str, pl.DataFrame]:
    spec = importlib.util.spec_from_file_location("make_support_duckdb",
                                                  EXAMPLES / "make_support_duckdb.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tables: dict[str, pl.DataFrame] = module.tables()
    return tables


def _events(frame: pl.DataFrame) -> dict[str, dict[str, object]]:
    return {r["interaction_id"]: r for r in frame.iter_rows(named=True)}


def _check_sample(log: object) -> None:
    from cx_rules.io.normalize import NormalizedLog

    assert isinstance(log, NormalizedLog)
    # 8 tickets + 20 comments + 8 users + 33 field changes + 9 SLA events
    assert log.rows_read == 78
    assert log.interactions.height + log.rejects.height == 78
    assert log.interactions.height == 32
    ev = _events(log.interactions)
    first = ev["1001"]
    assert (first["direction"], first["actor"], first["customer_id"], first["status"]) == (
        "inbound", "customer", "101", "open")
    assert str(first["text"]).startswith("Здравствуйте!")
    assert str(first["timestamp"]) == "2026-03-02 08:05:00+00:00"
    assert (ev["1002"]["actor"], ev["1002"]["agent_id"]) == ("agent", "201")
    # priority in force at each event: normal until the change on 3 March, then high
    assert ev["1004"]["priority"] == "normal" and ev["1005"]["priority"] == "high"
    assert ev["2002"]["priority"] == "urgent" and ev["2002"]["channel"] == "chat"
    assert str(ev["2004"]["text"]).startswith("İkinci ödəniş geri qaytarıldı")  # noqa: RUF001
    assert str(ev["3001"]["text"]).startswith("سلام")
    # a CC'd end-user writes as a customer of the requester's ticket
    assert (ev["5002"]["direction"], ev["5002"]["customer_id"]) == ("inbound", "105")
    # an agent who is the requester of their own ticket is the customer there
    assert (ev["6001"]["actor"], ev["6002"]["actor"], ev["6002"]["agent_id"]) == (
        "customer", "agent", "203")
    # no agent reply yet, and a sampled ticket without comments (its own request)
    assert [e["direction"] for e in ev.values() if e["case_id"] == "7"] == [
        "inbound", "outbound"]
    assert ev["7:status:2026-03-09T14:01:00+00:00"]["actor"] == "system"
    created = ev["8:created"]
    assert (created["direction"], created["text"], created["priority"]) == (
        "inbound", "Hesabıma daxil ola bilmirəm", "urgent")  # noqa: RUF001
    assert ev["1:status:2026-03-03T10:10:00+00:00"]["status"] == "resolved"
    assert ev["2:status:2026-03-06T11:05:00+00:00"]["status"] == "closed"
    reasons = dict(zip(log.rejects["interaction_id"], log.rejects["reason"], strict=True))
    assert "internal note" in reasons["1003"]
    assert "user_id 999" in reasons["5004"]
    assert "assignee_id" in reasons["1:assignee_id:2026-03-03T08:00:00+00:00"]
    # the help desk's own verdicts ride along on the ticket's events
    assert ev["4001"]["sla_met"] is False and ev["1001"]["sla_met"] is True
    assert ev["8:created"]["sla_met"] is None


def test_the_sample_from_a_database(db: Database) -> None:
    url = db.load(sample_tables())
    log = load_interactions(DatabaseSource(url), mapping="fivetran-zendesk")
    _check_sample(log)
    sources = set(log.rejects["source"])
    assert any(s.endswith("#ticket_comment") for s in sources)


def test_the_sample_from_csv_dumps_of_the_tables() -> None:
    files = sorted((EXAMPLES / "fivetran_zendesk").glob("*.csv"))
    read = [p for p in files if not p.stem.startswith(("schedule", "sla_policy"))]
    log = load_interactions(read, mapping="fivetran_zendesk")
    _check_sample(log)


def test_a_missing_table_names_it(db: Database) -> None:
    tables = sample_tables()
    del tables["ticket_comment"]
    url = db.load(tables)
    with pytest.raises(InputError, match="no table 'ticket_comment'"):
        load_interactions(DatabaseSource(url), mapping="fivetran-zendesk")


def test_a_table_without_a_column_the_mapping_reads(db: Database) -> None:
    tables = sample_tables()
    tables["ticket_comment"] = tables["ticket_comment"].drop("public")
    url = db.load(tables)
    with pytest.raises(InputError, match=r"ticket_comment' lacks column\(s\) public"):
        load_interactions(DatabaseSource(url), mapping="fivetran-zendesk")


def test_the_tables_in_another_schema(tmp_path: Path) -> None:
    import duckdb

    path = tmp_path / "wh.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE SCHEMA zendesk")
    for name, frame in sample_tables().items():
        con.register("v", frame.to_arrow())
        con.execute(f'CREATE TABLE zendesk."{name}" AS SELECT * FROM v')
        con.unregister("v")
    con.close()
    url = f"duckdb:///{path}"
    _check_sample(load_interactions(DatabaseSource(url, schema="zendesk"),
                                    mapping="fivetran-zendesk"))
    with pytest.raises(InputError, match="no table 'ticket'"):
        load_interactions(DatabaseSource(url), mapping="fivetran-zendesk")


def test_without_a_mapping_a_database_needs_a_query(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="give --mapping NAME"):
        load_interactions(DatabaseSource("duckdb:///:memory:"))
    with pytest.raises(InputError, match="names no tables"):
        load_interactions(DatabaseSource("duckdb:///:memory:"), mapping="zendesk_events")
