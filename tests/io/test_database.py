"""The database source: a query's rows (or a mapping's tables) read like a file, on DuckDB and
on PostgreSQL (when CX_RULES_TEST_PG_URL names a server), with the same rejects and counts."""

from __future__ import annotations

import os
from datetime import UTC, datetime

import polars as pl
import pytest

from cx_rules.errors import InputError
from cx_rules.io import DatabaseSource, load_interactions
from cx_rules.io.database import redact, scrub
from tests.databases import PG_ENV, Database

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _log() -> pl.DataFrame:
    return pl.DataFrame({
        "interaction_id": ["i1", "i2", "i3", "i4"],
        "case_id": ["c1", "c1", "c2", "c2"],
        "customer_id": ["u1", "u1", "u2", "u2"],
        "timestamp": [T0, T0.replace(minute=5), T0.replace(hour=10), T0.replace(hour=11)],
        "channel": ["email", "email", "chat", "carrier pigeon"],
        "direction": ["inbound", "outbound", "inbound", "outbound"],
        "actor": ["customer", "agent", "customer", "agent"],
        "agent_id": [None, "a1", None, "a2"],
        "text": ["Где мой заказ?", "Sifarişiniz yoldadır.", "سفارش من کجاست؟", "ok"],  # noqa: RUF001 (Azerbaijani)
        "csat": [None, 4.5, None, None],
    })


def test_query_rows_read_like_a_file(db: Database) -> None:
    url = db.load({"log": _log()})
    log = load_interactions(DatabaseSource(url, "SELECT * FROM log ORDER BY interaction_id"))
    assert log.rows_read == 4 == log.interactions.height + log.rejects.height
    assert log.interactions["text"].to_list()[:3] == [
        "Где мой заказ?", "Sifarişiniz yoldadır.", "سفارش من کجاست؟"]  # noqa: RUF001
    reject = log.rejects.row(0, named=True)
    assert reject["row"] == 4 and "channel" in reject["reason"]
    assert reject["source"] == redact(url)
    assert log.interactions["timestamp"].dtype == pl.Datetime("us", "UTC")


def test_small_batches_give_the_same_frame(db: Database) -> None:
    url = db.load({"log": _log()})
    one = load_interactions(DatabaseSource(url, "SELECT * FROM log ORDER BY interaction_id"))
    many = load_interactions(DatabaseSource(url, "SELECT * FROM log ORDER BY interaction_id",
                                            batch_rows=1))
    assert one.interactions.equals(many.interactions)
    assert one.rejects.equals(many.rejects)


def test_a_failing_query_names_the_source(db: Database) -> None:
    url = db.load({"log": _log()})
    with pytest.raises(InputError, match="query failed") as err:
        load_interactions(DatabaseSource(url, "SELECT * FROM no_such_table"))
    assert str(err.value).startswith(redact(url))


def test_no_rows_is_an_error(db: Database) -> None:
    url = db.load({"log": _log()})
    with pytest.raises(InputError, match="returned no rows"):
        load_interactions(DatabaseSource(url, "SELECT * FROM log WHERE 1 = 0"))


def test_a_wrong_column_type_rejects_the_rows(db: Database) -> None:
    url = db.load({"log": _log().with_columns(pl.lit("yesterday").alias("timestamp"))})
    log = load_interactions(DatabaseSource(url, "SELECT * FROM log"))
    assert log.interactions.height == 0 and log.rejects.height == 4
    assert all("timestamp" in r for r in log.rejects["reason"])


def test_a_column_type_cx_rules_cannot_read_is_an_error(tmp_path: object) -> None:
    with pytest.raises(InputError, match=r"column 'tags' has type .*cast it to text"):
        load_interactions(DatabaseSource(
            "duckdb:///:memory:", "SELECT 'i1' AS interaction_id, ['a', 'b'] AS tags"))


def test_a_missing_duckdb_file() -> None:
    with pytest.raises(InputError, match="no such DuckDB database file"):
        load_interactions(DatabaseSource("duckdb:///no/such.duckdb", "SELECT 1"))


def test_unsupported_url_schemes() -> None:
    with pytest.raises(InputError, match="unsupported database URL 'mysql://\\*\\*\\*@h/db'"):
        load_interactions(DatabaseSource("mysql://root:hunter2@h/db", "SELECT 1"))


def test_redaction() -> None:
    assert redact("postgresql://bob:s3cr%40t@db:5432/x") == "postgresql://***@db:5432/x"
    assert redact("postgresql://db/x?user=bob&password=pw1") == \
        "postgresql://db/x?user=bob&password=***"
    assert redact("duckdb:///examples/support.duckdb") == "duckdb:///examples/support.duckdb"
    url = "postgresql://bob:s3cr%40t@db/x"
    assert scrub(f"failed for {url}: s3cr@t rejected", url) == \
        "failed for postgresql://***@db/x: *** rejected"
    assert "pw" not in scrub("a password pw was wrong", "postgresql://u:pw@h/d").replace(
        "password", "")
    assert "DatabaseSource('postgresql://***@db/x'" in repr(DatabaseSource(url, "SELECT 1"))


@pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"no PostgreSQL server ({PG_ENV})")
def test_a_wrong_password_is_not_shown() -> None:
    base = os.environ[PG_ENV]
    wrong = base.replace("@", "x-Wr0ng-Pass@", 1) if "@" in base else base
    with pytest.raises(InputError) as err:
        load_interactions(DatabaseSource(wrong, "SELECT 1"))
    text = str(err.value)
    assert "cannot connect" in text and "Wr0ng-Pass" not in text and "***@" in text


@pytest.mark.skipif(not os.environ.get(PG_ENV), reason=f"no PostgreSQL server ({PG_ENV})")
def test_a_dropped_connection_is_a_clear_error() -> None:
    import adbc_driver_postgresql.dbapi as pg

    url = os.environ[PG_ENV]
    with pg.connect(url) as con:  # the server ends the reading session midway
        cur = con.cursor()
        cur.execute("SELECT pg_backend_pid()")
        assert cur.fetchone() is not None
    query = ("SELECT 'i' || g AS interaction_id, CASE WHEN g = 3000 THEN "
             "pg_terminate_backend(pg_backend_pid())::text END AS x "
             "FROM generate_series(1, 5000) g")
    with pytest.raises(InputError) as err:
        load_interactions(DatabaseSource(url, query))
    assert str(err.value).startswith(redact(url))
