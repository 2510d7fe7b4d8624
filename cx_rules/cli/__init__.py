"""The ``cx-rules`` command line.

Exit codes: 0 clean, 1 findings at/above --fail-on, 2 bad input or usage, 130 interrupted
(SIGINT, Ctrl-C), 143 terminated (SIGTERM).
"""

from __future__ import annotations

import signal
import sys
import threading
from types import FrameType

import click

from cx_rules.cli.app import cli


class Stopped(BaseException):
    """Raised in the main thread on SIGINT or SIGTERM.

    Python's default SIGTERM ends the process without running ``finally`` blocks (temporary
    files stay, the ``--out`` lock is not released), and click turns Ctrl-C into exit 1, the
    code of a run with findings. Raised as an exception instead, the stop unwinds every
    ``finally`` and ends with 128 + the signal's number. Not an :class:`Exception`, so no
    ``except Exception`` on the way swallows it.
    """

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, frame: FrameType | None) -> None:
    signal.signal(signum, signal.SIG_DFL)  # a second one stops at once, without cleanup
    raise Stopped(signum)


def main() -> None:
    """Console-script entry point."""
    if threading.current_thread() is threading.main_thread():
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, _stop)
    try:
        cli.main(prog_name="cx-rules", standalone_mode=True)
    except Stopped as stop:
        click.echo("interrupted" if stop.signum == signal.SIGINT else "terminated", err=True)
        sys.exit(128 + stop.signum)


__all__ = ["cli", "main"]
