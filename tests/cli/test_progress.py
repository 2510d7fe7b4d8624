"""A progress display on stderr when stderr is a terminal, never in pipes, CI logs or with
--quiet; each phase's time in the JSON summary."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from cx_rules.cli import cli

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"


def stderr_on_a_terminal(*args: str) -> str:
    """Run the CLI with stderr on a pseudo-terminal (stdout to a pipe) and return what the
    terminal received."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-m", "cx_rules", "lint", str(SAMPLE),
                             "--fail-on", "none", *args], stdout=subprocess.PIPE,
                            stderr=follower, env={**os.environ, "TERM": "xterm"})
    os.close(follower)
    received = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        received += chunk
    proc.communicate(timeout=300)
    os.close(leader)
    assert proc.returncode == 0
    return received.decode("utf-8", errors="replace")


def test_a_terminal_sees_the_phases() -> None:
    shown = stderr_on_a_terminal()
    assert "cx-rules: " in shown, shown[:500]  # the status line (redrawn per phase)


def test_quiet_and_pipes_show_nothing() -> None:
    assert "cx-rules:" not in stderr_on_a_terminal("--quiet")
    out = CliRunner().invoke(cli, ["lint", str(SAMPLE), "--fail-on", "none"])
    assert "cx-rules:" not in out.stderr


def test_the_json_summary_has_each_phases_seconds() -> None:
    out = CliRunner().invoke(cli, ["lint", str(SAMPLE), "--format", "json", "--fail-on",
                                   "none"])
    summary = json.loads(out.stdout)["summary"]
    phases = summary["phase_seconds"]
    assert list(phases) == ["reading", "rules", "findings"]
    assert all(v >= 0 for v in phases.values())
    assert sum(phases.values()) <= summary["seconds"] + 1e-3
