"""Streaming hooks of ``consistency``: customer scope without a window needs every row."""

from __future__ import annotations

from cx_rules.kinds.base import StreamHooks

STREAM = StreamHooks(
    scope=lambda p: "case" if p.scope == "case" else "customer",
    time_dependent=lambda p: False,
    unbounded=lambda p: p.scope != "case" and p.window is None,
)
