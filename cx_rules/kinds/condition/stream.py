"""Streaming hooks of ``condition``: the event alone, or its case for case-relative fields."""

from __future__ import annotations

from typing import Any

from cx_rules.expr import referenced_fields
from cx_rules.kinds.base import Scope, StreamHooks

CASE_FIELDS = frozenset({"since_prev", "since_case_start"})


def scope(params: Any) -> Scope:
    """Case scope only when ``since_prev`` or ``since_case_start`` are read; any other
    condition is decided by the event (and its customer's profile) alone."""
    return "case" if CASE_FIELDS & referenced_fields(params.expr) else "event"


STREAM = StreamHooks(scope=scope, time_dependent=lambda p: False)
