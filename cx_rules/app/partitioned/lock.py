"""One writer per ``--out`` folder.

Two runs writing partitions into the same folder would mix their files and could both end
with a ``_SUCCESS`` that describes neither. A run holds ``out/.cx-rules.lock`` (created
exclusively, holding its host, pid and start time) from its first write to its last; a second
run is refused with a message naming the holder. A lock whose process is gone (same host,
no such pid) is stale and taken over; a lock from another host cannot be checked and is
refused, with the path to delete if that run is known to be dead.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from cx_rules.app.partitioned.jobs import PartitionError

LOCK = ".cx-rules.lock"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def _holder(path: Path) -> dict[str, object] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


@contextlib.contextmanager
def out_lock(out: Path) -> Iterator[None]:
    """Hold the folder's lock for the block (see the module)."""
    path = out / LOCK
    me = {"host": socket.gethostname(), "pid": os.getpid(),
          "started": datetime.now(UTC).isoformat(timespec="seconds")}
    for _ in range(2):
        try:
            fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            holder = _holder(path)
            if holder is None or (holder.get("host") == me["host"]
                                  and isinstance(holder.get("pid"), int)
                                  and not _alive(int(holder["pid"]))):  # type: ignore[call-overload]
                path.unlink(missing_ok=True)  # stale (or unreadable): take it over
                continue
            raise PartitionError(
                f"{out} is being written by another run (host {holder.get('host')}, pid "
                f"{holder.get('pid')}, started {holder.get('started')}); wait for it, or "
                f"delete {path} if that run is dead") from None
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(me, handle)
        break
    else:
        raise PartitionError(f"cannot take the lock {path}")
    try:
        yield
    finally:
        if _holder(path) == me:
            path.unlink(missing_ok=True)
