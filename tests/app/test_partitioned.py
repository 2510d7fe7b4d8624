"""Larger-than-memory mode: customer-partitioned evaluation equals a single evaluation."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest

from benchmarks.synthetic import generate
from cx_rules import evaluate, load_ruleset
from cx_rules.app.partitioned import evaluate_partitioned
from cx_rules.errors import RulesetError
from cx_rules.models.ruleset import Ruleset
from cx_rules.outputs.scores import DIMENSIONS

SUMMARY_FIELDS = ("rows_read", "rows_evaluated", "rows_rejected", "cases", "customers",
                  "customer_rows_read", "customer_rows_rejected", "violations", "by_severity",
                  "by_category", "by_rule", "as_of", "as_of_source",
                  "open_waits", "cut_off_waits")


def baseline() -> Ruleset:
    """The shipped baseline (without the rules of kinds not installed, if any)."""
    try:
        return load_ruleset("cx-baseline")
    except RulesetError:
        from ruamel.yaml import YAML

        from cx_rules.kinds.registry import get_kind
        from cx_rules.ruleset.load import parse_ruleset_text, resolve

        yaml = YAML()
        data = yaml.load(resolve("cx-baseline").read_text(encoding="utf-8"))
        data["rules"] = [r for r in data["rules"] if get_kind(r["kind"]) is not None]
        data.pop("tests", None)
        buf = io.StringIO()
        yaml.dump(data, buf)
        return parse_ruleset_text(buf.getvalue(), "<baseline>")


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], list[Path]]:
    """A generated log in two Parquet files (a few invalid rows), profiles in two files."""
    root = tmp_path_factory.mktemp("partitioned")
    log, customers = generate(12_000, seed=11)
    bad = pl.int_range(pl.len()).is_in([5, 777, 9_000])
    log = log.with_columns(pl.when(bad).then(pl.lit("fax")).otherwise(pl.col("channel"))
                           .alias("channel"))
    half, chalf = log.height // 2, customers.height // 2
    paths = [root / "interactions-0.parquet", root / "interactions-1.parquet"]
    log.slice(0, half).write_parquet(paths[0])
    log.slice(half).write_parquet(paths[1])
    cpaths = [root / "customers-0.parquet", root / "customers-1.parquet"]
    customers.slice(0, chalf).write_parquet(cpaths[0])
    customers.slice(chalf).write_parquet(cpaths[1])
    return paths, cpaths


def _ordered(frame: pl.DataFrame | pl.LazyFrame) -> pl.DataFrame:
    """The rows in a canonical order (every column a sort key; lists compared as text)."""
    df = frame.lazy().collect()
    keys = [pl.col(n).list.join(",") if t == pl.List(pl.String) else pl.col(n)
            for n, t in df.schema.items()]
    return df.sort(keys)


@pytest.mark.parametrize("partitions", [1, 4])
def test_partitioned_equals_single_evaluation(
    files: tuple[list[Path], list[Path]], tmp_path: Path, partitions: int
) -> None:
    paths, cpaths = files
    ruleset = baseline()
    single = evaluate([str(p) for p in paths], ruleset, customers=[str(p) for p in cpaths])
    glob = str(paths[0].parent / "interactions-*.parquet")
    cglob = str(paths[0].parent / "customers-*.parquet")
    part = evaluate_partitioned(glob, ruleset, customers=cglob, partitions=partitions,
                                out_dir=tmp_path / "out")
    assert part.partitions == partitions
    for name in SUMMARY_FIELDS:
        assert getattr(part.summary, name) == getattr(single.summary, name), name
    assert single.summary.rows_rejected == 3
    assert _ordered(part.violations_frame()).equals(_ordered(single.violations))
    assert part.actions == single.actions.height
    assert _ordered(part.actions_frame()).equals(_ordered(single.actions))
    for dim in DIMENSIONS:
        assert part.scores(dim).equals(single.scores(dim)), dim
    rejects = pl.read_parquet(part.rejects).select("row", "interaction_id", "reason").sort("row")
    want = single.rejects.select("row", "interaction_id", "reason").sort("row")
    assert rejects.equals(want)


def test_scores_merge_adds_points_and_cases(
    files: tuple[list[Path], list[Path]], tmp_path: Path
) -> None:
    """Channel scores span all partitions: merged by sums, never by averaging partition scores."""
    paths, cpaths = files
    part = evaluate_partitioned(paths, baseline(), customers=cpaths, partitions=3,
                                out_dir=tmp_path / "out")
    table = part.scores("channel")
    recomputed = (100.0 - table["points_lost"] / table["cases"]).clip(0.0, 100.0)
    assert (table["score"] - recomputed).abs().max() == 0.0
    assert not (tmp_path / "out" / "_split").exists()
    assert not (tmp_path / "out" / "_canonical").exists()


def test_cli_lint_engine_partitioned(tmp_path: Path) -> None:
    """``lint --engine partitioned`` reports the same counts as ``lint`` and writes Parquet."""
    import json

    from click.testing import CliRunner

    from cx_rules.cli import cli

    root = Path(__file__).resolve().parents[2] / "examples"
    args = ["lint", str(root / "sample_log.csv"), "-c", str(root / "customers.csv")]
    local = CliRunner().invoke(cli, [*args, "--format", "json"])
    part = CliRunner().invoke(cli, [*args, "--format", "json", "--engine", "partitioned",
                                    "--partitions", "3", "--out", str(tmp_path / "out")])
    assert local.exit_code == part.exit_code == 1, part.output
    want, got = json.loads(local.output)["summary"], json.loads(part.output)["summary"]
    for name in ("rows_read", "violations", "by_severity", "by_rule", "cases", "customers"):
        assert got[name] == want[name], name
    assert (tmp_path / "out" / "_SUCCESS").exists()
    assert len(list((tmp_path / "out" / "violations").glob("part-*.parquet"))) == 3
    text = CliRunner().invoke(cli, [*args, "--engine", "partitioned", "--out",
                                    str(tmp_path / "out"), "--fail-on", "none"])
    assert text.exit_code == 0 and f"{want['violations']} violation(s)" in text.output


def test_outcomes_and_propositions_in_partitions_equal_one_process(tmp_path: Path) -> None:
    """The NBA walk-through's outcomes are split by customer like the profiles: propensities,
    suppress_after, the propositions and the outcome counts match a single evaluation."""
    nba = Path(__file__).resolve().parents[2] / "examples" / "nba"
    rules = load_ruleset(nba / "rulesets" / "nba-demo" / "1.1.0.yaml")
    args = dict(customers=nba / "customers.csv", outcomes=nba / "outcomes.csv")
    single = evaluate(nba / "log.csv", rules, **args)  # type: ignore[arg-type]
    parts = evaluate_partitioned(nba / "log.csv", rules, partitions=3, out_dir=tmp_path / "o",
                                 **args)  # type: ignore[arg-type]
    columns = ["action_id", "customer_id", "case_id", "score", "propensity",
               "suppressed_reason"]

    def frame(files: list[Path]) -> pl.DataFrame:
        return pl.concat([pl.read_parquet(f) for f in files]).select(columns).sort(columns)

    assert frame(parts.actions_files).equals(single.actions.select(columns).sort(columns))
    # the per-customer cap and the limits rank within a customer, so they agree as well
    assert frame(parts.suppressed_files).equals(
        single.suppressed_actions.select(columns).sort(columns))
    assert (parts.summary.outcome_rows_read, parts.summary.outcome_rows_rejected) == (10, 1)
    assert "renewal-reminder" in frame(parts.actions_files)["action_id"].to_list()
