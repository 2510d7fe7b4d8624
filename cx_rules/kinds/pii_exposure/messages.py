"""The messages of ``pii_exposure``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.kinds.base import CHANNELS
from cx_rules.messages import Catalogue

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.pii_exposure")

EXPOSES = CATALOGUE.message("Outbound message on {channel} exposes {found}.",
                            terms={"channel": CHANNELS})
"""A company message showing personal data (``found``: the masked findings, e.g.
``email j***@example.com, phone ***0958``)."""
POSTED = CATALOGUE.message(
    "Customer posted {found} on {channel}; move the conversation to a private channel.",
    terms={"channel": CHANNELS})
"""A customer's message showing their own personal data in the open."""
