"""Reader plugins (entry-point group ``cx_rules.readers``), looked up by file suffix.

Lives in the io layer so that reading never depends on the engine; the public plugin API
re-exports :class:`ReaderPlugin` from :mod:`cx_rules.plugins`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import entry_points
from pathlib import Path

import polars as pl

READER_GROUP = "cx_rules.readers"
READER_API = 1


@dataclass(frozen=True)
class ReaderPlugin:
    """Reads an export format into a raw frame: the export's columns (text is fine), plus
    ``_row`` (1-based record number, Int64) and ``_source`` (the file name)."""

    name: str
    suffixes: tuple[str, ...]
    read: Callable[[Path], pl.LazyFrame]
    description: str = ""
    api_version: int = READER_API


@cache
def reader_plugins() -> dict[str, ReaderPlugin]:
    """Working reader plugins by name (broken ones are listed by ``cx-rules plugins``)."""
    found: dict[str, ReaderPlugin] = {}
    for ep in entry_points(group=READER_GROUP):
        try:
            obj = ep.load()
        except Exception:  # reported by `cx-rules plugins`; must not break reading
            continue
        if isinstance(obj, ReaderPlugin) and obj.api_version == READER_API:
            found[ep.name] = obj
    return found


def reader_for(path: Path, fmt: str | None = None) -> ReaderPlugin | None:
    """The plugin that reads this file: by explicit format name, else by the longest suffix."""
    plugins = reader_plugins()
    if fmt is not None:
        return plugins.get(fmt)
    name = path.name.lower()
    matches = [(len(s), p) for p in plugins.values() for s in p.suffixes if name.endswith(s)]
    return max(matches, key=lambda m: m[0])[1] if matches else None
