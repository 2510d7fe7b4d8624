"""Readers: CSV, JSON (lines or documents, in :mod:`cx_rules.io.json_reader`) and Parquet
files into raw polars frames.

A raw frame has the file's own columns plus ``_source`` (file name) and ``_row`` (1-based data
record: ``row N`` is the N-th record after the header, so a quoted field spanning three lines
is still one row). A reader may add ``_reject``: a reason, set before normalization, for which
the row is rejected (e.g. a CSV row with more fields than the header). CSV and JSONL columns are
read as text so that no value is lost to type inference; the normalizer parses them field by
field and reports each bad value with its row.

Before polars sees a text file the reader checks what it can cheaply and in bounded memory:
that it is a regular, non-empty file, not a binary file (NUL bytes, or the magic number of an
image, archive, spreadsheet or Parquet file), not UTF-16, and that the CSV header is no longer
than :attr:`Limits.max_header_bytes` and has at most :attr:`Limits.max_columns` columns. A
UTF-8 byte-order mark is skipped; ``\\r\\n``, ``\\n`` and old-Mac ``\\r`` line endings may be
mixed in one file.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from cx_rules.errors import InputError
from cx_rules.io.json_reader import read_json, read_jsonl
from cx_rules.io.limits import DEFAULT_LIMITS, Limits, size_text
from cx_rules.io.textfiles import (
    BOM,
    HEAD_BYTES,
    INVALID_UTF8,
    MAGIC,
    check_file,
    check_text,
    is_pattern_name,
    read_head,
    scan_lines,
)

Reader = Callable[[Path], pl.LazyFrame]

INTERNAL_COLUMNS = ("_source", "_row", "_reject")
"""Columns the io layer adds; a file's own columns of these names are renamed ``NAME_in_file``."""

_TEXT_SUFFIXES = {".csv": "csv", ".tsv": "tsv", ".txt": "csv"}

# --- CSV ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _CsvLayout:
    names: list[str]
    bare_cr: bool
    utf8: bool


def _header_end(data: bytes) -> int | None:
    """Offset just past the first record's line break (outside quotes), or None."""
    if b'"' not in data:
        pos = data.find(b"\n")
        return None if pos < 0 else pos + 1
    inside, start = False, 0
    while True:
        pos = data.find(b"\n", start)
        if pos < 0:
            return None
        inside ^= data.count(b'"', start, pos) % 2 == 1
        if not inside:
            return pos + 1
        start = pos + 1


def _column_names(header: str, separator: str, path: Path, limits: Limits) -> list[str]:
    # a cheap upper bound first: never hand a million-column header to the csv module
    if header.count(separator) + 1 > limits.max_columns and '"' not in header:
        raise InputError(
            f"has {header.count(separator) + 1} columns; at most {limits.max_columns} are read "
            "(is this really a log export?)", file=str(path))
    try:
        fields = next(csv.reader([header], delimiter=separator, strict=False))
    except (csv.Error, StopIteration) as exc:
        raise InputError(f"cannot read the CSV header: {exc}", file=str(path)) from None
    if len(fields) > limits.max_columns:
        raise InputError(f"has {len(fields)} columns; at most {limits.max_columns} are read "
                         "(is this really a log export?)", file=str(path))
    names: list[str] = []
    seen: dict[str, int] = {}
    for index, field in enumerate(fields, start=1):
        name = field.strip() or f"column_{index}"
        if name in INTERNAL_COLUMNS or is_pattern_name(name):
            name += "_in_file"
        if name in seen:
            seen[name] += 1
            name = f"{name}_duplicated_{seen[name] - 1}"
        seen.setdefault(name, 0)
        names.append(name)
    return names


