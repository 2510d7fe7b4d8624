"""A log read from standard input (``cx-rules lint -``).

Standard input can be read once, and some readers read a file twice (a CSV with a ragged row
is read again), so its bytes are copied once into a temporary file, removed when the process
ends. The format is sniffed from the first bytes: Parquet's magic number, gzip or zstd (then
the content inside is sniffed), ``{`` for JSON lines, ``[`` for a JSON document, a tab
before any comma in the first line for TSV, else CSV, unless :func:`declare_format` named it
(the CLI's ``--input-format``). Every message names ``<stdin>``.
"""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from pathlib import Path

import polars as pl

from cx_rules.errors import InputError

__all__ = ["FORMATS", "STDIN", "declare_format", "is_stdin", "sniff_format", "stdin_copy"]

STDIN = "<stdin>"
FORMATS = ("csv", "tsv", "jsonl", "json", "parquet")
"""What standard input may be declared to hold (compression is still read from its bytes)."""
_copies: dict[str, Path] = {}
_declared: dict[str, str] = {}


def declare_format(fmt: str | None) -> None:
    """Standard input holds ``fmt`` (one of :data:`FORMATS`; None: sniff it). Standard input
    is one per process, and so is what it holds."""
    if fmt is None:
        _declared.pop("format", None)
        return
    if fmt not in FORMATS:
        raise ValueError(f"unknown input format {fmt!r} (known: {', '.join(FORMATS)})")
    _declared["format"] = fmt


def is_stdin(path: Path) -> bool:
    return str(path) == "-"


def sniff_format(head: bytes) -> str:
    """The reader name for a file starting with ``head`` (decompressed)."""
    text = head.lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"PAR1"):
        return "parquet"
    if text.startswith(b"{"):
        return "jsonl"
    if text.startswith(b"["):
        return "json"
    first = text.split(b"\n", 1)[0]
    if b"\t" in first and (b"," not in first or first.index(b"\t") < first.index(b",")):
        return "tsv"
    return "csv"


def stdin_copy() -> Path:
    """The bytes of standard input, in a temporary file (one per process) whose suffix is
    the sniffed format's (``.gz``/``.zst`` added when they are compressed)."""
    if "path" in _copies:
        return _copies["path"]
    folder = Path(tempfile.mkdtemp(prefix="cx-rules-stdin-"))
    atexit.register(shutil.rmtree, folder, True)
    raw = folder / "stdin"
    with raw.open("wb") as out:
        shutil.copyfileobj(sys.stdin.buffer, out, 1 << 20)
    if raw.stat().st_size == 0:
        raise InputError("standard input is empty (no header, no rows)", file=STDIN)
    from cx_rules.io.compressed import compression_of, open_decompressed

    kind = compression_of(raw)
    if kind is None:
        head = raw.open("rb").read(4096)
        suffix = ""
    else:
        with open_decompressed(raw, kind) as stream:
            head = stream.read(4096)
        suffix = ".gz" if kind == "gzip" else ".zst"
    fmt = _declared.get("format") or sniff_format(head)
    named = raw.rename(folder / f"stdin.{fmt}{suffix}")
    _copies["path"] = named
    return named


def relabel(frame: pl.LazyFrame) -> pl.LazyFrame:
    """Rows read from the copy, labelled as coming from ``<stdin>``."""
    return frame.with_columns(pl.lit(STDIN).alias("_source"))
