"""Print frames as rich tables for people, or write them as files for machines."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

import polars as pl
from rich.console import Console
from rich.table import Table

from cx_rules.cli.files import atomic_path, atomic_text
from cx_rules.errors import CxError
from cx_rules.report.safe import formula_safe, markup_safe


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return markup_safe(value)


def print_frame(frame: pl.DataFrame, title: str, console: Console | None = None) -> None:
    """A rich table of the frame (all rows)."""
    console = console or Console(highlight=False)
    table = Table(title=title, title_justify="left")
    for name, dtype in frame.schema.items():
        table.add_column(name, justify="right" if dtype.is_numeric() else "left")
    for row in frame.iter_rows():
        table.add_row(*(_cell(v) for v in row))
    console.print(table)


def write_frame(frame: pl.DataFrame, fmt: str, output: Path | None, stdout: TextIO) -> None:
    """json (records), csv or parquet; parquet needs --output."""
    if fmt == "parquet":
        if output is None:
            raise CxError("--format parquet needs --output FILE")
        with atomic_path(output) as tmp:
            frame.write_parquet(tmp)
        return
    if fmt == "csv":
        text = formula_safe(frame.with_columns(
            pl.col(n).cast(pl.List(pl.String)).list.join(";")
            for n, t in frame.schema.items() if isinstance(t, pl.List)
        )).write_csv()
    else:
        text = json.dumps(frame.to_dicts(), default=str, indent=2) + "\n"
    if output is None:
        stdout.write(text)
    else:
        with atomic_text(output) as handle:
            handle.write(text)