def _csv_layout(path: Path, separator: str, limits: Limits) -> _CsvLayout:
    with path.open("rb") as handle:
        head = handle.read(limits.max_header_bytes + 1)
        more = bool(handle.read(1))
    check_text(path, head[:HEAD_BYTES], "CSV text")
    if head.startswith(BOM):
        head = head[len(BOM):]
    scan = scan_lines(path, limits)
    if scan.bare_cr:
        head = head.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
    end = _header_end(head)
    if end is None and (more or len(head) > limits.max_header_bytes):
        raise InputError(
            f"the header line is longer than {size_text(limits.max_header_bytes)} "
            "(is this really a CSV file?)", file=str(path))
    header = head[: end if end is not None else len(head)].decode("utf-8", errors="replace")
    header = header.rstrip("\r\n")
    if not header.strip():
        raise InputError("the first line (the header) is empty", file=str(path))
    return _CsvLayout(_column_names(header, separator, path, limits), scan.bare_cr, scan.utf8)


def _csv_source(path: Path, layout: _CsvLayout) -> Path | bytes:
    """The file, or its bytes with every line ending made ``\\n`` when it has bare ``\\r``."""
    if not layout.bare_cr:
        return path
    return path.read_bytes().replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _scan(source: Path | bytes, names: list[str], separator: str, ragged: bool) -> pl.LazyFrame:
    return pl.scan_csv(
        source if isinstance(source, Path) else io.BytesIO(source),
        has_header=False,
        skip_rows=1,
        separator=separator,
        schema=dict.fromkeys(names, pl.String),
        missing_columns="insert",
        encoding="utf8-lossy",
        row_index_name="_row",
        row_index_offset=1,
        truncate_ragged_lines=ragged,
        extra_columns="ignore" if ragged else None,
    )


def read_csv(path: Path, separator: str = ",", limits: Limits = DEFAULT_LIMITS,
             ragged: bool = False) -> pl.LazyFrame:
    """Every column as text; invalid UTF-8 is kept (as U+FFFD) and rejected per row later.

    With ``ragged=True`` (used after a first read found a row with more fields than the
    header) the extra fields are not read, and such rows get a ``_reject`` reason instead.
    """
    check_file(path)
    layout = _csv_layout(path, separator, limits)
    source = _csv_source(path, layout)
    try:
        lf = _scan(source, layout.names, separator, ragged)
        lf.collect_schema()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(f"cannot read as CSV: {polars_message(exc)}", file=str(path)) from None
    lf = lf.with_columns(pl.col("_row").cast(pl.Int64))
    # polars decodes invalid UTF-8 as U+FFFD (utf8-lossy): such rows are rejected, not mangled
    # (in a valid UTF-8 file a U+FFFD is just a character, and no row needs looking at)
    lossy = pl.lit(None, pl.String) if layout.utf8 else pl.when(pl.any_horizontal(
        [pl.col(n).str.contains("\ufffd", literal=True) for n in layout.names]
    )).then(pl.lit(INVALID_UTF8))
    if ragged:
        extra = _ragged_rows(source, separator, len(layout.names), path, limits)
        lf = lf.join(extra.lazy(), on="_row", how="left", maintain_order="left")
        return lf.with_columns(pl.coalesce([pl.col("_reject"), lossy]).alias("_reject"))
    return lf.with_columns(lossy.alias("_reject"))


def _text_lines(source: Path | bytes) -> Iterator[str]:
    if isinstance(source, Path):
        with source.open("r", encoding="utf-8-sig", errors="replace", newline="") as handle:
            yield from handle
    else:
        yield from io.StringIO(source.decode("utf-8-sig", errors="replace"), newline="")


def _ragged_rows(source: Path | bytes, separator: str, n_columns: int, path: Path,
                 limits: Limits) -> pl.DataFrame:
    """Rows with non-empty fields beyond the header: ``_row`` and a ``_reject`` reason.

    Runs only for files that have such rows, with the csv module (streaming, bounded memory).
    """
    old_limit = csv.field_size_limit()
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    rows: list[int] = []
    reasons: list[str] = []
    try:
        reader = csv.reader(_text_lines(source), delimiter=separator, strict=False)
        next(reader, None)
        for number, record in enumerate(reader, start=1):
            if len(record) > n_columns and any(v.strip() for v in record[n_columns:]):
                if len(record) > limits.max_columns:
                    raise InputError(f"row {number} has {len(record)} fields; at most "
                                     f"{limits.max_columns} are read", file=str(path))
                rows.append(number)
                reasons.append(f"row has {len(record)} fields but the header has {n_columns} "
                               "(an unquoted separator in a value?)")
    except csv.Error as exc:
        raise InputError(f"cannot read as CSV: {exc}", file=str(path)) from None
    finally:
        csv.field_size_limit(old_limit)
    return pl.DataFrame({"_row": rows, "_reject": reasons},
                        schema={"_row": pl.Int64, "_reject": pl.String})


