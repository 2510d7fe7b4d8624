"""Streaming hooks of ``consent``: case scope (a reply where the customer wrote is allowed)."""

from __future__ import annotations

from cx_rules.kinds.base import StreamHooks

STREAM = StreamHooks(scope=lambda p: "case", time_dependent=lambda p: False)
