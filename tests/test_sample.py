"""The curated sample shipped in examples/ and its generator (benchmarks/sample/)."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from benchmarks.sample import SAMPLE_END, build_sample, scenario_table
from benchmarks.synthetic import CSV_DATETIME_FORMAT, CUSTOMER_COLUMNS, INTERACTION_COLUMNS

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def _first_rows(interactions: pl.DataFrame) -> pl.DataFrame:
    return interactions.sort("case_id", "timestamp", "interaction_id").group_by(
        "case_id", maintain_order=True
    ).agg(
        pl.len().alias("rows"),
        pl.col("direction").first(),
        pl.col("actor").first(),
        pl.col("customer_id").n_unique().alias("customers"),
    )




@pytest.fixture(scope="module")
def sample() -> tuple[pl.DataFrame, pl.DataFrame]:
    return pl.read_csv(EXAMPLES / "sample_log.csv"), pl.read_csv(EXAMPLES / "customers.csv")


def _readme_case_ids() -> dict[str, list[str]]:
    text = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (S\d\d) \| ([^|]+) \|", text, flags=re.MULTILINE)
    return {key: re.findall(r"c\d{5}", cell) for key, cell in rows}


def test_sample_files_parse_with_the_documented_columns(
    sample: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    interactions, customers = sample
    assert interactions.columns == list(INTERACTION_COLUMNS)
    assert customers.columns == list(CUSTOMER_COLUMNS)
    assert 300 <= interactions.height <= 500
    assert 60 <= interactions["case_id"].n_unique() <= 120
    assert customers.height == 40
    assert interactions["interaction_id"].n_unique() == interactions.height


def test_sample_timestamps_are_iso_with_offset_in_march_2026(
    sample: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    interactions, _ = sample
    stamps = interactions["timestamp"].str.to_datetime("%Y-%m-%dT%H:%M:%S%:z")
    assert stamps.min() >= datetime(2026, 3, 2, tzinfo=UTC)  # type: ignore[operator]
    assert stamps.max() == SAMPLE_END
    assert stamps.is_sorted()


def test_sample_cases_start_inbound_and_customers_exist(
    sample: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    interactions, customers = sample
    cases = _first_rows(interactions)
    assert (cases["rows"] >= 2).all()
    assert (cases["direction"] == "inbound").all()
    assert (cases["actor"] == "customer").all()
    assert set(interactions["customer_id"]) <= set(customers["customer_id"])


def test_every_documented_scenario_is_in_the_sample(
    sample: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    documented = _readme_case_ids()
    assert len(documented) >= 15
    present = set(sample[0]["case_id"])
    for key, case_ids in documented.items():
        assert case_ids, key
        assert set(case_ids) <= present, key


def test_shipped_sample_matches_the_generator(
    sample: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    log, profiles, scenarios = build_sample()
    assert log.write_csv(datetime_format=CSV_DATETIME_FORMAT) == (
        EXAMPLES / "sample_log.csv"
    ).read_text(encoding="utf-8")
    assert profiles.write_csv() == (EXAMPLES / "customers.csv").read_text(encoding="utf-8")
    readme = (EXAMPLES / "README.md").read_text(encoding="utf-8")
    assert scenario_table(scenarios) in readme
    assert {s.key: [c.case_id for c in s.cases] for s in scenarios} == _readme_case_ids()
