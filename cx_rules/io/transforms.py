"""Whole-frame transforms that a mapping names with ``transform: NAME``.

A transform is ``function(raw: LazyFrame) -> LazyFrame``. It runs on the raw frame (the
export's own columns, all text for CSV/JSONL) before the mapping's ``columns`` are applied, and
may add canonical columns (``case_id``, ``customer_id``...) or rows (one event per ticket
milestone). Contract:

* keep every ``_``-prefixed column (``_row``, ``_source``, ``_reject``, ``_too_long``); a row
  that the transform adds takes them from the input row it comes from, so every output row
  names a real row of the file;
* never drop a row: a row the transform cannot use gets a reason instead, in ``_reject`` (the
  row's only reason: the row is not an interaction at all) or in ``_problem`` (a field-level
  reason such as ``customer_id: ...``, reported with the row's other problems);
* problems that are not one row's fault (a reply cycle) are reported with
  ``warnings.warn(InputWarning(...))``; :func:`cx_rules.io.load_interactions` collects them.

Built-in transforms are in :data:`TRANSFORMS` (the generic ones) and
:data:`cx_rules.io.vendors.VENDOR_TRANSFORMS` (help-desk vendors' exports); more can be
installed through the entry-point group ``cx_rules.transforms`` (name -> function).
"""

from __future__ import annotations

from functools import cache
from importlib.metadata import entry_points

from cx_rules.io.threads import twitter_threads
from cx_rules.io.tickets import helpdesk_comments, ticket_rows
from cx_rules.io.transform_base import (
    InputWarning,
    Transform,
    add_problem,
    id_text,
    need_columns,
)

TRANSFORM_GROUP = "cx_rules.transforms"


TRANSFORMS: dict[str, Transform] = {
    "twitter_threads": twitter_threads,
    "ticket_rows": ticket_rows,
    "helpdesk_comments": helpdesk_comments,
}
"""Built-in transforms by name."""


@cache
def _installed() -> dict[str, Transform]:
    found: dict[str, Transform] = {}
    for ep in entry_points(group=TRANSFORM_GROUP):
        try:
            obj = ep.load()
        except Exception:  # a broken plugin must not break reading
            continue
        if callable(obj):
            found[ep.name] = obj
    return found


def _vendor() -> dict[str, Transform]:
    from cx_rules.io.vendors import VENDOR_TRANSFORMS  # they build on this module's helpers

    return VENDOR_TRANSFORMS


def get_transform(name: str) -> Transform | None:
    """A built-in transform (the generic ones here, the help-desk vendors' in
    :mod:`cx_rules.io.vendors`), or one installed through the ``cx_rules.transforms`` group."""
    return TRANSFORMS.get(name) or _vendor().get(name) or _installed().get(name)


def transform_names() -> list[str]:
    """Every known transform name."""
    return sorted({*TRANSFORMS, *_vendor(), *_installed()})


__all__ = [
    "TRANSFORMS", "TRANSFORM_GROUP", "InputWarning", "Transform", "add_problem",
    "get_transform", "id_text", "need_columns", "transform_names",
]
