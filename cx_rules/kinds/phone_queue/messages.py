"""The messages of ``phone_queue``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.messages import Catalogue

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.phone_queue")

ANSWERED_LATE = CATALOGUE.message("Call answered after {took} in the queue (limit {limit}).",
                                  durations=("took", "limit"))
"""An answered wait longer than its limit."""
STILL_WAITING = CATALOGUE.message(
    "Call still waiting in the queue after {took} (limit {limit}).",
    durations=("took", "limit"))
"""A wait still open at the end of the log, already past its limit."""
ABANDONED = CATALOGUE.message("Caller hung up after {took} in the queue.", durations=("took",))
"""An abandoned wait longer than ``min_wait``."""
