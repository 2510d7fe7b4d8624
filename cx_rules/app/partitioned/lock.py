"""One writer per ``--out`` folder.

Two runs writing partitions into the same folder would mix their files and could both end
with a ``_SUCCESS`` that describes neither. A run holds ``out/.cx-rules.lock`` (created
exclusively and whole, holding its host, pid and start time) from its first write to its last;
a second run is refused with a message naming the holder. A lock whose process is gone (same
host, no such pid) is stale and taken over; a lock from another host cannot be checked and is
refused, with the path to delete if that run is known to be dead. Taking and releasing happen
under an exclusive ``flock`` of the folder, so two runs that find the same stale lock cannot
both take it.
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
def _guard(out: Path) -> Iterator[None]:
    """Serialise check-and-take between runs on this host: an exclusive ``flock`` on the
    folder itself, held for the few system calls of taking or releasing the lock (released by
    the kernel if the process dies; where ``fcntl`` is missing, nothing is serialised)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX
        yield
        return
    fd = os.open(out, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the flock


def _create(path: Path, me: dict[str, object]) -> None:
    """Create the lock with its content in one step: write a temporary file, then hard-link
    it to the lock's name (fails if the name exists), so no run ever reads an empty lock."""
    tmp = path.with_name(f"{LOCK}.{os.getpid()}.tmp")
    try:
        tmp.write_text(json.dumps(me), encoding="utf-8")
        os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _stale(holder: dict[str, object] | None, host: str) -> bool:
    if holder is None:  # unreadable: not written by a live run of this version
        return True
    pid = holder.get("pid")
    return holder.get("host") == host and isinstance(pid, int) and not _alive(pid)


@contextlib.contextmanager
def out_lock(out: Path) -> Iterator[None]:
    """Hold the folder's lock for the block (see the module)."""
    path = out / LOCK
    me: dict[str, object] = {"host": socket.gethostname(), "pid": os.getpid(),
                             "started": datetime.now(UTC).isoformat(timespec="seconds")}
    with _guard(out):
        if path.exists():
            holder = _holder(path)
            if not _stale(holder, str(me["host"])):
                assert holder is not None
                raise PartitionError(
                    f"{out} is being written by another run (host {holder.get('host')}, pid "
                    f"{holder.get('pid')}, started {holder.get('started')}); wait for it, or "
                    f"delete {path} if that run is dead") from None
            path.unlink(missing_ok=True)  # stale: take it over
        try:
            _create(path, me)
        except FileExistsError:  # a run on another host took it meanwhile (no flock there)
            raise PartitionError(f"{out} is being written by another run; see {path}") from None
    try:
        yield
    finally:
        with _guard(out):
            if _holder(path) == me:
                path.unlink(missing_ok=True)
