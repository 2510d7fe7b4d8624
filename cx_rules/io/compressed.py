"""Compressed inputs: gzip and zstd logs (``log.csv.gz``, ``events.jsonl.zst``) are read like
the file inside them.

The compression is told by the suffix (``.gz``, ``.zst``, ``.zstd``) or, for a file named
like a text format, by its magic number. The file is decompressed as a stream into a
temporary file (never whole in memory; at most :attr:`Limits.max_decompressed_bytes`, so a
bomb is stopped early), read with the reader of the inner name's format, and the temporary
file is removed; every message names the compressed file.
"""

from __future__ import annotations

import gzip
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, cast

import polars as pl

from cx_rules.errors import InputError
from cx_rules.io.limits import Limits, size_text

__all__ = ["SUFFIXES", "compression_of", "inner_name", "open_decompressed", "read_compressed",
           "renamed"]

SUFFIXES = {".gz": "gzip", ".gzip": "gzip", ".zst": "zstd", ".zstd": "zstd"}
_MAGIC = {b"\x1f\x8b": "gzip", b"\x28\xb5\x2f\xfd": "zstd"}
_CHUNK = 1 << 20


def compression_of(path: Path) -> str | None:
    """``gzip``, ``zstd`` or None (by suffix, else by the first bytes of a regular file)."""
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is not None:
        return kind
    try:
        with path.open("rb") as handle:
            head = handle.read(4)
    except OSError:
        return None
    return next((k for magic, k in _MAGIC.items() if head.startswith(magic)), None)


def inner_name(path: Path) -> Path:
    """``log.csv.gz`` -> ``log.csv`` (a name without a compression suffix is kept)."""
    return path.with_suffix("") if path.suffix.lower() in SUFFIXES else path


@contextmanager
def open_decompressed(path: Path, kind: str) -> Iterator[BinaryIO]:
    """The decompressed bytes of ``path`` as a binary stream."""
    if kind == "gzip":
        with gzip.open(path, "rb") as stream:
            yield cast(BinaryIO, stream)
        return
    import zstandard

    with path.open("rb") as raw, zstandard.ZstdDecompressor().stream_reader(raw) as reader:
        yield cast(BinaryIO, reader)


def _chunks(path: Path, kind: str) -> Iterator[bytes]:
    """The decompressed bytes in chunks; a truncated stream is an error (``EOFError``)."""
    if kind == "gzip":
        with gzip.open(path, "rb") as stream:
            while chunk := stream.read(_CHUNK):
                yield chunk
        return
    import zstandard

    inflate = zstandard.ZstdDecompressor().decompressobj()
    with path.open("rb") as raw:
        while data := raw.read(_CHUNK):
            while data:
                if inflate.eof:  # another frame: continue with a fresh decompressor
                    inflate = zstandard.ZstdDecompressor().decompressobj()
                if out := inflate.decompress(data):
                    yield out
                data = inflate.unused_data if inflate.eof else b""
    if not inflate.eof:
        raise EOFError("the zstd stream ends before its last frame does")


def _copy(path: Path, kind: str, target: Path, limits: Limits) -> None:
    written = 0
    try:
        with target.open("wb") as out:
            for chunk in _chunks(path, kind):
                written += len(chunk)
                if written > limits.max_decompressed_bytes:
                    raise InputError(
                        f"decompresses to more than {size_text(limits.max_decompressed_bytes)} "
                        "(Limits.max_decompressed_bytes); decompress it yourself if it is "
                        "really that large", file=str(path))
                out.write(chunk)
    except InputError:
        raise
    except (OSError, EOFError, zlib.error) as exc:  # truncated or not really compressed
        raise InputError(f"cannot decompress ({kind}): {exc}", file=str(path)) from None
    except Exception as exc:  # zstandard.ZstdError has no importable base here
        if type(exc).__name__ != "ZstdError":
            raise
        raise InputError(f"cannot decompress ({kind}): {exc}", file=str(path)) from None
    if written == 0:
        raise InputError("decompresses to nothing (an empty file)", file=str(path))


def read_compressed(path: Path, kind: str, read: Callable[[Path], pl.LazyFrame],
                    limits: Limits) -> pl.LazyFrame:
    """The raw frame of the file inside ``path`` (``read`` reads the decompressed copy)."""
    with tempfile.TemporaryDirectory(prefix="cx-rules-") as folder:
        target = Path(folder) / inner_name(path).name
        _copy(path, kind, target, limits)
        try:
            frame = read(target).collect()
        except InputError as exc:
            raise renamed(exc, target, str(path)) from None
        except pl.exceptions.PolarsError as exc:
            from cx_rules.io.readers import polars_message

            raise InputError(f"cannot read: {polars_message(exc)}", file=str(path)) from None
    return frame.lazy().with_columns(pl.lit(str(path)).alias("_source"))


def renamed(exc: InputError, target: Path, name: str) -> InputError:
    """``exc`` naming ``name`` where it names the temporary copy ``target``."""
    if exc.file != str(target):
        return exc
    prefix = str(target) + (f":{exc.row}" if exc.row is not None else "") + ": " \
        + (f"{exc.field}: " if exc.field is not None else "")
    text = str(exc)
    return InputError(text[len(prefix):] if text.startswith(prefix) else text, file=name,
                      row=exc.row, field=exc.field)
