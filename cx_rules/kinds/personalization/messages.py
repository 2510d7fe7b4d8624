"""The messages of ``personalization``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.kinds.base import CHANNELS
from cx_rules.messages import Catalogue

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.personalization")

_CHANNEL = {"channel": CHANNELS}

VIP_WAITED = CATALOGUE.message("VIP customer waited {took} for a reply on {channel} "
                               "(limit {limit}).",
                               terms=_CHANNEL, durations=("took", "limit"))
"""vip_waiting: a reply that came past the limit."""
VIP_WAITING = CATALOGUE.message("VIP customer still waiting after {took} on {channel} "
                                "(limit {limit}).",
                                terms=_CHANNEL, durations=("took", "limit"))
"""vip_waiting: no reply yet, past the limit."""
LOW_CSAT = CATALOGUE.message("Customer gave negative feedback on {channel} (csat {score}).",
                             terms=_CHANNEL)
"""negative_feedback: a low CSAT (``score`` as the customer gave it)."""
LOW_SENTIMENT = CATALOGUE.message(
    "Customer gave negative feedback on {channel} (sentiment {score}).", terms=_CHANNEL)
"""negative_feedback: a low sentiment score (the CSAT was not low)."""
PREFERRED = CATALOGUE.message("Contacted on {channel} although the customer prefers "
                              "{preferred}.",
                              terms={"channel": CHANNELS, "preferred": CHANNELS})
"""preferred_channel_ignored: a contact on another channel than the preferred one."""
FREQUENT = CATALOGUE.message("Customer opened {count} cases within {window}.",
                             durations=("window",))
"""frequent_contact: ``count`` cases opened within the window."""