def is_ragged_error(exc: BaseException) -> bool:
    """True for polars' errors about a CSV row with more fields than the header."""
    text = str(exc)
    return "more fields than defined" in text or "not specified in schema" in text


# --- Parquet -----------------------------------------------------------------------------------


def read_parquet(path: Path, limits: Limits = DEFAULT_LIMITS) -> pl.LazyFrame:
    """Typed columns are kept as they are; the normalizer only converts what differs."""
    check_file(path)
    head = read_head(path, 16)
    if not head.startswith(b"PAR1"):
        kind = next((k for m, k in MAGIC if head.startswith(m)), None)
        hint = f"it looks like {kind}" if kind else "it does not start with PAR1"
        raise InputError(f"not a Parquet file ({hint})", file=str(path))
    try:
        lf = pl.scan_parquet(path, row_index_name="__cx_row", row_index_offset=1)
        names = lf.collect_schema().names()
    except (pl.exceptions.PolarsError, OSError) as exc:
        raise InputError(f"cannot read as Parquet: {polars_message(exc)}",
                         file=str(path)) from None
    if len(names) > limits.max_columns + 1:
        raise InputError(f"has {len(names) - 1} columns; at most {limits.max_columns} are read",
                         file=str(path))
    renames = {n: n + "_in_file" for n in names if n in INTERNAL_COLUMNS or is_pattern_name(n)}
    return lf.rename(renames).rename({"__cx_row": "_row"}).with_columns(
        pl.col("_row").cast(pl.Int64))


READERS: dict[str, Callable[..., pl.LazyFrame]] = {
    "csv": read_csv,
    "tsv": lambda p, limits=DEFAULT_LIMITS, ragged=False: read_csv(p, "\t", limits, ragged),
    "jsonl": read_jsonl,
    "ndjson": read_jsonl,
    "json": read_json,
    "parquet": read_parquet,
    "pq": read_parquet,
}
"""Built-in readers by format name: ``reader(path, limits=..., [ragged=...])``."""


def format_of(path: Path) -> str:
    """The reader name for a file, from its extension."""
    suffix = path.suffix.lower()
    return _TEXT_SUFFIXES.get(suffix, suffix.lstrip("."))


def read_raw(path: Path, fmt: str | None = None, limits: Limits = DEFAULT_LIMITS,
             ragged: bool = False) -> pl.LazyFrame:
    """Read one file with the reader for its format and tag rows with their source.

    Reader plugins (entry-point group ``cx_rules.readers``) are consulted first: a plugin
    registered for the file's suffix (or named by ``fmt``) wins over the built-in readers.
    """
    from cx_rules.io.compressed import compression_of, inner_name, read_compressed, renamed
    from cx_rules.io.plugin_readers import reader_for
    from cx_rules.io.remote import label, remote_copy, remote_url
    from cx_rules.io.stdin import STDIN, is_stdin, relabel, stdin_copy

    url = remote_url(path)
    if url is not None:  # copied once to a local file, read as one, labelled with the URL
        copy, shown = remote_copy(url, limits), label(url)
        try:
            frame = read_raw(copy, fmt, limits, ragged).collect().lazy()
        except InputError as exc:
            raise renamed(exc, copy, shown) from None
        except pl.exceptions.PolarsError as exc:
            raise InputError(f"cannot read: {polars_message(exc)}", file=shown) from None
        return frame.with_columns(pl.lit(shown).alias("_source"))

    if is_stdin(path):
        copy = stdin_copy()
        try:
            return relabel(read_raw(copy, fmt, limits, ragged).collect().lazy())
        except InputError as exc:
            raise renamed(exc, copy, STDIN) from None
        except pl.exceptions.PolarsError as exc:
            raise InputError(f"cannot read: {polars_message(exc)}", file=STDIN) from None
    kind = compression_of(path) if path.is_file() else None
    if kind is not None:
        check_file(path)
        inner = fmt or format_of(inner_name(path))
        return read_compressed(path, kind, lambda p: read_raw(p, inner, limits, ragged),
                               limits)
    plugin = reader_for(path, fmt)
    if plugin is not None and not (fmt is not None and fmt in READERS):
        check_file(path)
        frame = plugin.read(path)
        return frame.with_columns(pl.lit(str(path)).alias("_source"))
    name = fmt or format_of(path)
    reader = READERS.get(name)
    if reader is None:
        check_file(path)
        known = ", ".join(sorted(READERS))
        raise InputError(f"unknown file format {name!r} (known: {known})", file=str(path))
    if name in ("csv", "tsv"):
        frame = reader(path, limits=limits, ragged=ragged)
    else:
        frame = reader(path, limits=limits)
    return frame.with_columns(pl.lit(str(path)).alias("_source"))


