"""The messages of ``proactive_contact``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.messages import Catalogue

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.proactive_contact")

ASKED = CATALOGUE.message(
    "Customer wrote {after} after the {event} of {time} before being told of it.",
    durations=("after",))
"""The customer asked about a problem before the company told them (``event``: the rule's
own event name; ``time``: when it happened, ``TIME_FORMAT``)."""
LATE = CATALOGUE.message("Customer was not told of the {event} of {time} within {within}.",
                         durations=("within",))
"""Nobody told the customer of a problem within ``notify_within``."""
