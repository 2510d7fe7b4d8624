"""Streaming hooks of ``contact_options``: decided within the case, never by time alone."""

from __future__ import annotations

from cx_rules.kinds.base import StreamHooks

STREAM = StreamHooks(scope=lambda p: "case" if p.earlier_in_case else "event",
                     time_dependent=lambda p: False)
