"""``cx-rules report``: one self-contained HTML file (no script, works offline)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from cx_rules.cli.app import user_errors
from cx_rules.cli.files import atomic_path
from cx_rules.cli.options import evaluate_logs, log_options


@click.command(name="report")
@log_options
@click.option("--output", "-o", type=click.Path(path_type=Path), default=Path("report.html"),
              show_default=True, help="The HTML file to write.")
@user_errors
def command(logs: tuple[Path, ...], ruleset: str, customers: Path | None, mapping: str | None,
            assume_tz: str | None, as_of: datetime | None, output: Path) -> None:
    """Write an HTML report of LOGS: violations by severity, every rule's pass/fail, scores
    by channel, category and agent, trends, worst cases, actions (one file, no script)."""
    from cx_rules.report.html import write_html

    result = evaluate_logs(logs, ruleset, customers, mapping, assume_tz, as_of)
    with atomic_path(output) as tmp:
        write_html(result, tmp)
    click.echo(f"wrote {output} ({result.summary.violations} violations, "
               f"{result.summary.cases} cases)")
