"""The helpers of the fault tests run the code under test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.faults.procs import ROOT, child_env, run


def test_children_import_this_checkout() -> None:
    """Not another installed copy of cx_rules (the venv may hold an editable install of a
    different checkout)."""
    out = subprocess.run([sys.executable, "-c", "import cx_rules; print(cx_rules.__file__)"],
                         env=child_env(), capture_output=True, text=True, check=True)
    assert Path(out.stdout.strip()) == ROOT / "cx_rules" / "__init__.py"


def test_run_reports_the_exit_code_and_stderr() -> None:
    done = run("lint", ROOT / "no-such-log.csv")
    assert done.returncode == 2
    assert "no-such-log.csv" in done.stderr and "Traceback" not in done.stderr
