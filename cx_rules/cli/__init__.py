"""The ``cx-rules`` command line.

Exit codes: 0 clean, 1 findings at/above --fail-on, 2 bad input or usage.
"""

from __future__ import annotations

import sys

import click

from cx_rules.cli.app import cli


def main() -> None:
    """Console-script entry point."""
    try:
        cli.main(prog_name="cx-rules", standalone_mode=True)
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)


__all__ = ["cli", "main"]
