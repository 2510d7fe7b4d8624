"""The click group and its commands; each command is a thin layer over the library."""

from __future__ import annotations

import functools
import importlib
import pkgutil
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cx_rules.errors import CxError

F = TypeVar("F", bound=Callable[..., Any])
SEVERITIES = ("info", "warning", "error", "critical", "none")
"""Values of --fail-on."""


def user_errors(func: F) -> F:
    """Turn :class:`CxError` into a clean message and exit code 2 (never a traceback)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CxError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cx-rules")
@click.option("--config", "config_file", type=click.Path(path_type=Path, dir_okay=False),
              help="Settings file (default: cx-rules.toml or [tool.cx-rules] in pyproject.toml "
                   "here or in the nearest folder above); --isolated reads none.")
@click.option("--isolated", is_flag=True, help="Ignore every settings file.")
@click.pass_context
def cli(ctx: click.Context, config_file: Path | None, isolated: bool) -> None:
    """Check interaction logs against versioned rulesets of customer expectations."""
    from cx_rules.cli.config import Settings, find_settings, read_table

    try:
        if isolated:
            settings = None
        elif config_file is not None:
            if not config_file.is_file():
                raise CxError(f"{config_file}: no such settings file")
            settings = Settings(config_file, read_table(config_file) or {})
        else:
            settings = find_settings(Path.cwd())
    except CxError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    ctx.meta["cx_rules.settings"] = settings
    if settings is not None:
        ctx.default_map = settings.default_map()


def _register_commands() -> None:
    """Add every command module in :mod:`cx_rules.cli.commands` (each exports ``command``)."""
    from cx_rules.cli import commands

    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"cx_rules.cli.commands.{info.name}")
        cli.add_command(module.command)


_register_commands()
