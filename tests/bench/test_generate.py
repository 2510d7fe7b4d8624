"""The synthetic log generator (benchmarks/synthetic/) and its command line."""

from __future__ import annotations

import json
import re
import zoneinfo
from pathlib import Path

import polars as pl
import pytest

from benchmarks import generate as cli
from benchmarks import synthetic as g


@pytest.fixture(scope="module")
def log() -> tuple[pl.DataFrame, pl.DataFrame]:
    return g.generate(12_000, seed=7)


def _first_rows(interactions: pl.DataFrame) -> pl.DataFrame:
    return interactions.sort("case_id", "timestamp", "interaction_id").group_by(
        "case_id", maintain_order=True
    ).agg(
        pl.len().alias("rows"),
        pl.col("direction").first(),
        pl.col("actor").first(),
        pl.col("customer_id").n_unique().alias("customers"),
    )


def _luhn_ok(number: str) -> bool:
    digits = [int(d) for d in re.sub(r"\D", "", number)][::-1]
    total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2)
                for i, d in enumerate(digits))
    return total % 10 == 0


def _iban_ok(iban: str) -> bool:
    compact = iban.replace(" ", "")
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in moved)) % 97 == 1


# ---- the generator -------------------------------------------------------------------------


def test_same_seed_same_log() -> None:
    first = g.generate(2_000, seed=11)
    second = g.generate(2_000, seed=11)
    assert first[0].equals(second[0])
    assert first[1].equals(second[1])
    other = g.generate(2_000, seed=12)
    assert not first[0].equals(other[0])


