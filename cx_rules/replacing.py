"""Replacing a file all at once: write a temporary file beside it, rename it over the target.

Every file cx-rules writes (reports, rejects, partition files, the ``_SUCCESS`` manifest) goes
through :func:`replacing`, so a reader never sees a half-written file: a failed write, or a run
stopped by SIGINT or SIGTERM (see :mod:`cx_rules.cli`), leaves the previous file and no
temporary one (the rename is atomic on one file system). A process killed outright (SIGKILL,
power loss) cannot clean up: the target is still intact, but its temporary file
``.{name}.{32 hex digits}.tmp`` stays beside it, safe to delete.

A target that is a symbolic link or exists as something other than a regular file
(``/dev/null``, ``/dev/stdout``, a named pipe) is written directly, through the link, and so
not all at once: a rename would swap the link, device or pipe itself for a regular file (as
root, even in ``/dev``).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

TEMPORARY = re.compile(r"\..+\.[0-9a-f]{32}\.tmp")
"""The name of a temporary file of :func:`replacing` (``.{name}.{uuid hex}.tmp``)."""


@contextlib.contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path in ``target``'s folder; renamed to ``target`` when the block ends
    without error, removed in any case. ``target`` itself when it is a link, a device or a
    pipe (see the module)."""
    if target.is_symlink() or (target.exists() and not target.is_file()
                               and not target.is_dir()):
        yield target
        return
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def remove_leftovers(folder: Path) -> list[Path]:
    """Remove the temporary files (and folders) named like :data:`TEMPORARY` anywhere under
    ``folder``: what writers killed before their rename left. Only for a folder no live process
    is writing to (an ``--out`` folder, under its lock, once every task has ended)."""
    removed = []
    for parent, dirs, files in os.walk(folder):
        for name in [d for d in dirs if TEMPORARY.fullmatch(d)]:
            dirs.remove(name)
            shutil.rmtree(Path(parent, name), ignore_errors=True)
            removed.append(Path(parent, name))
        for name in files:
            if TEMPORARY.fullmatch(name):
                Path(parent, name).unlink(missing_ok=True)
                removed.append(Path(parent, name))
    return removed
