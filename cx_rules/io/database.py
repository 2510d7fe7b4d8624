"""Read interactions from a database: a query's result, or a mapping's tables.

A :class:`DatabaseSource` names a database by URL and either a SQL query (its result is read
like one file) or nothing more, in which case the mapping's ``tables`` are read, one query per
table, and tagged with their role like the files of a multi-file export. Supported URLs:

* ``duckdb:///relative/file.duckdb`` or ``duckdb:////absolute/file.duckdb`` (DuckDB's own
  Python API, the database opened read-only);
* ``postgresql://user:password@host:port/db`` (ADBC's PostgreSQL driver, over libpq: the
  password may instead come from the environment, ``PGPASSWORD`` or a ``~/.pgpass`` file).

The result is read in Arrow record batches (at most ``batch_rows`` rows each) into one polars
frame; each row gets ``_source`` (the URL without its credentials, and the table) and ``_row``
(its 1-based number in the result). Credentials never appear in a label or an error: every
message a driver gives is scrubbed of the URL's password and of ``PGPASSWORD``.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

import polars as pl

from cx_rules.errors import InputError
from cx_rules.io.limits import DEFAULT_LIMITS, Limits
from cx_rules.io.mapping import Mapping, TableSpec
from cx_rules.io.readers import INTERNAL_COLUMNS
from cx_rules.io.textfiles import is_pattern_name

SCHEMES = ("duckdb", "postgresql", "postgres")
DEFAULT_BATCH_ROWS = 50_000
_SECRET_PARAM = re.compile(r"(?i)\b(password|passwd|pwd|sslpassword)=([^&\s]+)")


@dataclass(frozen=True)
class DatabaseSource:
    """A database to read interactions from (see the module's documentation).

    ``query``: one SQL query whose rows are the log (then any mapping applies to its
    columns); None: read the tables of the mapping (``Mapping.tables``), in ``schema`` when
    given (default: the connection's current schema).
    """

    url: str
    query: str | None = None
    schema: str | None = None
    batch_rows: int = DEFAULT_BATCH_ROWS

    @property
    def label(self) -> str:
        """The URL without its credentials: what rejects and errors name."""
        return redact(self.url)

    def __repr__(self) -> str:  # never show the password, even in a traceback
        return f"DatabaseSource({self.label!r}, query={self.query!r}, schema={self.schema!r})"


def redact(url: str) -> str:
    """``scheme://***@host/db`` for a URL with a user or password; secret query parameters
    (``password=``) become ``***`` too."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<database URL>"
    netloc = parts.netloc
    if "@" not in netloc and not _SECRET_PARAM.search(parts.query):
        return url
    if "@" in netloc:
        netloc = "***@" + netloc.rsplit("@", 1)[1]
    query = _SECRET_PARAM.sub(lambda m: f"{m.group(1)}=***", parts.query)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _secrets(url: str) -> list[str]:
    found: list[str] = []
    try:
        parts = urlsplit(url)
        if parts.password:
            found += [parts.password, unquote(parts.password)]
    except ValueError:
        pass
    found += [m.group(2) for m in _SECRET_PARAM.finditer(url)]
    env = os.environ.get("PGPASSWORD")
    if env:
        found.append(env)
    return sorted({s for s in found if s}, key=len, reverse=True)


def scrub(message: str, url: str) -> str:
    """A driver's message with the URL shown redacted and every secret of it removed."""
    text = message.replace(url, redact(url))
    for secret in _secrets(url):  # as a whole token: a short password must not eat words
        text = re.sub(rf"(?<![A-Za-z0-9]){re.escape(secret)}(?![A-Za-z0-9])", "***", text)
    return text.strip()


def scheme_of(url: str) -> str:
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme not in SCHEMES:
        raise InputError(f"unsupported database URL {redact(url)!r}: use duckdb:///FILE.duckdb "
                         "or postgresql://[user@]host[:port]/database")
    return "postgresql" if scheme == "postgres" else scheme


def duckdb_path(url: str) -> str:
    """The file of a ``duckdb:///file`` URL (``duckdb:////abs/file`` for an absolute path)."""
    rest = url.split(":", 1)[1]
    if not rest.startswith("///"):
        raise InputError(f"{redact(url)}: write duckdb:///relative/file.duckdb or "
                         "duckdb:////absolute/file.duckdb")
    path = rest[3:]
    if path in ("", ":memory:"):
        return ":memory:"
    return path


Batches = Callable[[str], Any]
"""Run one query: its result as a ``pyarrow.RecordBatchReader`` (batches read as needed)."""


@contextmanager
def _duckdb(url: str, batch_rows: int) -> Iterator[Batches]:
    import duckdb

    path = duckdb_path(url)
    if path != ":memory:" and not Path(path).is_file():
        raise InputError("no such DuckDB database file", file=redact(url))
    try:
        con = duckdb.connect(path, read_only=path != ":memory:")
    except duckdb.Error as exc:
        raise InputError(f"cannot open: {scrub(str(exc), url)}", file=redact(url)) from None

    def run(sql: str) -> Any:
        return con.sql(sql).to_arrow_reader(batch_rows)

    try:
        yield run
    finally:
        con.close()


@contextmanager
def _postgres(url: str, batch_rows: int) -> Iterator[Batches]:
    import adbc_driver_postgresql.dbapi as pg

    # libpq reads a postgres:// URL as well; ADBC wants the canonical scheme
    target = "postgresql" + url[url.index(":"):]
    try:
        con = pg.connect(target)
    except pg.Error as exc:
        raise InputError(f"cannot connect: {scrub(str(exc), url)}", file=redact(url)) from None

    cursors: list[Any] = []

    def run(sql: str) -> Any:
        cursor = con.cursor()  # kept open until the connection closes: it feeds the reader
        cursors.append(cursor)
        cursor.adbc_statement.set_options(
            **{"adbc.postgresql.batch_size_hint_bytes": str(max(batch_rows, 1) * 256)})
        cursor.execute(sql)
        return cursor.fetch_record_batch()

    try:
        yield run
    finally:
        with contextlib.suppress(*_driver_errors()):  # a dropped connection cannot close
            for cursor in cursors:
                cursor.close()
            con.close()


def _driver_errors() -> tuple[type[BaseException], ...]:
    import pyarrow as pa

    # a stream that broke midway: pyarrow's errors, or libpq's as OSError
    errors: list[type[BaseException]] = [pa.ArrowException, OSError]
    try:
        import duckdb

        errors.append(duckdb.Error)
    except ImportError:  # pragma: no cover - duckdb is a dependency
        pass
    try:
        import adbc_driver_manager

        errors.append(adbc_driver_manager.Error)
    except ImportError:  # pragma: no cover
        pass
    return tuple(errors)


def connect(url: str, batch_rows: int = DEFAULT_BATCH_ROWS) -> AbstractContextManager[Batches]:
    """A connection to the database of ``url``, as a function running one query."""
    import importlib.util

    scheme = scheme_of(url)
    module = "duckdb" if scheme == "duckdb" else "adbc_driver_postgresql"
    if importlib.util.find_spec(module) is None:
        raise InputError(f"the {scheme} driver ({module}) is not installed: "
                         "pip install 'cx-rules[db]'", file=redact(url))
    return _duckdb(url, batch_rows) if scheme == "duckdb" else _postgres(url, batch_rows)


def quote_ident(name: str) -> str:
    """A SQL identifier in double quotes (``user`` is a reserved word in PostgreSQL)."""
    return '"' + name.replace('"', '""') + '"'


def _quote_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _readable(column: pl.Series, label: str) -> pl.Series:
    """A column as the normalizer reads it: text, numbers, booleans, dates and times kept;
    decimals as floats; anything else (lists, structs, binary) is an error naming it."""
    dtype = column.dtype
    if dtype.is_decimal():
        return column.cast(pl.Float64)
    if isinstance(dtype, pl.Categorical | pl.Enum):
        return column.cast(pl.String)
    if dtype in (pl.Time, pl.Null) or isinstance(dtype, pl.Duration):
        return column.cast(pl.String)
    if dtype == pl.String or dtype == pl.Boolean or dtype.is_numeric() or dtype == pl.Date \
            or isinstance(dtype, pl.Datetime):
        return column
    raise InputError(f"column {column.name!r} has type {dtype}, which cx-rules does not read; "
                     f"cast it to text in the query (CAST({column.name} AS VARCHAR))",
                     file=label)


def _frame(reader: Any, label: str, limits: Limits) -> pl.DataFrame:
    import pyarrow as pa

    parts: list[pl.DataFrame] = []
    for batch in reader:
        if batch.num_columns > limits.max_columns:
            raise InputError(f"the result has {batch.num_columns} columns; at most "
                             f"{limits.max_columns} are read", file=label)
        arrays = [c.storage if isinstance(c.type, pa.ExtensionType) else c
                  for c in batch.columns]
        table = pa.Table.from_arrays(arrays, names=batch.schema.names)
        frame = pl.from_arrow(table)
        assert isinstance(frame, pl.DataFrame)
        parts.append(frame)
    if not parts:
        empty = pl.from_arrow(reader.schema.empty_table())
        assert isinstance(empty, pl.DataFrame)
        parts.append(empty)
    df = pl.concat(parts, how="vertical_relaxed") if len(parts) > 1 else parts[0]
    df = pl.DataFrame([_readable(df[c], label) for c in df.columns])
    renames = {n: n + "_in_file" for n in df.columns
               if n in INTERNAL_COLUMNS or is_pattern_name(n)}
    return df.rename(renames).with_row_index("_row", offset=1).with_columns(
        pl.col("_row").cast(pl.Int64), pl.lit(label).alias("_source"))


def read_query(url: str, query: str, *, batch_rows: int = DEFAULT_BATCH_ROWS,
               limits: Limits = DEFAULT_LIMITS) -> pl.DataFrame:
    """The rows of one query, tagged with ``_source`` and ``_row`` (see the module)."""
    label = redact(url)
    errors = _driver_errors()
    try:
        with connect(url, batch_rows) as run:
            return _frame(run(query), label, limits)
    except errors as exc:
        raise InputError(f"the query failed: {scrub(str(exc), url)}", file=label) from None


def table_exists(run: Batches, schema: str | None, table: str) -> bool:
    where = _quote_text(schema) if schema is not None else "current_schema()"
    sql = ("SELECT count(*) AS n FROM information_schema.tables "
           f"WHERE table_schema = {where} AND table_name = {_quote_text(table)}")
    rows = [b.to_pylist() for b in run(sql)]  # one batch of one row
    return bool(rows and rows[0] and rows[0][0]["n"])


def table_query(spec: TableSpec, schema: str | None) -> str:
    name = quote_ident(spec.table) if schema is None \
        else f"{quote_ident(schema)}.{quote_ident(spec.table)}"
    order = ", ".join(quote_ident(c) for c in spec.order_by)
    return f"SELECT * FROM {name}" + (f" ORDER BY {order}" if order else "")


def read_tables(source: DatabaseSource, mapping: Mapping,
                limits: Limits = DEFAULT_LIMITS) -> list[pl.DataFrame]:
    """One frame per table of the mapping (``_file_role`` = its role), in the mapping's order;
    an optional table the database lacks is skipped, a required one is an error."""
    if not mapping.tables:
        raise InputError(f"mapping {mapping.name!r} names no tables: give --query SQL (or a "
                         "mapping with tables, e.g. fivetran_zendesk)", file=source.label)
    found = read_named_tables(source, mapping.tables, mapping.files,
                              f"mapping {mapping.name!r}", limits)
    frames = [df.with_columns(pl.lit(role).alias("_file_role")) for role, df in found.items()]
    if not frames or all(f.height == 0 for f in frames):
        raise InputError("the tables have no rows", file=source.label)
    return frames


def read_named_tables(source: DatabaseSource, tables: dict[str, TableSpec],
                      columns: dict[str, list[str]], reader: str,
                      limits: Limits = DEFAULT_LIMITS) -> dict[str, pl.DataFrame]:
    """Each table (role -> spec) read whole, in ``source.schema``, checked to have the
    ``columns`` of its role; an optional table the schema lacks is left out. ``reader`` says
    who reads them, in the errors."""
    url, errors = source.url, _driver_errors()
    frames: dict[str, pl.DataFrame] = {}
    try:
        with connect(url, source.batch_rows) as run:
            for role, spec in tables.items():
                where = f"{source.schema}.{spec.table}" if source.schema else spec.table
                label = f"{source.label}#{where}"
                if not table_exists(run, source.schema, spec.table):
                    if spec.optional:
                        continue
                    raise InputError(
                        f"no table {where!r} ({reader} reads "
                        f"{', '.join(t.table for t in tables.values())}; "
                        "--db-schema names their schema)", file=source.label)
                try:
                    df = _frame(run(table_query(spec, source.schema)), label, limits)
                except errors as exc:
                    raise InputError(f"reading table {where!r} failed: {scrub(str(exc), url)}",
                                     file=source.label) from None
                missing = [c for c in columns.get(role, []) if c not in df.columns]
                if missing:
                    raise InputError(f"table {where!r} lacks column(s) {', '.join(missing)} "
                                     f"that {reader} reads", file=source.label)
                frames[role] = df
    except errors as exc:
        raise InputError(f"the database failed: {scrub(str(exc), url)}",
                         file=source.label) from None
    return frames
