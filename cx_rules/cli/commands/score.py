"""``cx-rules score``: expectation scores 0-100 by case, customer, agent, channel or category."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from cx_rules.cli.app import user_errors
from cx_rules.cli.options import evaluate_logs, log_options
from cx_rules.cli.tables import print_frame, write_frame
from cx_rules.errors import CxError
from cx_rules.outputs.scores import DIMENSIONS


@click.command(name="score")
@log_options
@click.option("--by", "by", default="agent", show_default=True, type=click.Choice(DIMENSIONS))
@click.option("--explain", "entity", help="Show the violations behind one entity's score.")
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(["text", "json", "csv", "parquet"]))
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the table here.")
@user_errors
def command(logs: tuple[Path, ...], ruleset: str, customers: Path | None, mapping: str | None,
            assume_tz: str | None, as_of: datetime | None, by: str, entity: str | None, fmt: str,
            output: Path | None) -> None:
    """Score how well expectations were met in LOGS, grouped --by a dimension."""
    result = evaluate_logs(logs, ruleset, customers, mapping, assume_tz, as_of)
    table = result.scores(by)
    if entity is not None:
        key = table.columns[0]
        if entity not in table[key].to_list():
            raise CxError(f"no {by} {entity!r} in the log")
        row = table.filter(table[key] == entity).row(0, named=True)
        frame = result.explain_score(by, entity)
        title = (f"{by} {entity}: score {row['score']:.1f} = 100 - {row['points_lost']:g} points"
                 f" / {row['cases']} case(s)")
    else:
        frame, title = table, f"scores by {by}"
    if fmt == "text" and output is None:
        print_frame(frame, title=title)
        return
    write_frame(frame, fmt, output, sys.stdout)
