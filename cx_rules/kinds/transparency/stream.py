"""Streaming hooks of ``transparency``: decided within the case when the answer comes."""

from __future__ import annotations

from cx_rules.kinds.base import StreamHooks

STREAM = StreamHooks(scope=lambda p: "case", time_dependent=lambda p: False)
