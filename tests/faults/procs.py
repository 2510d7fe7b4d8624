"""Running the real ``cx-rules`` in a child process and watching what it does to a folder.

The child runs this checkout's code (``PYTHONPATH`` is set to it), through the same
``cx_rules.cli:main`` as the installed ``cx-rules`` script. Its stdout and stderr go to files, so
a chatty child never blocks on a full pipe while the test polls.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "examples" / "sample_log.csv"
ENTRY = "from cx_rules.cli import main; main()"
T = TypeVar("T")


def child_env() -> dict[str, str]:
    """The environment of a child: this checkout first on the import path."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH")) if p)
    return env


def command(*args: str | Path) -> list[str]:
    return [sys.executable, "-c", ENTRY, *map(str, args)]


@dataclass
class Done:
    """A finished child: its exit code and what it printed."""

    returncode: int
    stdout: str
    stderr: str


def run(*args: str | Path, timeout: float = 120) -> Done:
    """Run ``cx-rules ARGS`` to the end."""
    out = subprocess.run(command(*args), env=child_env(), capture_output=True, text=True,
                         timeout=timeout, check=False)
    return Done(out.returncode, out.stdout, out.stderr)


class Child:
    """``cx-rules ARGS`` running in the background (stdout and stderr to files in ``logs``)."""

    def __init__(self, logs: Path, *args: str | Path) -> None:
        logs.mkdir(parents=True, exist_ok=True)
        self._out, self._err = logs / "stdout", logs / "stderr"
        with self._out.open("wb") as out, self._err.open("wb") as err:
            self.proc = subprocess.Popen(command(*args), env=child_env(), stdout=out, stderr=err)

    @property
    def pid(self) -> int:
        return self.proc.pid

    def running(self) -> bool:
        return self.proc.poll() is None

    def signal(self, signum: int) -> None:
        self.proc.send_signal(signum)

    def wait(self, timeout: float = 120) -> Done:
        """Wait for the end (continuing it first, should it be stopped)."""
        if self.running():
            self.proc.send_signal(signal.SIGCONT)
        code = self.proc.wait(timeout=timeout)
        return Done(code, self._out.read_text(encoding="utf-8", errors="replace"),
                    self._err.read_text(encoding="utf-8", errors="replace"))

    def kill(self) -> None:
        """SIGKILL and reap (a zombie would still look alive to the --out lock)."""
        if self.running():
            self.proc.kill()
        self.proc.wait(timeout=60)


def poll(what: str, probe: Callable[[], T | None], child: Child | None = None,
         timeout: float = 60) -> T:
    """Call ``probe`` every millisecond until it returns something; fail after ``timeout`` or
    when ``child`` ends first (the moment waited for can then no longer come)."""
    deadline = time.monotonic() + timeout
    while True:
        found = probe()
        if found is not None:
            return found
        if child is not None and not child.running():
            done = child.wait()
            raise AssertionError(f"the run ended (exit {done.returncode}) before {what}; "
                                 f"stderr: {done.stderr.strip()[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.001)


def temporaries(folder: Path, name: str) -> list[Path]:
    """The temporary files of a write to ``folder/name``: ``.{name}.{32 hex}.tmp``."""
    pattern = re.compile(rf"\.{re.escape(name)}\.[0-9a-f]{{32}}\.tmp")
    return sorted(p for p in folder.iterdir() if pattern.fullmatch(p.name))


def stop_mid_write(child: Child, target: Path) -> Path:
    """Wait until ``child`` has written part of ``target``'s temporary file, then freeze it
    (SIGSTOP). Returns the temporary file, which the frozen child has not renamed yet."""

    def partial() -> Path | None:
        found = [p for p in temporaries(target.parent, target.name) if _size(p) > 0]
        return found[0] if found else None

    tmp = poll(f"a partly written temporary file of {target}", partial, child)
    child.signal(signal.SIGSTOP)
    poll("the run to stop", lambda: True if stopped(child.pid) else None)
    assert tmp.exists(), (
        f"{target} was written completely before the run could be stopped mid-write; "
        "the test log is too small for this machine")
    return tmp


def stopped(pid: int) -> bool:
    """Every thread of ``pid`` is stopped (state ``T`` in /proc; true at once without /proc)."""
    tasks = Path(f"/proc/{pid}/task")
    if not tasks.is_dir():
        return True
    for stat in tasks.glob("*/stat"):
        try:
            state = stat.read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue  # a thread that just ended
        if state not in ("T", "t"):
            return False
    return True


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0
