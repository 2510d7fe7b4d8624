"""``cx-rules rule list``: the rules of a ruleset, one per line (like ``ruff linter``)."""

from __future__ import annotations

import json
from typing import Any

import click

from cx_rules.cli.app import user_errors


@click.group(name="rule")
def command() -> None:
    """The rules of a ruleset."""


@command.command(name="list")
@click.option("--ruleset", "-r", default="cx-baseline", show_default=True,
              help="Ruleset file, or NAME[@VERSION].")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@user_errors
def list_cmd(ruleset: str, fmt: str) -> None:
    """Every rule: id, kind, category, severity, enabled, and what it checks; for a ruleset
    that extends another, also whether each rule is inherited, overridden, replaced or added."""
    from cx_rules.kinds.registry import available_kinds
    from cx_rules.report.safe import visible
    from cx_rules.ruleset.load import load_ruleset

    rs = load_ruleset(ruleset)
    kinds = available_kinds()
    def summary(description: str | None, kind: str) -> str:
        text = description or (kinds[kind].summary if kind in kinds else "")
        return text.strip().splitlines()[0] if text.strip() else ""

    rows: list[dict[str, Any]] = [
        {"id": r.id, "kind": r.kind, "category": r.category.value,
         "severity": rs.severity_of(r).value, "enabled": r.enabled,
         "source": rs.rule_source(r.id), "line": rs.rule_line(r.id),
         "origin": origin.text() if (origin := rs.rule_origin(r.id)) else None,
         "how": origin.how if origin else None, "summary": summary(r.description, r.kind)}
        for r in rs.rules]
    if fmt == "json":
        click.echo(json.dumps({"ruleset": rs.label, "rules": rows}, indent=2,
                              ensure_ascii=False))
        return
    width = max(len(r["id"]) for r in rows)
    if rs.parent is not None:
        click.echo(f"{rs.label} extends " + " → ".join(a.label for a in rs.ancestors))
    for r in rows:
        state = "" if r["enabled"] else " (disabled)"
        how = f"{r['how']:<11} " if rs.parent is not None else ""
        click.echo(visible(f"{r['id']:<{width}}  {r['kind']:<16} {r['category']:<16} "
                           f"{r['severity']:<8} {how}{r['summary']}{state}"))
