"""``cx-rules lint``: evaluate logs against a ruleset and report violations."""

from __future__ import annotations

import json
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from cx_rules.cli.app import SEVERITIES, user_errors
from cx_rules.cli.files import atomic_path, atomic_text
from cx_rules.cli.options import (
    evaluate_logs,
    log_options,
    progress_display,
    ruleset_for,
    settings_text,
)
from cx_rules.plugins import plugin_reporters
from cx_rules.report import REPORTERS
from cx_rules.report.safe import formula_safe, visible

if TYPE_CHECKING:
    from cx_rules.app.partitioned import PartitionedResult
    from cx_rules.app.summary import Summary

ENGINES = ("local", "partitioned", "dask")
PARTITIONED_FORMATS = ("text", "json")
"""What a partitioned run can report on stdout (its violations are Parquet files in --out)."""


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
@click.option("--engine", default="local", show_default=True, type=click.Choice(ENGINES),
              help="local: in memory; partitioned: customer hash partitions one after another "
                   "(larger than memory); dask: the partitions on a Dask cluster.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786) for --engine dask; default: a "
                   "local cluster with one worker process per CPU.")
@click.option("--partitions", type=click.IntRange(min=1),
              help="Customer hash partitions (default: ~3M rows each; with dask, at least two "
                   "per worker).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False),
              help="Directory for the Parquet results of --engine partitioned/dask "
                   "(violations/, actions/, scores-*.parquet, rejects.parquet, _SUCCESS); "
                   "shared storage visible to every worker.")
@click.option("--at-risk", is_flag=True,
              help="Also list waits still open past their rule's warn_at point, in a separate "
                   "section (text, json, jsonl) that never fails the run.")
@click.option("--strict-input", is_flag=True,
              help="Exit 2 when a rule cannot apply because the log lacks the fields it needs "
                   "(for CI runs that expect a full export).")
@click.option("--show-settings", is_flag=True,
              help="Print the resolved settings (and where each comes from) and exit.")
@user_errors
def command(logs: tuple[Path, ...], ruleset: str, customers: Path | None, mapping: str | None,
            assume_tz: str | None, as_of: datetime | None, fmt: str, fail_on: str,
            output: Path | None, rejects: Path | None, engine: str, scheduler: str | None,
            partitions: int | None, out_dir: Path | None, at_risk: bool,
            strict_input: bool, show_settings: bool) -> None:
    """Evaluate LOGS (or the rows of --db) against a ruleset and report violations."""
    from cx_rules.models.enums import Severity

    if show_settings:
        click.echo(settings_text(click.get_current_context()))
        return

    if engine != "local":
        if at_risk:
            raise click.UsageError("--at-risk needs --engine local")
        if click.get_current_context().meta.get("cx_rules.db") is not None:
            raise click.UsageError("reading from a database (--db) needs --engine local")
        if not logs:
            raise click.UsageError("give LOGS (files, or - for standard input)")
        from cx_rules.io.remote import remote_url

        if any(remote_url(log) is not None for log in logs):
            raise click.UsageError("reading remote logs (s3://, https://...) needs --engine "
                                   "local")
        if any(str(log) == "-" for log in logs):
            raise click.UsageError("reading the log from standard input (-) needs --engine "
                                   "local: the partitions are read from files")
        summary = _lint_partitioned(logs, ruleset, customers, mapping, assume_tz, as_of, fmt,
                                    output, rejects, engine, scheduler, partitions, out_dir)
        present = [Severity(s) for s, n in summary.by_severity.items() if n]
        worst = max(present, key=lambda s: s.rank) if present else None
    else:
        if scheduler or partitions or out_dir:
            raise click.UsageError("--scheduler, --partitions and --out need --engine "
                                   "partitioned or dask")
        result = evaluate_logs(logs, ruleset, customers, mapping, assume_tz, as_of,
                               at_risk=at_risk)
        plugin = plugin_reporters().get(fmt)
        reporter = plugin.write if plugin is not None else REPORTERS[fmt]
        if output:
            with progress_display() as show, atomic_text(output) as handle:
                show(f"writing {fmt} to {output}")
                reporter(result, handle)
        else:
            reporter(result, sys.stdout)
        if rejects is not None:
            with atomic_path(rejects) as tmp:
                formula_safe(result.rejects).write_csv(tmp)
        worst = result.worst_severity()
        summary = result.summary
    if strict_input and summary.not_applicable:
        rules = ", ".join(f"{r} ({why})" for r, why in summary.not_applicable.items())
        click.echo(f"error: --strict-input: {len(summary.not_applicable)} rule(s) cannot apply "
                   f"to this log: {rules}", err=True)
        sys.exit(2)
    if fail_on != "none" and worst is not None and worst.rank >= Severity(fail_on).rank:
        sys.exit(1)


