"""``cx-rules explain``: the documentation of rule kinds."""

from __future__ import annotations

import sys

import click


@click.command(name="explain")
@click.argument("kind", required=False)
def command(kind: str | None) -> None:
    """Show the documentation of a rule KIND (or list all kinds)."""
    from cx_rules.kinds.registry import available_kinds, unknown_kind_message

    kinds = available_kinds()
    if kind is None:
        for name, k in sorted(kinds.items()):
            click.echo(f"{name:<18} {k.summary}")
        return
    found = kinds.get(kind)
    if found is None:
        click.echo(f"error: {unknown_kind_message(kind)}", err=True)
        sys.exit(2)
    click.echo(f"# {found.name}\n")
    click.echo(found.documentation.strip())
