"""Put the curated sample together and write it: ``examples/sample_log.csv``,
``examples/customers.csv`` and the scenario table of ``examples/README.md``."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import polars as pl

from benchmarks.sample.clean import channel_showcase, clean_cases
from benchmarks.sample.customers import sample_customers
from benchmarks.sample.model import Scenario
from benchmarks.sample.scenarios import build_scenarios
from benchmarks.synthetic.vocab import (
    CUSTOMER_COLUMNS,
    CUSTOMER_SCHEMA,
    INTERACTION_COLUMNS,
    INTERACTION_SCHEMA,
)
from benchmarks.synthetic.write import write_frame

EXTRA_CLEAN_CASES = ("u0003", "u0005", "u0011", "u0019", "u0023", "u0025", "u0033", "u0037")
"""Scenario customers who also have one well-handled case, far from their scenario."""


def build_sample() -> tuple[pl.DataFrame, pl.DataFrame, list[Scenario]]:
    """The curated sample log, its customers and the documented scenarios (deterministic)."""
    customers = sample_customers()
    by_id = {c.customer_id: c for c in customers}
    scenarios = build_scenarios(by_id)
    busy: dict[str, tuple[set[int], set[str]]] = {}
    for scenario in scenarios:
        for case in scenario.cases:
            days, topics = busy.setdefault(case.customer.customer_id, (set(), set()))
            days.update(r["timestamp"].day for r in case.rows)  # type: ignore[attr-defined]
            topics.add(case.topic)
    extra = {cid: busy[cid] for cid in EXTRA_CLEAN_CASES}
    clean = clean_cases(
        [c for c in customers if c.customer_id not in busy or c.customer_id in extra], extra
    )
    cases = [case for s in scenarios for case in s.cases] + clean + channel_showcase(by_id)
    cases.sort(key=lambda case: (min(r["timestamp"] for r in case.rows),  # type: ignore
                                 case.customer.customer_id))
    records: list[dict[str, object]] = []
    for number, case in enumerate(cases, start=1):
        case.case_id = f"c{number:05d}"
        for row in case.rows:
            records.append({"case_id": case.case_id,
                            "customer_id": case.customer.customer_id, **row})
    records.sort(key=lambda r: (r["timestamp"], r["case_id"]))
    for number, record in enumerate(records, start=1):
        record["interaction_id"] = f"i{number:06d}"
    log = pl.DataFrame(records, schema=INTERACTION_SCHEMA).select(INTERACTION_COLUMNS)
    profiles = pl.DataFrame(
        [{name: getattr(c, name) for name in CUSTOMER_COLUMNS} for c in customers],
        schema=CUSTOMER_SCHEMA,
    )
    return log, profiles, scenarios


def scenario_table(scenarios: Sequence[Scenario]) -> str:
    """The scenarios as a Markdown table (for examples/README.md)."""
    lines = ["| # | case_id | customer | what happens | rules that should flag it |",
             "|---|---|---|---|---|"]
    for s in scenarios:
        ids = ", ".join(f"`{c.case_id}`" for c in s.cases)
        rules = ", ".join(f"`{r}`" for r in s.rules)
        customer = s.cases[0].customer
        lines.append(f"| {s.key} | {ids} | {customer.customer_id} {customer.name} | "
                     f"**{s.title}.** {s.detail} | {rules} |")
    return "\n".join(lines)


def write_sample(out: Path) -> list[Path]:
    """Write ``sample_log.csv`` and ``customers.csv`` into ``out``; print the scenario table."""
    log, profiles, scenarios = build_sample()
    paths = [out / "sample_log.csv", out / "customers.csv"]
    write_frame(log, paths[0])
    write_frame(profiles, paths[1])
    print(scenario_table(scenarios))
    return paths
