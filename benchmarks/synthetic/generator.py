"""Generate one part of a log: the pipeline from profiles and cases to the finished frames."""

from __future__ import annotations

from datetime import datetime

import polars as pl

from benchmarks.synthetic.assemble import assemble
from benchmarks.synthetic.cases import case_sizes, case_table, row_table
from benchmarks.synthetic.customers import customer_profiles
from benchmarks.synthetic.part import RATES, Part
from benchmarks.synthetic.rng import Rng
from benchmarks.synthetic.timeline import row_times
from benchmarks.synthetic.times import DAY, SECOND, offset_table
from benchmarks.synthetic.vocab import CUSTOMER_COLUMNS, DEFAULT_START, MIN_CASE_ROWS


def generate(
    n_interactions: int,
    seed: int = 0,
    start: datetime = DEFAULT_START,
    *,
    days: int = 28,
    n_customers: int | None = None,
    rates: dict[str, float] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Generate ``n_interactions`` touchpoints (exactly) and their customers' profiles.

    Cases start during ``days`` days from ``start`` (their later touchpoints can run past
    that); ``rates`` overrides entries of ``RATES`` (e.g. ``{"pii": 0.0}``). The same
    arguments always give the same frames. Peak memory is about 0.8 GB per million rows: use
    :func:`iter_chunks` for larger logs.
    """
    return generate_part(Part(n_interactions, seed, start, days, n_customers, rates=rates or {}))


def generate_part(part: Part) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Generate one :class:`Part`: (interactions sorted by timestamp, customers)."""
    if part.n_rows < MIN_CASE_ROWS:
        raise ValueError(f"n_interactions must be at least {MIN_CASE_ROWS}")
    if part.start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    rates = {**RATES, **part.rates}
    rng = Rng(part.seed)
    n_customers = part.customers()
    sizes = case_sizes(part.n_rows, rng)
    widths = part.widths or (
        max(6, len(str(part.row_offset + part.n_rows))),
        max(5, len(str(part.case_offset + sizes.len()))),
        max(4, len(str(part.customer_offset + n_customers))),
    )
    start_us = int(part.start.timestamp()) * SECOND
    tz = offset_table(start_us - 3 * DAY, start_us + (part.days + 400) * DAY)
    customers = customer_profiles(n_customers, part, rng, rates, widths[2])
    cases = case_table(sizes, customers, part, rng, rates, tz)
    rows = row_table(cases, part, rng, rates)
    ts, due = row_times(cases, rows, part, rng, rates, tz)
    interactions = assemble(cases, rows, ts, due, customers, part, rng, rates, widths)
    return interactions, customers.select(CUSTOMER_COLUMNS)
