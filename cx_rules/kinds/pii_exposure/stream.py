"""Streaming hooks of ``pii_exposure``: each message is judged on its own."""

from __future__ import annotations

from cx_rules.kinds.base import StreamHooks

STREAM = StreamHooks(scope=lambda p: "event", time_dependent=lambda p: False)
