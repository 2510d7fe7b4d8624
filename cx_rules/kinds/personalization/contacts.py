"""What counts as contacting the customer on a channel, for ``preferred_channel_ignored``: one
definition for the plan and the reference.

- A **feed record** (a row with an ``event`` and no text: an order feed's ``shipped``, a
  payment system's ``refunded``) is no contact: nobody wrote to the customer.
- A **call the company announced** in the case ("We will call you tomorrow", "Мы перезвоним
  вам завтра": an earlier outbound text with the text reader's callback commitment, in any of
  its languages) keeps that promise; the customer accepted the channel, so it is no
  preference ignored. The words are matched as phrases are (:mod:`cx_rules.kinds.phrases`:
  one regular expression on the normalised text in both engines), so no outbound text is
  parsed for dates.
"""

from __future__ import annotations

import polars as pl

from cx_rules.kinds.phrases import found, normalised
from cx_rules.text.lexicon import PROMISES

CALL_CHANNELS: tuple[str, ...] = ("phone", "callback")
"""The channels a callback promise announces."""


def is_feed_record(event: str | None, text: str | None) -> bool:
    """A row with an event and no text (the reference form of :data:`FEED_RECORD`)."""
    return event is not None and not (text or "").strip()


FEED_RECORD: pl.Expr = pl.col("event").is_not_null() & (
    pl.col("text").is_null() | (pl.col("text").str.strip_chars() == ""))
"""A row with an event and no text."""


CALL_WORDS = "(?i)(?:" + "|".join(f"(?:{p})" for p in PROMISES["callback"].values()) + ")"
"""The text reader's callback commitments of every language, as one pattern."""


def announces_call(text: str | None) -> bool:
    """Whether a text announces the customer a call (the reference form of
    :data:`ANNOUNCES_CALL`)."""
    return found(CALL_WORDS, text)


ANNOUNCES_CALL: pl.Expr = normalised(pl.col("text")).str.contains(CALL_WORDS).fill_null(False)
"""Whether a row's text announces the customer a call."""