def test_schema_and_dtypes(log: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    interactions, customers = log
    assert interactions.columns == list(g.INTERACTION_COLUMNS)
    assert dict(interactions.schema) == g.INTERACTION_SCHEMA
    assert interactions.schema["timestamp"] == pl.Datetime("us", "UTC")
    assert customers.columns == list(g.CUSTOMER_COLUMNS)
    assert dict(customers.schema) == g.CUSTOMER_SCHEMA


@pytest.mark.parametrize("rows", [2, 3, 1_001])
def test_exact_row_count_and_unique_ids(rows: int) -> None:
    interactions, _ = g.generate(rows, seed=3)
    assert interactions.height == rows
    assert interactions["interaction_id"].n_unique() == rows
    assert interactions["timestamp"].is_sorted()


def test_too_few_rows_is_an_error() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        g.generate(1)


def test_every_case_has_two_rows_and_starts_inbound(
    log: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    cases = _first_rows(log[0])
    assert cases["rows"].is_between(g.MIN_CASE_ROWS, g.MAX_CASE_ROWS).all()
    assert (cases["direction"] == "inbound").all()
    assert (cases["actor"] == "customer").all()
    assert (cases["customers"] == 1).all()


def test_values_stay_in_their_vocabularies(log: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    interactions, customers = log
    assert set(interactions["channel"]) <= set(g.CHANNELS)
    assert set(interactions["direction"]) == {"inbound", "outbound"}
    assert set(interactions["actor"]) <= {"customer", "agent", "bot", "system"}
    assert set(interactions["status"].drop_nulls()) <= {"open", "pending", "resolved", "closed"}
    assert set(interactions["purpose"].drop_nulls()) == {"service", "transactional", "marketing"}
    assert set(interactions["priority"].drop_nulls()) <= set(g.PRIORITIES)
    assert interactions["csat"].drop_nulls().is_between(1, 5).all()
    assert interactions["sentiment"].drop_nulls().is_between(-1, 1).all()
    agents = interactions.filter(pl.col("actor") == "agent")
    assert agents["agent_id"].null_count() == 0
    assert interactions.filter(pl.col("actor") != "agent")["agent_id"].null_count() == (
        interactions.height - agents.height
    )
    for text in interactions["claims"].drop_nulls().unique():
        claims = json.loads(text)
        assert isinstance(claims, dict) and claims
        assert set(claims) <= {"delivery_date", "price", "refund_days"}
    zones = zoneinfo.available_timezones()
    assert set(customers["timezone"]) <= zones
    for entry in customers["opted_out_channels"]:
        assert set(filter(None, entry.split(";"))) <= set(g.CHANNELS)


def test_case_ids_follow_the_order_cases_start_in(
    log: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    interactions, _ = log
    starts = interactions.group_by("case_id").agg(
        pl.col("timestamp").min().alias("start"),
        pl.col("claims").str.json_path_match("$.delivery_date").drop_nulls().first()
        .str.to_date().alias("delivery"),
    ).sort("start", "case_id")
    assert starts["case_id"].is_sorted()
    dated = starts.drop_nulls("delivery")
    assert dated.height > 0
    assert (dated["delivery"] > dated["start"].dt.date()).all()


def test_customers_of_the_log_have_profiles(log: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    interactions, customers = log
    assert customers["customer_id"].n_unique() == customers.height
    assert set(interactions["customer_id"]) <= set(customers["customer_id"])


def test_the_log_contains_the_advertised_problems(
    log: tuple[pl.DataFrame, pl.DataFrame],
) -> None:
    interactions, customers = log
    out = interactions.filter(pl.col("direction") == "outbound")
    # contradicting claims in one case
    per_case = out.filter(pl.col("claims").is_not_null()).group_by("case_id").agg(
        pl.col("claims").n_unique().alias("values")
    )
    assert (per_case["values"] > 1).sum() > 0
    # promises kept and broken
    assert interactions["promise_due"].null_count() < interactions.height
    # PII in public replies, with valid card numbers and IBANs only
    social = out.filter(pl.col("channel") == "social")["text"]
    assert social.str.contains("@example.com|\\+\\d").any()
    for card in g.PII_CARDS:
        assert _luhn_ok(card)
    for iban in g.PII_IBANS:
        assert _iban_ok(iban)
    # marketing, some of it to customers without consent
    marketing = out.filter(pl.col("purpose") == "marketing").join(customers, on="customer_id")
    assert marketing.height > 0
    assert (~marketing["marketing_consent"]).any()
    # unanswered cases, negative feedback, VIPs
    answered = out.filter(pl.col("actor") == "agent")["case_id"].unique()
    assert interactions.filter(~pl.col("case_id").is_in(answered.implode())).height > 0
    assert (interactions["csat"] <= 2).any()
    assert (interactions["sentiment"] < -0.5).any()
    assert 0.01 < (customers["tier"] == "vip").mean() < 0.1  # type: ignore[operator]


def test_chunks_have_disjoint_customers_and_ids() -> None:
    parts = list(g.iter_chunks(3_001, 1_200, seed=2))
    assert [p[0].height for p in parts] == [1_200, 1_200, 601]
    everything = pl.concat([p[0] for p in parts])
    assert everything["interaction_id"].n_unique() == everything.height
    customer_sets = [set(p[1]["customer_id"]) for p in parts]
    for i, first in enumerate(customer_sets):
        for second in customer_sets[i + 1:]:
            assert not first & second
    for interactions, customers in parts:
        assert set(interactions["customer_id"]) <= set(customers["customer_id"])
    case_sets = [set(p[0]["case_id"]) for p in parts]
    assert sum(len(s) for s in case_sets) == len(set().union(*case_sets))


def test_cli_writes_parquet_and_csv(tmp_path: Path) -> None:
    assert cli.main(["--rows", "500", "--seed", "4", "--out", str(tmp_path / "pq")]) == 0
    frame = pl.read_parquet(tmp_path / "pq" / "interactions.parquet")
    assert frame.height == 500
    assert frame.schema["timestamp"] == pl.Datetime("us", "UTC")
    assert frame.equals(g.generate(500, seed=4)[0])
    assert pl.read_parquet(tmp_path / "pq" / "customers.parquet").height > 0

    args = ["--rows", "400", "--seed", "4", "--format", "csv", "--chunk-rows", "200",
            "--out", str(tmp_path / "csv")]
    assert cli.main(args) == 0
    files = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert files == [f"{kind}-{i:05d}.csv" for kind in ("customers", "interactions")
                     for i in range(2)]
    first = pl.read_csv(tmp_path / "csv" / "interactions-00000.csv")
    assert re.fullmatch(r"2026-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", first["timestamp"][0])
