"""Logs in object storage or on the web: ``s3://``, ``gs://``, ``az://`` (``abfs://``) and
``https://`` (or ``http://``) URLs, for every reader.

Each object is copied once, streamed in 1 MiB chunks through fsspec, into a temporary file
named like the object (so its format and compression are known by its suffix), removed when
the process ends; the ordinary readers then read that file, so a remote log is checked exactly
as a local one. At most :attr:`Limits.max_decompressed_bytes` are copied. Credentials come from
the storage's usual places (AWS_* variables or profiles, a presigned URL, Google or Azure
credentials), never from a ruleset; the label that rejects and errors show is the URL without
its user info and query string (a presigned URL's signature stays secret).

``s3://`` needs ``s3fs``, ``gs://`` ``gcsfs``, ``az://`` ``adlfs``, ``https://`` ``aiohttp``
(``pip install 'cx-rules[remote]'`` installs the S3 and HTTP ones).
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from cx_rules.errors import InputError
from cx_rules.io.limits import DEFAULT_LIMITS, Limits, size_text

SCHEMES = ("s3", "gs", "gcs", "az", "abfs", "abfss", "http", "https")
_URL = re.compile(rf"^({'|'.join(SCHEMES)})://", re.IGNORECASE)
_MANGLED = re.compile(rf"^({'|'.join(SCHEMES)}):/(?!/)", re.IGNORECASE)
_PACKAGES = {"s3": "s3fs", "gs": "gcsfs", "gcs": "gcsfs", "az": "adlfs", "abfs": "adlfs",
             "abfss": "adlfs", "http": "aiohttp", "https": "aiohttp"}
CHUNK = 1 << 20
_copies: dict[str, Path] = {}


def remote_url(path: str | Path) -> str | None:
    """The URL a log argument names, or None for a local path. A ``Path`` made of a URL has
    lost one slash (``s3:/bucket/key``): it is put back."""
    text = str(path)
    if _URL.match(text):
        return text
    found = _MANGLED.match(text)
    if found:
        return f"{found.group(1)}://{text[found.end():]}"
    return None


def label(url: str) -> str:
    """The URL as reports show it: no user info, no query string (``?…`` when it had one)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<remote object>"
    host = parts.netloc.rsplit("@", 1)[-1]
    return f"{parts.scheme}://{host}{parts.path}" + ("?…" if parts.query else "")


def _name(url: str) -> str:
    name = PurePosixPath(urlsplit(url).path).name
    return re.sub(r"[^A-Za-z0-9._-]", "_", name) or "object"


def remote_copy(url: str, limits: Limits = DEFAULT_LIMITS) -> Path:
    """The object's bytes in a local temporary file (one copy per URL and process)."""
    if url in _copies:
        return _copies[url]
    shown = label(url)
    scheme = url.split(":", 1)[0].lower()
    try:
        import fsspec
    except ImportError:  # pragma: no cover - fsspec comes with the remote extra
        raise InputError("reading remote logs needs fsspec: pip install 'cx-rules[remote]'",
                         file=shown) from None
    folder = Path(tempfile.mkdtemp(prefix="cx-rules-remote-"))
    atexit.register(shutil.rmtree, folder, True)
    target = folder / _name(url)
    copied = 0
    try:
        with fsspec.open(url, "rb") as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                copied += len(chunk)
                if copied > limits.max_decompressed_bytes:
                    raise InputError(f"is larger than {size_text(limits.max_decompressed_bytes)}"
                                     " (Limits.max_decompressed_bytes)", file=shown)
                out.write(chunk)
    except InputError:
        shutil.rmtree(folder, True)
        raise
    except ImportError:
        shutil.rmtree(folder, True)
        raise InputError(f"reading {scheme}:// needs {_PACKAGES.get(scheme, 'its fsspec driver')}"
                         f" (pip install {_PACKAGES.get(scheme, 'fsspec')})", file=shown) from None
    except FileNotFoundError:
        shutil.rmtree(folder, True)
        raise InputError("no such object", file=shown) from None
    except PermissionError:
        shutil.rmtree(folder, True)
        raise InputError("access denied (check the storage credentials)", file=shown) from None
    except Exception as exc:  # a storage client's error (network, auth...): name the source
        shutil.rmtree(folder, True)
        text = re.sub(r"\?[^\s'\"]*", "?…", str(exc).replace(url, shown))  # no signatures
        message = text.strip().splitlines()
        raise InputError(f"cannot read: {type(exc).__name__}: {message[0] if message else ''}",
                         file=shown) from None
    _copies[url] = target
    return target
