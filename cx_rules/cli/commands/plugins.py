"""``cx-rules plugins``: what is installed in the three plugin groups, and what is broken."""

from __future__ import annotations

import click


@click.command(name="plugins")
def command() -> None:
    """List installed rule kinds, readers and reporters with their package versions."""
    from rich.console import Console
    from rich.table import Table

    from cx_rules.plugins import installed_plugins

    table = Table(title="cx-rules plugins", title_justify="left")
    for column in ("group", "name", "package", "version", "status"):
        table.add_column(column)
    infos = installed_plugins()
    for info in sorted(infos, key=lambda i: (i.group, i.name)):
        status = "[red]broken: " + info.error + "[/]" if info.error else "ok"
        table.add_row(info.group.removeprefix("cx_rules."), info.name, info.distribution,
                      info.version, status)
    Console(highlight=False, soft_wrap=True).print(table)
