"""Checks every text reader makes before polars sees a file: that it is a regular, non-empty
file, not binary, not UTF-16, and that no line is longer than :attr:`Limits.max_line_bytes`
(a streaming pass in bounded memory)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path

from cx_rules.errors import InputError
from cx_rules.io.limits import Limits, size_text

INVALID_UTF8 = "row has bytes that are not valid UTF-8"
HEAD_BYTES = 64 * 1024
CHUNK_BYTES = 16 * 1024 * 1024
BOM = b"\xef\xbb\xbf"

MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook? export it as CSV)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (an Excel .xls? export it as CSV)"),
    (b"\x1f\x8b", "gzip-compressed (decompress it first)"),
    (b"BZh", "bzip2-compressed (decompress it first)"),
    (b"\x28\xb5\x2f\xfd", "zstd-compressed (decompress it first)"),
    (b"\xfd7zXZ\x00", "xz-compressed (decompress it first)"),
    (b"PAR1", "a Parquet file (give it the .parquet extension)"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"\x7fELF", "an executable"),
)


def check_file(path: Path) -> int:
    """Exists, is a regular file and is not empty; returns its size."""
    if not path.exists():
        raise InputError("no such file", file=str(path))
    if path.is_dir():
        raise InputError("is a directory, not a log file", file=str(path))
    if not path.is_file():
        raise InputError("is not a regular file (a device or pipe?)", file=str(path))
    try:
        size = path.stat().st_size
        with path.open("rb"):
            pass
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", file=str(path)) from None
    if size == 0:
        raise InputError("file is empty (no header, no rows)", file=str(path))
    return size


def read_head(path: Path, n: int = HEAD_BYTES) -> bytes:
    with path.open("rb") as handle:
        return handle.read(n)


def check_text(path: Path, head: bytes, what: str) -> None:
    """Refuse binary files and UTF-16 text with a message saying what the file looks like."""
    for magic, kind in MAGIC:
        if head.startswith(magic):
            raise InputError(f"looks like {kind}, not {what}", file=str(path))
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"is UTF-16 text; save it as UTF-8 {what}", file=str(path))
    if b"\x00" in head and not is_utf8(head):
        raise InputError(f"looks like a binary file (NUL bytes, not UTF-8), not {what}",
                         file=str(path))


def is_utf8(head: bytes) -> bool:
    """Valid UTF-8, allowing a character cut off at the end of the sample."""
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


_BARE_CR = re.compile(rb"\r(?!\n)")


@dataclass(frozen=True)
class TextScan:
    bare_cr: bool
    """A carriage return not followed by a line feed (old Mac line endings) somewhere."""
    utf8: bool
    """The whole file is valid UTF-8."""


def scan_lines(path: Path, limits: Limits) -> TextScan:
    """One streaming pass over a text file, in bounded memory whatever its size.

    Raises :class:`InputError` at the first line longer than :attr:`Limits.max_line_bytes`
    (without reading the rest of it); finds bare ``\r`` line endings and checks that the file
    is UTF-8. Only C-speed byte operations run per chunk: a file without ``\r`` pays one
    ``memchr`` for that, and an ASCII chunk one ``isascii``.
    """
    limit = limits.max_line_bytes
    size = max(1024 * 1024, min(CHUNK_BYTES, limit))
    bare_cr = previous_cr = False
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8 = True
    last_break = -1  # offset of the last line break (\n or \r) seen so far
    offset = 0
    with path.open("rb") as handle:
        while chunk := handle.read(size):
            has_cr = b"\r" in chunk
            first_nl = chunk.find(b"\n")
            breaks = [p for p in (first_nl, chunk.find(b"\r") if has_cr else -1) if p >= 0]
            first = min(breaks) if breaks else len(chunk)
            if offset + first - last_break - 1 > limit:
                too_long_line(path, offset + first, limit)
            if breaks:
                last_break = offset + max(chunk.rfind(b"\n"), chunk.rfind(b"\r"))
            if not bare_cr:
                if previous_cr and not chunk.startswith(b"\n"):
                    bare_cr = True
                elif has_cr:
                    found = _BARE_CR.search(chunk)
                    bare_cr = found is not None and found.start() < len(chunk) - 1
                previous_cr = chunk.endswith(b"\r")
            if utf8 and (decoder.getstate()[0] or not chunk.isascii()):
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            offset += len(chunk)
    if offset - last_break - 1 > limit:
        too_long_line(path, offset, limit)
    if utf8 and decoder.getstate()[0]:
        utf8 = False  # the file ends inside a multi-byte character
    return TextScan(bare_cr or previous_cr, utf8)


def too_long_line(path: Path, end: int, limit: int) -> None:
    """Raise the error for a line longer than ``limit`` that ends (or is cut) at ``end``."""
    lines = 0
    with path.open("rb") as handle:
        done = 0
        while done < end and (chunk := handle.read(min(CHUNK_BYTES, end - done))):
            lines += chunk.count(b"\n")
            done += len(chunk)
    raise InputError(
        f"line {lines + 1} is longer than {size_text(limit)} (a value that size is not an "
        "interaction; see Limits.max_line_bytes)", file=str(path))


def is_pattern_name(name: str) -> bool:
    """True for a column name that ``pl.col`` reads as a pattern (``*`` or ``^...$``).

    A file's column of such a name is renamed ``NAME_in_file`` like the internal columns, so
    no expression built on a file's column names selects more columns than it names.
    """
    return name == "*" or (name.startswith("^") and name.endswith("$"))


