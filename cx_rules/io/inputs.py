"""What a log argument names: a file, a shell-style glob (``exports/*.csv``, ``**`` for any
depth) or a folder (every log file in it and below it, hidden ones skipped), in a stable order.

Used by every engine, so ``cx-rules lint exports/`` reads the same files whether it runs in
one process or partitioned. A pattern that matches nothing, or a folder without a log file, is
an :class:`InputError` (a typo must not pass CI as "no violations").
"""

from __future__ import annotations

import glob
from collections.abc import Sequence
from pathlib import Path

from cx_rules.errors import InputError
from cx_rules.io.compressed import inner_name
from cx_rules.io.readers import READERS, format_of

__all__ = ["expand_inputs"]


def _is_log(path: Path) -> bool:
    """A file one of the built-in readers reads (also inside ``.gz``/``.zst``)."""
    return format_of(inner_name(path)) in READERS


def _folder(folder: Path) -> list[Path]:
    found = sorted(p for p in folder.rglob("*") if p.is_file() and _is_log(p)
                   and not any(part.startswith(".") for part in p.relative_to(folder).parts))
    if not found:
        raise InputError(f"the folder has no log file ({', '.join(sorted(READERS))}, optionally "
                         ".gz/.zst)", file=str(folder))
    return found


def urlsplit_path(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).path


def expand_inputs(source: str | Path | Sequence[str | Path]) -> list[Path]:
    """The files of a path, glob or folder, or of a list of them (in the order given; each
    glob and folder sorted). ``-`` (standard input) and paths that do not exist are kept as
    they are, for the reader to report."""
    from cx_rules.io.remote import label, remote_url

    items = [source] if isinstance(source, str | Path) else list(source)
    out: list[Path] = []
    for item in items:
        text = str(item)
        url = remote_url(text)
        if url is not None:  # an object in storage or on the web: one object, no patterns
            if glob.has_magic(urlsplit_path(url)):
                raise InputError(f"{label(url)}: patterns are not expanded in remote URLs; "
                                 "name each object")
            out.append(Path(url))
        elif text != "-" and glob.has_magic(text) and not Path(text).exists():
            matches = sorted(glob.glob(text, recursive=True))
            if not matches:
                raise InputError(f"no file matches {text!r}")
            for match in matches:
                path = Path(match)
                out.extend(_folder(path) if path.is_dir() else [path])
        elif Path(text).is_dir():
            out.extend(_folder(Path(text)))
        else:
            out.append(Path(text))
    return out