def polars_message(exc: BaseException) -> str:
    """A short, one-line version of a polars error (never the whole offending text)."""
    text = str(exc).strip()
    first = text.splitlines()[0] if text else type(exc).__name__
    if "not properly escaped" in text or (first.startswith("could not parse")
                                          and "as dtype" in text):
        column = re.search(r"at column '([^']*)'", text)
        where = f" in column {column.group(1)!r}" if column else ""
        return (f"malformed CSV{where}: a quoted field is never closed, or a quote inside a "
                'value is not doubled ("")')
    if len(first) > 200:
        first = first[:200] + "…"
    return first


_first_line = polars_message


# --- where a row is in its file ----------------------------------------------------------------


def record_lines(path: Path, rows: set[int]) -> dict[int, int]:
    """The physical line (1-based, as an editor counts them) where each of ``rows`` starts.

    ``rows`` are ``_row`` numbers as this module's readers give them: in a CSV the N-th record
    after the header (a quoted value spanning lines is one record; a blank line is a record),
    in JSON lines the N-th non-blank line. For other formats (Parquet, JSON documents) a row
    has no line, and the result is empty; so is it for a file that cannot be read any more.
    One streaming pass, stopped after the last row asked for.
    """
    from cx_rules.io.compressed import compression_of, inner_name

    if not rows or not path.is_file():
        return {}
    kind = compression_of(path)
    fmt = format_of(inner_name(path) if kind else path)
    if fmt not in ("csv", "tsv", "jsonl", "ndjson"):
        return {}
    try:
        with _physical_lines(path, kind) as lines:
            return _record_starts(lines, fmt, rows)
    except (OSError, EOFError, ValueError):  # damaged since it was read: no lines
        return {}


@contextlib.contextmanager
def _physical_lines(path: Path, kind: str | None) -> Iterator[Iterator[str]]:
    if kind is None:
        yield _text_lines(path)
        return
    from cx_rules.io.compressed import open_decompressed

    with open_decompressed(path, kind) as stream:
        yield io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")


def _record_starts(lines: Iterator[str], fmt: str, rows: set[int]) -> dict[int, int]:
    last = max(rows)
    found: dict[int, int] = {}
    try:
        if fmt in ("jsonl", "ndjson"):
            number = 0
            for line_no, line in enumerate(lines, start=1):
                if line.strip():
                    number += 1
                    if number in rows:
                        found[number] = line_no
                    if number >= last:
                        break
            return found
        old_limit = csv.field_size_limit()
        csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
        try:
            reader = csv.reader(lines, delimiter="\t" if fmt == "tsv" else ",", strict=False)
            next(reader, None)
            end = reader.line_num  # the header's last line
            for number, _ in enumerate(reader, start=1):
                if number in rows:
                    found[number] = end + 1
                end = reader.line_num
                if number >= last:
                    break
        finally:
            csv.field_size_limit(old_limit)
    except csv.Error:
        return found
    return found
