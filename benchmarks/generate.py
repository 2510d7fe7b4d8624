"""Command line of the two data generators of the benchmarks and examples.

    python benchmarks/generate.py --rows 1000000 --seed 1 --out benchmarks/data/
    python benchmarks/generate.py --rows 50000000 --chunk-rows 5000000 --out benchmarks/data/
    python benchmarks/generate.py --sample --out examples/

Without ``--sample`` it writes a seeded synthetic log (``benchmarks.synthetic``); with it, the
curated sample shipped in ``examples/`` (``benchmarks.sample``).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(ROOT))

from benchmarks.sample import write_sample  # noqa: E402
from benchmarks.synthetic import DEFAULT_START, MIN_CASE_ROWS, write_log  # noqa: E402


def _parse_start(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def main(argv: Sequence[str] | None = None) -> int:
    """``python benchmarks/generate.py --rows N --seed S --out DIR`` (see ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Generate a seeded synthetic customer-interaction log (and customers).",
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="touchpoints to generate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None,
                        help="output directory (default benchmarks/data, or examples with "
                             "--sample)")
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--chunk-rows", type=int, default=None,
                        help="write parts of at most this many rows, each with its own "
                             "customers (bounded memory)")
    parser.add_argument("--start", type=_parse_start, default=DEFAULT_START,
                        help="ISO date-time the period starts (default 2026-03-02T00:00Z)")
    parser.add_argument("--days", type=int, default=28, help="days over which cases start")
    parser.add_argument("--sample", action="store_true",
                        help="write the curated sample (sample_log.csv, customers.csv) instead")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.sample:
        out = args.out or Path(__file__).resolve().parent.parent / "examples"
        paths = write_sample(out)
        for path in paths:
            print(path, file=sys.stderr)
        return 0
    if args.rows < MIN_CASE_ROWS:
        parser.error(f"--rows must be at least {MIN_CASE_ROWS}")
    if args.chunk_rows is not None and args.chunk_rows < MIN_CASE_ROWS:
        parser.error(f"--chunk-rows must be at least {MIN_CASE_ROWS}")
    out = args.out or Path(__file__).resolve().parent / "data"
    paths = write_log(
        args.rows, out, seed=args.seed, fmt=args.format, chunk_rows=args.chunk_rows,
        start=args.start, days=args.days,
    )
    seconds = time.perf_counter() - started
    print(
        f"wrote {args.rows:,} interactions in {len(paths) // 2} part(s) to {out} "
        f"in {seconds:.1f}s ({args.rows / seconds:,.0f} rows/s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
