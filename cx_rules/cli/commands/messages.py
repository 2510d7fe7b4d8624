"""``cx-rules messages``: how far every catalogue (built-in kinds, outputs, plugins) is
translated, and ``--update`` to bring the ``.po`` files in step with the code."""

from __future__ import annotations

import click

from cx_rules.cli.app import user_errors
from cx_rules.errors import CxError


@click.command(name="messages")
@click.option("--update", is_flag=True,
              help="Add the message ids the code declares to every catalogue's .po files "
                   "(untranslated) and drop the ones it no longer declares.")
@user_errors
def command(update: bool) -> None:
    """List each message catalogue with how many of its messages each language translates."""
    from rich.console import Console
    from rich.table import Table

    from cx_rules.kinds.registry import available_kinds
    from cx_rules.messages import LANGUAGES, catalogues
    from cx_rules.messages.update import update as update_po
    from cx_rules.outputs import policy

    available_kinds()  # every kind's catalogue registers as its package loads
    assert policy.CATALOGUE in catalogues()
    if update:
        for cat in catalogues():
            for language in LANGUAGES[1:]:
                update_po(cat, language)
    table = Table(title="cx-rules message catalogues", title_justify="left")
    table.add_column("catalogue", overflow="fold")
    table.add_column("messages", justify="right")
    for language in LANGUAGES[1:]:
        table.add_column(language, justify="right")
    missing = 0
    for cat in catalogues():
        ids = cat.msgids
        cells = []
        for language in LANGUAGES[1:]:
            done = len(ids & set(cat.translations(language)))
            missing += len(ids) - done
            cells.append(f"{done}/{len(ids)}" if done == len(ids) else f"[red]{done}/{len(ids)}[/]")
        table.add_row(cat.package, str(len(cat.messages)), *cells)
    Console(highlight=False, soft_wrap=True).print(table)
    if missing:
        raise CxError(f"{missing} message(s) untranslated: fill the empty msgstr entries of the "
                      ".po files (cx-rules messages --update adds new ones)")
