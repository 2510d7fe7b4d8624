"""Streaming hooks of ``explain_once``: decided within the case, never by time alone."""

from __future__ import annotations

from cx_rules.kinds.base import StreamHooks

STREAM = StreamHooks(scope=lambda p: "case", time_dependent=lambda p: False)