def _lint_partitioned(logs: tuple[Path, ...], ruleset: str, customers: Path | None,
                      mapping: str | None, assume_tz: str | None, as_of: datetime | None,
                      fmt: str, output: Path | None, rejects: Path | None, engine: str,
                      scheduler: str | None, partitions: int | None,
                      out_dir: Path | None) -> Summary:
    """Run a partitioned/dask evaluation and report its summary, which it returns."""
    if out_dir is None:
        raise click.UsageError(f"--engine {engine} writes its results as Parquet: give --out DIR")
    if fmt not in PARTITIONED_FORMATS:
        raise click.UsageError(
            f"--format {fmt} needs --engine local; --engine {engine} reports "
            f"{' or '.join(PARTITIONED_FORMATS)} (the violations are in {out_dir}/violations)")
    if scheduler and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    from cx_rules.ruleset.load import load_ruleset

    outcomes = click.get_current_context().meta.get("cx_rules.outcomes")
    rules = ruleset_for(ruleset)
    if isinstance(rules, str):  # no selection: load it once here, for the engines too
        rules = load_ruleset(rules)
    if engine == "dask":
        from cx_rules.app.distributed import evaluate_distributed

        result = evaluate_distributed(list(logs), rules, customers,
                                      out_dir=out_dir,
                                      scheduler=scheduler, partitions=partitions,
                                      mapping=mapping, assume_tz=assume_tz, as_of=as_of,
                                      outcomes=outcomes)
    else:
        from cx_rules.app.partitioned import evaluate_partitioned

        result = evaluate_partitioned(list(logs), rules, customers,
                                      partitions=partitions,
                                      out_dir=out_dir, mapping=mapping, assume_tz=assume_tz,
                                      as_of=as_of, outcomes=outcomes)
    if output:
        with atomic_text(output) as handle:
            _report(result, fmt, handle)
    else:
        _report(result, fmt, sys.stdout)
    if rejects is not None:
        with atomic_path(rejects) as tmp:
            formula_safe(result.rejects_frame()).write_csv(tmp)
    return result.summary


def _report(result: PartitionedResult, fmt: str, out: TextIO) -> None:
    """The summary of a partitioned run and where its files are (text or the JSON manifest)."""
    from cx_rules.app.partitioned import SUCCESS

    if fmt == "json":
        doc = json.loads((result.out_dir / SUCCESS).read_text(encoding="utf-8"))
        doc["out_dir"] = str(result.out_dir)
        json.dump(doc, out, indent=2, ensure_ascii=False)
        out.write("\n")
        return
    s = result.summary
    out.write(f"Summary ruleset {s.ruleset}@{s.ruleset_version}, as of "
              f"{s.as_of:%Y-%m-%d %H:%M %Z}\n" if s.as_of else "Summary\n")
    out.write(f"  engine {result.engine}: {result.partitions} partition(s) on "
              f"{result.workers} worker(s), {s.seconds:.1f} s\n")
    out.write(f"  {s.rows_sentence()}; {s.cases} cases, {s.customers} customers\n")
    out.write(f"  {s.end_of_log()}\n")
    if s.sla_comparison_text():
        out.write(f"  {s.sla_comparison_text()}\n")
    for warning in s.warnings:
        out.write(f"  warning: {visible(warning)}\n")
    for rule_id, reason in s.not_applicable.items():
        out.write(f"  not applicable: {rule_id}: {visible(reason)}\n")
    if s.customer_rows_read:
        out.write(f"  customer profiles read {s.customer_rows_read}, rejected "
                  f"{s.customer_rows_rejected}\n")
    if not s.violations:
        out.write("  no violations\n")
    else:
        out.write(f"  {s.violations} violation(s)\n")
        for severity in ("critical", "error", "warning", "info"):
            if s.by_severity.get(severity):
                out.write(f"    {severity:<10}{s.by_severity[severity]:>8}\n")
        for category, n in s.by_category.items():
            out.write(f"    {category:<18}{n:>8}\n")
    if s.waived:
        out.write(f"  {s.waived} finding(s) waived by the ruleset's exceptions (in waived/)\n")
    out.write(f"  {result.actions} suggested action(s)\n")
    out.write(f"  results in {result.out_dir}: violations/, actions/, suppressed/, waived/, "
              "scores-<dimension>.parquet, rejects.parquet, _SUCCESS\n")
