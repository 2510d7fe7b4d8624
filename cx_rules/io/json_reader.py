"""Readers of JSON: JSON lines (one object per line) and plain JSON documents.

Both give the same raw frame for the same records: a JSON document's records are handed to
the JSON-lines reader one per line, so a ``.json`` export and its ``.jsonl`` twin read
identically (``row N`` is the N-th record / non-blank line). Nested objects become JSON text
that a mapping's dotted paths (``author.id``) or a transform read.

A ``.json`` file holds one of:

* a JSON array of objects (the records);
* one object wrapping them: its single list-valued key holds the records (``{"ticket_events":
  [...], "next_page": ...}``, ``{"conversations": [...]}``, ``{"records": [...]}``); an object
  with an ``id``, or with no list, is one record;
* JSON lines (a ``.json`` file that is really JSON lines is read as such).

A document is parsed whole, in memory, so it is bounded by :attr:`Limits.max_document_bytes`
(larger exports: JSON lines, which are streamed). Malformed JSON is an :class:`InputError`
naming the file, line and column.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import polars as pl

from cx_rules.errors import InputError
from cx_rules.io.limits import DEFAULT_LIMITS, Limits, size_text
from cx_rules.io.textfiles import (
    BOM,
    INVALID_UTF8,
    check_file,
    check_text,
    is_pattern_name,
    read_head,
    scan_lines,
)

__all__ = ["NESTED", "json_lines_frame", "json_marks", "json_text", "read_json", "read_jsonl"]

NESTED = "_nested"
"""Raw column naming, per row, the keys whose value was a JSON object, list or boolean
(``|author=object|tags=list|``): they are read as text (JSON text, ``a;b``, ``true``), and an
id or message fed by one is rejected. (A column that mixes scalars with objects or lists is
read by polars as text, the containers as their JSON: those are found by parsing the values
that start with ``{`` or ``[``; a boolean among strings is not told apart from ``"true"``.)"""


def read_jsonl(path: Path, limits: Limits = DEFAULT_LIMITS) -> pl.LazyFrame:
    """One JSON object per line; nested objects (e.g. ``claims``) are kept as JSON text, and
    so are lists holding objects (``child_events``); a list of plain values is joined with
    ``;``.

    ``row N`` is the N-th non-blank line. When polars cannot read the file as a whole (a line
    that is not a JSON object, values of clashing types), every line is decoded on its own
    and the bad ones are rejected with their reason.
    """
    check_file(path)
    start = read_head(path)
    check_text(path, start, "JSON lines text")
    scan_lines(path, limits)
    source: Path | io.BytesIO = path
    if start.startswith(BOM):
        source = io.BytesIO(path.read_bytes()[len(BOM):])

    def lines() -> Iterator[bytes]:
        with path.open("rb") as handle:
            for number, raw_line in enumerate(handle):
                yield raw_line[len(BOM):] if number == 0 and raw_line.startswith(BOM) \
                    else raw_line

    return json_lines_frame(source, lines, path, limits)


def json_lines_frame(source: Path | io.BytesIO, lines: Callable[[], Iterator[bytes]],
                     path: Path, limits: Limits, unit: str = "line") -> pl.LazyFrame:
    """The raw frame of JSON lines: ``source`` for polars, ``lines`` for the slow path that
    decodes each line on its own (``unit`` names a line in its reject reasons)."""
    try:
        df = pl.read_ndjson(source, infer_schema_length=None)
    except (pl.exceptions.PolarsError, OSError, ValueError):
        df = _one_by_one(lines(), path, limits, unit)
    if df.width > limits.max_columns:
        raise InputError(f"has {df.width} distinct keys; at most {limits.max_columns} are read",
                         file=str(path))
    df = df.rename({n: n + "_in_file" for n in df.columns if is_pattern_name(n)})
    casts = []
    nested: list[pl.Expr] = []
    for name, dtype in df.schema.items():
        if name in ("_reject", NESTED):
            continue
        if isinstance(dtype, pl.Struct | pl.List | pl.Array):
            what = "object" if isinstance(dtype, pl.Struct) else "list"
            nested.append(pl.when(pl.col(name).is_not_null()).then(pl.lit(f"{name}={what}|")))
        elif dtype == pl.Boolean:
            nested.append(pl.when(pl.col(name).is_not_null()).then(pl.lit(f"{name}=boolean|")))
        elif dtype == pl.String:
            nested.extend(_mixed_containers(df, name))
        if isinstance(dtype, pl.Struct):
            # polars 2 encodes a missing struct as the text "null": keep it missing.
            casts.append(pl.when(pl.col(name).is_not_null())
                         .then(pl.col(name).struct.json_encode()).alias(name))
        elif isinstance(dtype, pl.List | pl.Array) and isinstance(dtype.inner, pl.Struct):
            # a list of objects (child events, conversation parts) stays JSON
            casts.append(pl.when(pl.col(name).is_not_null()).then(
                pl.lit("[") + pl.col(name).list.eval(pl.element().struct.json_encode())
                .list.join(",") + pl.lit("]")).alias(name))
        elif isinstance(dtype, pl.List | pl.Array):
            casts.append(pl.col(name).cast(pl.List(pl.String)).list.join(";").alias(name))
        elif dtype != pl.String:
            casts.append(pl.col(name).cast(pl.String))
    if nested and NESTED not in df.columns:  # (the slow path marked each value already)
        casts.append(pl.concat_str([pl.lit("|"), *nested], ignore_nulls=True).alias(NESTED))
    try:
        df = df.with_columns(casts)
    except pl.exceptions.PolarsError:
        df = _one_by_one(lines(), path, limits, unit)
    renames = {n: n + "_in_file" for n in df.columns
               if n in ("_source", "_row") or is_pattern_name(n)}
    df = df.rename(renames).with_row_index("_row", offset=1)
    return df.lazy().with_columns(pl.col("_row").cast(pl.Int64))


def json_marks(record: Mapping[str, Any]) -> str | None:
    """The :data:`NESTED` marks of one record (None when no value is an object, list or
    boolean)."""
    kinds = "".join(f"{k}={_mark(v)}|" for k, v in record.items()
                    if isinstance(v, Mapping | list | tuple | bool))
    return "|" + kinds if kinds else None


def _mark(value: Any) -> str:
    return "object" if isinstance(value, Mapping) else \
        "boolean" if isinstance(value, bool) else "list"


def _mixed_containers(df: pl.DataFrame, name: str) -> list[pl.Expr]:
    """Marks for the objects and lists of a column that also holds scalars (polars reads such
    a column as text, the containers as their JSON). A string value that is itself JSON text
    of an object or list cannot be told apart, and is marked too."""
    starts = df.select(pl.col(name).filter(
        pl.col(name).str.starts_with("{") | pl.col(name).str.starts_with("["))
        .unique()).to_series()
    found: dict[str, list[str]] = {"object": [], "list": []}
    for text in starts:
        try:
            value = json.loads(text, strict=False)  # polars writes control characters raw
        except (json.JSONDecodeError, RecursionError):
            continue
        if isinstance(value, dict | list):
            found["object" if isinstance(value, dict) else "list"].append(text)
    return [pl.when(pl.col(name).is_in(values)).then(pl.lit(f"{name}={what}|"))
            for what, values in found.items() if values]


def json_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        if any(isinstance(v, dict | list) for v in value):
            return json.dumps(value, ensure_ascii=False)
        return ";".join(str(json_text(v)) for v in value)
    return str(value)


def _one_by_one(lines: Iterable[bytes], path: Path, limits: Limits,
                unit: str) -> pl.DataFrame:
    """Decode each non-blank line on its own (slow path for files polars refuses)."""
    records: list[dict[str, str | None]] = []
    names: dict[str, None] = {}
    for line_bytes in lines:
        if not line_bytes.strip():
            continue
        try:
            line = line_bytes.decode("utf-8")
        except UnicodeDecodeError:
            records.append({"_reject": INVALID_UTF8})
            continue
        try:
            data = json.loads(line)
        except (json.JSONDecodeError, RecursionError):
            records.append({"_reject": f"{unit} is not valid JSON"})
            continue
        if not isinstance(data, dict):
            records.append({"_reject": f"{unit} is a JSON {_kind(data)}, not an object"})
            continue
        row = {str(k): json_text(v) for k, v in data.items()}
        marks = json_marks(data)
        if marks:
            row[NESTED] = marks
        names.update(dict.fromkeys(row))
        if len(names) > limits.max_columns:
            raise InputError(f"has more than {limits.max_columns} distinct keys",
                             file=str(path))
        records.append(row)
    names.pop("_reject", None)
    columns = [*names, "_reject"]
    return pl.DataFrame({n: [r.get(n) for r in records] for n in columns},
                        schema=dict.fromkeys(columns, pl.String))




def _kind(value: Any) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", int: "number",
            float: "number"}.get(type(value), "null" if value is None else type(value).__name__)


def read_json(path: Path, limits: Limits = DEFAULT_LIMITS) -> pl.LazyFrame:
    """A ``.json`` file: a JSON document (array of records, or an object wrapping them), or
    JSON lines; see the module documentation."""
    size = check_file(path)
    start = read_head(path)
    check_text(path, start, "JSON text")
    first = start[len(BOM):].lstrip()[:1] if start.startswith(BOM) else start.lstrip()[:1]
    if first not in (b"[", b"{"):
        shown = first.decode("utf-8", errors="replace") or "only white space"
        raise InputError(f"is not JSON: it starts with {shown!r} (a .json log holds an array "
                         "of records, an object wrapping one, or JSON lines)", file=str(path))
    if size > limits.max_document_bytes:
        raise InputError(
            f"is a {size_text(size)} JSON document; at most "
            f"{size_text(limits.max_document_bytes)} are parsed in memory (export JSON lines "
            "instead, or raise Limits.max_document_bytes)", file=str(path))
    data = path.read_bytes()
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise InputError(f"line {line}: bytes that are not valid UTF-8 (a JSON document "
                         "must be UTF-8)", file=str(path)) from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if first == b"{" and _is_json_lines(text, exc):
            return read_jsonl(path, limits)
        raise InputError(f"line {exc.lineno}, column {exc.colno}: not valid JSON: {exc.msg}",
                         file=str(path)) from None
    except RecursionError:
        raise InputError("not readable JSON: nested too deeply", file=str(path)) from None
    records = _records(document, path)
    encoded = [json.dumps(r, ensure_ascii=False).encode("utf-8") for r in records]
    body = b"\n".join(encoded) + b"\n"
    return json_lines_frame(io.BytesIO(body), lambda: iter(encoded), path, limits,
                            unit="record")


def _is_json_lines(text: str, exc: json.JSONDecodeError) -> bool:
    """Whether a text that is not one JSON document is JSON lines instead: more data after a
    first complete object, or a first line that is an object by itself."""
    if exc.msg == "Extra data":
        return True
    first_line = text.lstrip().split("\n", 1)[0]
    try:
        return isinstance(json.loads(first_line), dict)
    except (json.JSONDecodeError, RecursionError):
        return False


def _records(document: Any, path: Path) -> list[Any]:
    if isinstance(document, list):
        if not document:
            raise InputError("the JSON array is empty (no records)", file=str(path))
        return document
    lists = [k for k, v in document.items() if isinstance(v, list)]
    if "id" in document or not lists:
        return [document]
    if len(lists) > 1:
        with_objects = [k for k in lists if document[k]
                        and all(isinstance(v, dict) for v in document[k])]
        if len(with_objects) != 1:
            raise InputError(
                f"the JSON object has several lists ({', '.join(map(repr, lists))}); which "
                "holds the records? (give a JSON array of records, or JSON lines)",
                file=str(path))
        lists = with_objects
    key = lists[0]
    if not document[key]:
        raise InputError(f"the JSON document holds no records ({key!r} is empty)",
                         file=str(path))
    return list(document[key])
