"""The messages of ``consent``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.kinds.base import CHANNELS
from cx_rules.messages import Catalogue
from cx_rules.models.enums import Purpose

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.consent")

PURPOSES: tuple[str, ...] = tuple(p.value.capitalize() for p in Purpose)
"""A message's purpose as the quiet-hours message names it ("Marketing message ...")."""

OPTED_OUT = CATALOGUE.message(
    "Contacted on {channel} although the customer opted out of {channel}.",
    terms={"channel": CHANNELS})
"""A contact on a channel the customer opted out of."""
NO_CONSENT = CATALOGUE.message(
    "Marketing message on {channel} without the customer's marketing consent.",
    terms={"channel": CHANNELS})
"""A marketing message to a customer without marketing consent."""
QUIET_HOURS = CATALOGUE.message(
    "{purpose} message on {channel} at {time} local time, inside the customer's quiet hours "
    "{window}.",
    terms={"purpose": PURPOSES, "channel": CHANNELS})
"""A message inside the customer's quiet hours (``time``: the local ``HH:MM``; ``window``: the
profile's quiet hours as written there)."""
