"""Write generated logs: one frame as Parquet or CSV, and whole logs, optionally in
self-contained chunks of bounded size."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import polars as pl

from benchmarks.synthetic.generator import generate, generate_part
from benchmarks.synthetic.part import Part
from benchmarks.synthetic.vocab import DEFAULT_START, MIN_CASE_ROWS

CSV_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S%:z"
"""ISO 8601 with a ``+00:00`` offset, as the canonical CSV carries timestamps."""


def write_frame(frame: pl.DataFrame, path: Path) -> None:
    """Write a frame as Parquet (zstd) or CSV, chosen by the file suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".csv":
        frame.write_csv(path, datetime_format=CSV_DATETIME_FORMAT)
    else:
        frame.write_parquet(path, compression="zstd", statistics=True)


def _chunk_seed(seed: int, chunk: int) -> int:
    digest = hashlib.blake2b(f"{seed}/chunk/{chunk}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def iter_chunks(
    rows: int,
    chunk_rows: int,
    seed: int = 0,
    start: datetime = DEFAULT_START,
    days: int = 28,
) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    """Generate ``rows`` touchpoints as consecutive parts of at most ``chunk_rows`` rows.

    Each part has its own customers (disjoint customer ids), cases and interaction ids
    continuing the previous part's, so the parts can be processed independently (partitioned
    by customer) and concatenated into one valid log.
    """
    if chunk_rows < MIN_CASE_ROWS:
        raise ValueError(f"chunk_rows must be at least {MIN_CASE_ROWS}")
    counts = [chunk_rows] * (rows // chunk_rows)
    if rows % chunk_rows:
        counts.append(rows % chunk_rows)
    if len(counts) > 1 and counts[-1] < MIN_CASE_ROWS:
        counts[-2] += counts.pop()
    total_customers = sum(Part(n).customers() for n in counts)
    widths = (
        max(6, len(str(rows))),
        max(5, len(str(rows // MIN_CASE_ROWS + 1))),
        max(4, len(str(total_customers))),
    )
    row_offset = case_offset = customer_offset = 0
    for chunk, n in enumerate(counts):
        part = Part(
            n, seed=_chunk_seed(seed, chunk), start=start, days=days,
            customer_offset=customer_offset, case_offset=case_offset, row_offset=row_offset,
            widths=widths,
        )
        interactions, customers = generate_part(part)
        yield interactions, customers
        row_offset += n
        case_offset += interactions["case_id"].n_unique()
        customer_offset += customers.height


def write_log(
    rows: int,
    out: Path,
    *,
    seed: int = 0,
    fmt: str = "parquet",
    chunk_rows: int | None = None,
    start: datetime = DEFAULT_START,
    days: int = 28,
) -> list[Path]:
    """Generate and write a log into directory ``out``; returns the files written.

    Without ``chunk_rows``: ``interactions.<fmt>`` and ``customers.<fmt>``. With it:
    ``interactions-00000.<fmt>``, ``customers-00000.<fmt>``, ... one pair per chunk, each pair
    a self-contained partition (its own customers), so memory stays bounded by the chunk size.
    """
    if fmt not in ("parquet", "csv"):
        raise ValueError("fmt must be parquet or csv")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if chunk_rows is None or chunk_rows >= rows:
        interactions, customers = generate(rows, seed, start, days=days)
        for name, frame in (("interactions", interactions), ("customers", customers)):
            path = out / f"{name}.{fmt}"
            write_frame(frame, path)
            written.append(path)
        return written
    for chunk, (interactions, customers) in enumerate(
        iter_chunks(rows, chunk_rows, seed, start, days)
    ):
        for name, frame in (("interactions", interactions), ("customers", customers)):
            path = out / f"{name}-{chunk:05d}.{fmt}"
            write_frame(frame, path)
            written.append(path)
    return written
