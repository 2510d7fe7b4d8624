"""The human report: violations grouped by case, then a summary whose counts add up."""

from __future__ import annotations

from typing import TextIO

import polars as pl
from rich.console import Console
from rich.table import Table

from cx_rules.app.result import Result
from cx_rules.report.safe import markup_safe, visible, visible_frame
from cx_rules.schema import CONTEXT_REASON

_STYLE = {"critical": "bold red", "error": "red", "warning": "yellow", "info": "cyan"}
MAX_REJECTS_SHOWN = 20


def write_text(result: Result, out: TextIO) -> None:
    """Write the report; colours only when ``out`` is a terminal."""
    console = Console(file=out, highlight=False, soft_wrap=True)
    # every value from the input is shown, never interpreted (markup, escapes, CI commands)
    violations = visible_frame(result.violations, markup=True)
    by_case = violations.sort("case_id", "timestamp", "rule_id").partition_by(
        "case_id", maintain_order=True, as_dict=False
    ) if violations.height else []
    for group in by_case:
        first = group.row(0, named=True)
        console.print(f"[bold]case {first['case_id']}[/] (customer {first['customer_id']})")
        for row in group.iter_rows(named=True):
            style = _STYLE.get(row["severity"], "")
            when = row["timestamp"].strftime("%Y-%m-%d %H:%M") if row["timestamp"] else ""
            console.print(
                f"  [{style}]{row['severity']:<8}[/] {row['rule_id']:<28} {when}  {row['message']}"
            )
        console.print()
    _write_at_risk(result, console)
    _write_waived(result, console)
    _write_rejects(result, console)
    _write_summary(result, console)


def _write_at_risk(result: Result, console: Console) -> None:
    risks = result.at_risk
    if risks is None:
        return
    console.print(f"[bold]At risk[/] (not violations, never failing): {risks.height} open "
                  "wait(s) past their warning point")
    for row in visible_frame(risks).sort("case_id", "rule_id").iter_rows(named=True):
        console.print(f"  case {row['case_id']} {row['rule_id']:<28} {row['message']}",
                      markup=False)
    console.print()


def _write_waived(result: Result, console: Console) -> None:
    waived = result.waived
    if waived is None or waived.is_empty():
        return
    console.print(f"[bold]Waived[/] (by the ruleset's exceptions, not counted): {waived.height} "
                  "finding(s)")
    for row in visible_frame(waived).sort("case_id", "rule_id").iter_rows(named=True):
        console.print(f"  case {row['case_id']} {row['rule_id']:<28} {row['message']} "
                      f"[waived until {row['waiver_until']}: {row['waiver_reason']}]",
                      markup=False)
    console.print()


def _write_rejects(result: Result, console: Console) -> None:
    if result.rejects.is_empty():
        return
    is_context = pl.col("reason").str.starts_with(CONTEXT_REASON)
    rejects = result.rejects.filter(~is_context)
    context = result.rejects.filter(is_context)
    if not rejects.is_empty():
        console.print(f"[bold]{rejects.height} rejected row(s)[/]")
        shown = visible_frame(rejects.head(MAX_REJECTS_SHOWN), markup=True)
        for row in shown.iter_rows(named=True):
            console.print(f"  {row['source']}:row {row['row']}: {row['reason']}")
        if rejects.height > MAX_REJECTS_SHOWN:
            console.print(f"  … and {rejects.height - MAX_REJECTS_SHOWN} more (see --rejects)")
    if not context.is_empty():
        kinds = (context.select(pl.col("reason").str.strip_prefix(CONTEXT_REASON)
                                .str.replace(r"[:(].*$", "").str.strip_chars())
                 .group_by("reason").len().sort("len", "reason", descending=[True, False]))
        listed = ", ".join(f"{n} {markup_safe(r)}" for r, n in kinds.head(4).iter_rows())
        more = ", ..." if kinds.height > 4 else ""
        console.print(f"[bold]{context.height} row(s) read as context[/], not interactions "
                      f"(listed with --rejects): {listed}{more}")
    console.print()


def _write_summary(result: Result, console: Console) -> None:
    s = result.summary
    console.print(f"[bold]Summary[/] ruleset {markup_safe(s.ruleset)}@"
                  f"{markup_safe(s.ruleset_version)}, as of "
                  f"{s.as_of:%Y-%m-%d %H:%M %Z}" if s.as_of else "")
    console.print(
        f"  {s.rows_sentence()}; {s.cases} cases, {s.customers} customers"
    )
    console.print(f"  {s.end_of_log()}", markup=False)
    if s.sla_comparison_text():
        console.print(f"  {s.sla_comparison_text()}", markup=False)
    for warning in s.warnings:
        console.print(f"  warning: {visible(warning)}", markup=False)
    if s.not_applicable:
        applied = len(result.ruleset.enabled_rules) - len(s.not_applicable)
        console.print(f"  {applied} of {len(result.ruleset.enabled_rules)} rules applied; "
                      "not applicable (they report nothing either way):")
        for rule_id, reason in s.not_applicable.items():
            console.print(f"    {rule_id}: {visible(reason)}", markup=False)
    if s.customer_rows_read:
        console.print(f"  customer profiles read {s.customer_rows_read}, "
                      f"rejected {s.customer_rows_rejected}")
    if s.outcome_rows_read:
        console.print(f"  action outcomes read {s.outcome_rows_read}, "
                      f"rejected {s.outcome_rows_rejected}")
    waived = f" (and {s.waived} waived)" if s.waived else ""
    if not s.violations:
        console.print("  no violations" + waived)
        return
    table = Table(show_edge=False, box=None, pad_edge=False)
    table.add_column("severity")
    table.add_column("count", justify="right")
    for severity in ("critical", "error", "warning", "info"):
        if s.by_severity.get(severity):
            table.add_row(f"[{_STYLE[severity]}]{severity}[/]", str(s.by_severity[severity]))
    cats = Table(show_edge=False, box=None, pad_edge=False)
    cats.add_column("category")
    cats.add_column("count", justify="right")
    for category, n in s.by_category.items():
        cats.add_row(markup_safe(category), str(n))
    console.print(f"  {s.violations} violation(s){waived}")
    console.print(table)
    console.print(cats)
