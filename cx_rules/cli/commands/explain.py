"""``cx-rules explain``: the documentation of a rule kind, or of one rule of a ruleset."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from cx_rules.cli.app import user_errors


@click.command(name="explain")
@click.argument("name", required=False)
@click.option("--ruleset", "-r", default="cx-baseline", show_default=True,
              help="The ruleset whose rule NAME is (when NAME is a rule id).")
@user_errors
def command(name: str | None, ruleset: str) -> None:
    """Show the documentation of a rule kind, or of the rule NAME of a ruleset (its
    description, parameters as resolved, the tests that make it fire, its kind's docs); with
    no NAME, list all kinds."""
    from cx_rules.kinds.registry import available_kinds, unknown_kind_message

    kinds = available_kinds()
    if name is None:
        for kind_name, k in sorted(kinds.items()):
            click.echo(f"{kind_name:<18} {k.summary}")
        return
    found = kinds.get(name)
    if found is not None:
        click.echo(f"# {found.name}\n")
        click.echo(found.documentation.strip())
        return
    from cx_rules.ruleset.load import load_ruleset

    rs = load_ruleset(ruleset)
    rule = next((r for r in rs.rules if r.id == name), None)
    if rule is None:
        import difflib

        close = difflib.get_close_matches(name, [r.id for r in rs.rules], n=3)
        hint = f" Rules of {rs.label} like it: {', '.join(close)}." if close else ""
        click.echo(f"error: {unknown_kind_message(name)}; nor is it a rule of {rs.label}."
                   f"{hint}", err=True)
        sys.exit(2)
    click.echo(rule_text(rs, rule, kinds.get(rule.kind)))


def rule_text(rs: Any, rule: Any, kind: Any) -> str:
    """One rule explained: where it is, what it checks with which values, what tests it."""
    from cx_rules.ruleset.load import compiled_params

    params = compiled_params(rs).get(rule.id)
    resolved = params.model_dump(mode="json") if params is not None else dict(rule.params)
    line = rs.rule_line(rule.id)
    tests = [t.name for t in rs.tests if any(e.rule == rule.id for e in t.expect.violations)]
    parent = rs.parent
    while parent is not None:  # an inherited rule's own tests live in the parent it came from
        tests += [f"{t.name} (from {parent.label}, `ruleset test --parent-tests`)"
                  for t in parent.tests
                  if any(e.rule == rule.id for e in t.expect.violations)]
        parent = parent.parent
    origin = rs.rule_origin(rule.id)
    out = [f"# {rule.id}", "",
           f"{rs.label}, {rs.rule_source(rule.id) or '<ruleset>'}" + (f":{line}" if line else ""),
           f"kind {rule.kind}, category {rule.category.value}, severity "
           f"{rs.severity_of(rule).value}" + ("" if rule.enabled else ", disabled"), ""]
    if origin is not None:
        out[-1:-1] = [f"{origin.text()[:1].upper()}{origin.text()[1:]}."]
    if rule.description:
        out += [rule.description.strip(), ""]
    if rule.where:
        out += [f"Applies where: {rule.where}", ""]
    out += ["## Parameters as resolved", "```json", json.dumps(resolved, indent=2,
                                                               ensure_ascii=False), "```", ""]
    out += ["## Tests that make it fire"]
    out += [f"- {t}" for t in tests] or ["- none (`cx-rules ruleset test` counts it uncovered)"]
    if kind is not None:
        out += ["", f"## The {kind.name} kind", "", kind.documentation.strip()]
    return "\n".join(out)
