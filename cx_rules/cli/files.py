"""Writing the command line's output files: all or nothing.

Every file a command writes (``-o``, ``--rejects``, the HTML report) is written to a temporary
file in the target's folder and renamed over the target at the end, so a killed run or a full
disk never leaves a half-written report where a previous good one was; on any error the
temporary file is removed and the command exits 2 with one line naming the path.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

import polars as pl

from cx_rules.errors import CxError
from cx_rules.replacing import replacing


class OutputError(CxError):
    """An output file could not be written (disk full, permission denied, no such folder)."""


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """:func:`cx_rules.replacing.replacing`, with a failure as an :class:`OutputError`."""
    try:
        with replacing(target) as tmp:
            yield tmp
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    except pl.exceptions.PolarsError as exc:  # polars' own writers report I/O failures so
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise OutputError(f"cannot write {target}: {first}") from None


@contextlib.contextmanager
def atomic_text(target: Path) -> Iterator[TextIO]:
    """A text handle (UTF-8) whose content replaces ``target`` only when complete."""
    with atomic_path(target) as tmp, tmp.open("w", encoding="utf-8") as handle:
        yield handle
