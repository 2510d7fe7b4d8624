"""``cx-rules lint``: evaluate logs against a ruleset and report violations."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cx_rules.cli.app import SEVERITIES, user_errors
from cx_rules.cli.options import evaluate_logs, log_options
from cx_rules.plugins import plugin_reporters
from cx_rules.report import REPORTERS


@click.command(name="lint")
@log_options
@click.option("--format", "fmt", default="text", show_default=True,
              type=click.Choice(sorted({*REPORTERS, *plugin_reporters()})),
              help="Report format (plugins may add more).")
@click.option("--fail-on", default="warning", show_default=True, type=click.Choice(SEVERITIES),
              help="Exit 1 when a violation at or above this severity is found.")
@click.option("--output", "-o", type=click.Path(path_type=Path), help="Write the report here.")
@click.option("--rejects", type=click.Path(path_type=Path),
              help="Write every rejected input row with its reason to this CSV file.")
@user_errors
def command(logs: tuple[Path, ...], ruleset: str, customers: Path | None, mapping: str | None,
            assume_tz: str | None, fmt: str, fail_on: str, output: Path | None,
            rejects: Path | None) -> None:
    """Evaluate LOGS against a ruleset and report violations."""
    from cx_rules.models.enums import Severity

    result = evaluate_logs(logs, ruleset, customers, mapping, assume_tz)
    plugin = plugin_reporters().get(fmt)
    reporter = plugin.write if plugin is not None else REPORTERS[fmt]
    if output:
        with output.open("w", encoding="utf-8") as handle:
            reporter(result, handle)
    else:
        reporter(result, sys.stdout)
    if rejects is not None:
        result.rejects.write_csv(rejects)
    worst = result.worst_severity()
    if fail_on != "none" and worst is not None and worst.rank >= Severity(fail_on).rank:
        sys.exit(1)
