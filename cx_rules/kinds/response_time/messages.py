"""The messages of ``response_time``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.kinds.base import CHANNELS
from cx_rules.messages import Catalogue

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.response_time")

METRIC_TEXT = {
    "first_reply": "First reply",
    "next_reply": "Next reply",
    "resolution": "Resolution",
    "requester_wait": "Requester wait",
    "agent_work": "Agent work time",
    "periodic_update": "Update",
}
"""What each metric measures, as the messages name it."""

DONE = ("resolved", "sent", "answered")
"""What ends a wait (``still not <done>``)."""

BUSINESS = " of business time"
"""After a duration counted in business hours."""

_TERMS = {"what": tuple(METRIC_TEXT.values()), "channel": CHANNELS, "unit": ("", BUSINESS)}
_DONE = {**_TERMS, "done": DONE}

TOOK = CATALOGUE.message("{what} on {channel} took {took}{unit} (limit {limit}).",
                         terms=_TERMS, durations=("took", "limit"))
"""A wait that ended past its limit."""
TOOK_STOPPED = CATALOGUE.message(
    "{what} on {channel} took {took}{unit} (limit {limit}), not counting {stopped} while "
    "waiting on the customer or a third party.",
    terms=_TERMS, durations=("took", "limit", "stopped"))
"""The same, for a clock that stood still for a while (``paused_while``)."""
NOT_DONE = CATALOGUE.message("{what} on {channel} still not {done} after {took}{unit} "
                             "(limit {limit}).",
                             terms=_DONE, durations=("took", "limit"))
"""A wait still open at ``as_of``, past its limit."""
NOT_DONE_STOPPED = CATALOGUE.message(
    "{what} on {channel} still not {done} after {took}{unit} (limit {limit}), not counting "
    "{stopped} while waiting on the customer or a third party.",
    terms=_DONE, durations=("took", "limit", "stopped"))
"""The same, for a clock that stood still for a while."""
AT_RISK = CATALOGUE.message(
    "{what} on {channel} still not {done} after {took}{unit}: past its warning point {warn} "
    "(limit {limit}).",
    terms=_DONE, durations=("took", "warn", "limit"))
"""An open wait past its warning point (``warn_at``)."""
