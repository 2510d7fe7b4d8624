"""The messages of ``promise_kept``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.kinds.base import CHANNELS
from cx_rules.messages import Catalogue

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.promise_kept")

WHAT = {"any": "", "reply": " a reply", "callback": " a callback", "shipment": " the shipment",
        "refund": " the refund"}
"""How the message names a promise of each kind (``any``: a structured ``promise_due``)."""

_TERMS = {"what": tuple(WHAT.values()), "channel": CHANNELS}

KEPT_LATE = CATALOGUE.message("Promised{what} by {due} on {channel}; kept {late} late.",
                              terms=_TERMS, durations=("late",))
"""A promise kept after its due time (``due``: ``TIME_FORMAT``)."""
KEPT_LATE_QUOTED = CATALOGUE.message(
    'Promised{what} by {due} on {channel} ("{quote}"); kept {late} late.',
    terms=_TERMS, durations=("late",))
"""The same, for a promise read from the text (``quote``: the sentence that made it)."""
NOT_KEPT = CATALOGUE.message("Promised{what} by {due} on {channel}; nothing happened by {now}.",
                             terms=_TERMS)
"""A promise past its due time with nothing that keeps it by ``as_of`` (``now``)."""
NOT_KEPT_QUOTED = CATALOGUE.message(
    'Promised{what} by {due} on {channel} ("{quote}"); nothing happened by {now}.',
    terms=_TERMS)
"""The same, for a promise read from the text."""
