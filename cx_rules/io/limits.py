"""Limits that keep hostile or broken input bounded in time and memory.

Every limit has a default that no sane export reaches; a file beyond a file-level limit is an
:class:`~cx_rules.errors.InputError`, a row beyond a row-level limit is rejected with its reason.
Pass your own :class:`Limits` to :func:`cx_rules.io.load_interactions` to change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

MiB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """Bounds applied while reading logs and profiles."""

    max_columns: int = 10_000
    """A file with more columns is refused (a CSV header of a million names is not a log)."""
    max_header_bytes: int = 4 * MiB
    """A CSV header line longer than this is refused before anything else is read."""
    max_line_bytes: int = 64 * MiB
    """A text file with a longer line is refused, found by a streaming pre-scan before polars
    reads anything (so a gigabyte-long line costs one bounded pass, not gigabytes of memory).
    A quoted value that spans many shorter lines is caught by ``max_field_bytes`` instead."""
    max_field_bytes: int = 1 * MiB
    """A row with a longer value in any column is rejected (``text: field longer than 1 MiB``);
    the value itself is dropped at once so rules and reports never see it."""
    max_document_bytes: int = 256 * MiB
    """A ``.json`` document (an array, or an object wrapping the records) is parsed whole in
    memory, so a larger one is refused (JSON lines are streamed and have no such bound)."""
    max_events_per_case: int = 5_000
    """Streaming: an event beyond this many in one case is refused with
    :class:`~cx_rules.streaming.LimitError`. Every event re-reads its case, so a runaway case
    would slow the whole session down instead (at 5,000 events, ~20 ms per event with the
    baseline; at 50,000 it would be ten times that)."""
    max_cases_per_customer: int = 1_000
    """Streaming: a new case for a customer who already has this many live (not yet evicted)
    cases is refused with :class:`~cx_rules.streaming.LimitError`; customer-wide rules read
    all of them on every event (~17 ms per event at 1,000 with the baseline)."""
    max_decompressed_bytes: int = 16 * 1024 * MiB
    """A gzip or zstd log that decompresses to more than this is refused (found while
    decompressing, so a small bomb never fills the disk)."""
    future_tolerance: timedelta | None = timedelta(days=1)
    """A ``timestamp`` later than *now + tolerance* is rejected (``timestamp: in the future``);
    ``None`` turns the check off. ``promise_due`` is not checked (promises point ahead)."""


DEFAULT_LIMITS = Limits()


def size_text(n: int) -> str:
    """``1048576`` -> ``'1 MiB'``; sizes for messages."""
    for unit, size in (("GiB", MiB * 1024), ("MiB", MiB), ("KiB", 1024)):
        if n >= size:
            value = n / size
            return f"{value:.0f} {unit}" if value == int(value) else f"{value:.1f} {unit}"
    return f"{n} bytes"
