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
    import re

    from cx_rules.ruleset.load import load_ruleset

    shown = re.sub(r"\x1b\[[0-9;?]*[a-zA-Z]", "", stderr_on_a_terminal("--format", "json",
                                                                     "-o", os.devnull))
    done = [line for line in shown.replace("\r", "\n").splitlines()
            if line.startswith("cx-rules: ")]
    # one line per finished phase, each rule group among them, in order
    assert done[0].startswith("cx-rules: reading ")
    groups = [line.split()[2] for line in done if line.startswith("cx-rules: rules: ")]
    categories = list(dict.fromkeys(r.category.value
                                    for r in load_ruleset("cx-baseline").enabled_rules))
    assert groups == [c for c in categories if c in groups] and len(groups) >= 5, done
    assert done[-2].startswith("cx-rules: findings ")
    assert done[-1].startswith(f"cx-rules: writing json to {os.devnull} ")
    assert "rows/s" in shown and "left" in shown  # on the status line, while it runs


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
