"""``cx-rules suggest``: next-best actions per customer, after contact-policy arbitration."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click
import polars as pl

from cx_rules.cli.app import user_errors
from cx_rules.cli.options import evaluate_logs, log_options
from cx_rules.cli.tables import print_frame, write_frame


@click.command(name="suggest")
@log_options
@click.option("--show-suppressed", is_flag=True,
              help="Also list suppressed actions with the reason for each.")
@click.option("--explain", is_flag=True,
              help="Show each action's score term by term: priority x weight (the customer's "
                   "tier) x propensity (from --outcomes), and when it may be sent.")
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json", "csv", "parquet"]))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the actions here.")
@user_errors
def command(logs: tuple[Path, ...], ruleset: str, customers: Path | None, mapping: str | None,
            assume_tz: str | None, as_of: datetime | None, show_suppressed: bool,
            explain: bool, fmt: str, output: Path | None) -> None:
    """Suggest next-best actions for the customers in LOGS."""
    result = evaluate_logs(logs, ruleset, customers, mapping, assume_tz, as_of)
    frame = result.actions
    if show_suppressed:
        frame = pl.concat([frame, result.suppressed_actions])
    frame = frame.with_columns(pl.col("reason_rule_ids").list.join(", "))
    if explain:
        frame = frame.with_columns(score_terms().alias("score_terms"))
    if fmt == "text" and output is None:
        terms = ["priority", "weight", "value", "lever", "score", "propensity"]
        quiet = {  # columns that say nothing on this run
            "purpose": True, "proactive": True,
            "suppressed_reason": not show_suppressed,
            "propensity": frame["propensity"].null_count() == frame.height,  # no outcomes
            "send_after": frame["send_after"].null_count() == frame.height,  # none deferred
            "mandatory": not frame["mandatory"].any(),
            "value": bool((frame["value"] == 1).all()),
            "lever": bool((frame["lever"] == 1).all()),
            **dict.fromkeys(terms if explain else [], True),  # written out in score_terms
        }
        hidden = [column for column, drop in quiet.items() if drop]
        print_frame(frame.drop(hidden),
                    title=f"{result.actions.height} suggested action(s)"
                    + (f", {result.suppressed_actions.height} suppressed" if show_suppressed
                       else ""))
        return
    write_frame(frame, fmt, output, sys.stdout)


def score_terms() -> pl.Expr:
    """``80 x 2 (weight) x 0.80 (propensity) = 128.0``; the propensity term is left out
    when no outcomes were given (it is then no factor)."""
    base = (pl.col("priority").cast(pl.String) + pl.lit(" (priority) x ")
            + pl.col("weight").round(3).cast(pl.String) + pl.lit(" (weight)")
            + pl.when(pl.col("value") != 1).then(
                pl.lit(" x ") + pl.col("value").round(3).cast(pl.String) + pl.lit(" (value)"))
            .otherwise(pl.lit(""))
            + pl.when(pl.col("lever") != 1).then(
                pl.lit(" x ") + pl.col("lever").round(3).cast(pl.String) + pl.lit(" (lever)"))
            .otherwise(pl.lit("")))
    propensity = pl.when(pl.col("propensity").is_not_null()).then(
        pl.lit(" x ") + pl.col("propensity").round(3).cast(pl.String)
        + pl.lit(" (propensity)")).otherwise(pl.lit(""))
    return base + propensity + pl.lit(" = ") + pl.col("score").round(2).cast(pl.String)
