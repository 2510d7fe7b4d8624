"""Databases for the tests of the database source: DuckDB files, and a real PostgreSQL server
when ``CX_RULES_TEST_PG_URL`` names one (CI starts one, see .ci/postgres.sh).

:class:`Database` loads polars frames as tables and gives the URL to read them; on PostgreSQL
each test gets a schema of its own (on the URL's ``search_path``), dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import polars as pl
import pytest

PG_ENV = "CX_RULES_TEST_PG_URL"
BACKENDS = ("duckdb", "postgres")


class Database:
    def __init__(self, backend: str, tmp_path: Path) -> None:
        self.backend = backend
        self.schema = "cx_" + uuid.uuid4().hex[:12]
        if backend == "duckdb":
            self.path = tmp_path / "test.duckdb"
            self.url = f"duckdb:///{self.path}"  # an absolute path: duckdb:////tmp/...
        else:
            base = os.environ[PG_ENV]
            sep = "&" if "?" in base else "?"
            self.base = base
            self.url = f"{base}{sep}options={quote(f'-csearch_path={self.schema}')}"
            self._execute(f'CREATE SCHEMA "{self.schema}"')

    def _execute(self, sql: str) -> None:
        import adbc_driver_postgresql.dbapi as pg

        with pg.connect(self.base) as con:
            con.cursor().execute(sql)
            con.commit()

    def load(self, tables: dict[str, pl.DataFrame]) -> str:
        """Create (replace) these tables; the URL that reads them."""
        if self.backend == "duckdb":
            import duckdb

            con = duckdb.connect(str(self.path))
            for name, frame in tables.items():
                con.register("frame_view", frame.to_arrow())
                con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM frame_view')
                con.unregister("frame_view")
            con.close()
        else:
            import adbc_driver_postgresql.dbapi as pg

            with pg.connect(self.base) as con:
                cur = con.cursor()
                for name, frame in tables.items():
                    cur.adbc_ingest(name, frame.to_arrow(), mode="replace",
                                    db_schema_name=self.schema)
                con.commit()
        return self.url

    def drop(self) -> None:
        if self.backend == "postgres":
            self._execute(f'DROP SCHEMA "{self.schema}" CASCADE')


def database(backend: str, tmp_path: Path) -> Iterator[Database]:
    if backend == "postgres" and not os.environ.get(PG_ENV):
        pytest.skip(f"no PostgreSQL server: set {PG_ENV} (CI starts one, see .ci/postgres.sh)")
    db = Database(backend, tmp_path)
    try:
        yield db
    finally:
        db.drop()
