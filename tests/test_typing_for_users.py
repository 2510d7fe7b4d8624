"""A user's script that imports cx_rules type-checks under ``mypy --strict`` after the
README's install (the editable install in compat mode puts the package where mypy looks;
setuptools' default editable finder hides it: ``import-not-found``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

SCRIPT = '''\
import cx_rules
from cx_rules.streaming import LimitError, Session

result = cx_rules.evaluate("log.csv", "cx-baseline")
count: int = result.violations.height
session: Session = Session("cx-baseline")
error: type[Exception] = LimitError
wrong: str = result.violations.height
'''


def test_a_users_script_is_checked_against_the_packages_types(tmp_path: Path) -> None:
    script = tmp_path / "user.py"
    script.write_text(SCRIPT, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir",
                          str(tmp_path / "cache"), str(script)], capture_output=True,
                         text=True, timeout=600, check=False, cwd=tmp_path)
    # exactly the planted error: the package was found and its types were read
    assert "import-not-found" not in out.stdout, out.stdout
    errors = [line for line in out.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "user.py:8:" in errors[0], out.stdout
