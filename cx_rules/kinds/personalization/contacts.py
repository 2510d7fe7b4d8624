"""What counts as contacting the customer on a channel, for ``preferred_channel_ignored``: one
definition for the plan and the reference.

- A **feed record** (a row with an ``event`` and no text: an order feed's ``shipped``, a
  payment system's ``refunded``) is no contact: nobody wrote to the customer.
- A **call the company announced** in the case ("We will call you tomorrow", "Мы перезвоним
  вам завтра": a callback promise read from an earlier outbound text) keeps that promise; the
  customer accepted the channel, so it is no preference ignored.
"""

from __future__ import annotations

from datetime import datetime

import polars as pl

from cx_rules.kinds.text_inputs import text_promises

CALL_CHANNELS: tuple[str, ...] = ("phone", "callback")
"""The channels a callback promise announces."""


def is_feed_record(event: str | None, text: str | None) -> bool:
    """A row with an event and no text (the reference form of :data:`FEED_RECORD`)."""
    return event is not None and not (text or "").strip()


FEED_RECORD: pl.Expr = pl.col("event").is_not_null() & (
    pl.col("text").is_null() | (pl.col("text").str.strip_chars() == ""))
"""A row with an event and no text."""


def announces_call(text: str | None, timestamp: datetime) -> bool:
    """Whether an outbound text promises the customer a call (any language the text reader
    knows; the due time does not matter here, so the zone is UTC)."""
    return any(p["kind"] == "callback" for p in text_promises(text, timestamp, "UTC", None))
