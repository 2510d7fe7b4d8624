"""Replacing a file all at once: write a temporary file beside it, rename it over the target.

Every file cx-rules writes (reports, rejects, partition files, the ``_SUCCESS`` manifest) goes
through :func:`replacing`, so a reader never sees a half-written file: a failed write, or a run
stopped by SIGINT or SIGTERM (see :mod:`cx_rules.cli`), leaves the previous file and no
temporary one (the rename is atomic on one file system). A process killed outright (SIGKILL,
power loss) cannot clean up: the target is still intact, but its temporary file
``.{name}.{32 hex digits}.tmp`` stays beside it, safe to delete.
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
    without error, removed in any case."""
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
