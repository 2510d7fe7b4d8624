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
import uuid
from collections.abc import Iterator
from pathlib import Path


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
