"""The messages of ``repeat_contact``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.kinds.base import CHANNELS
from cx_rules.messages import Catalogue

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.repeat_contact")

_WAIT = ("gap", "window")

BACK_SAME = CATALOGUE.message(
    "Customer came back {gap} after this case was resolved (window {window}).",
    durations=_WAIT)
"""A case resolved and then reopened by the customer within ``window``."""
BACK_OTHER = CATALOGUE.message(
    "Customer came back {gap} after case {case} was resolved (window {window}).",
    durations=_WAIT)
"""A new case within ``window`` of the resolution of another (``case``: its id)."""
BACK_SAME_TOPIC = CATALOGUE.message(
    "Customer came back on '{topic}' {gap} after this case was resolved (window {window}).",
    durations=_WAIT)
"""``BACK_SAME`` with ``same_topic`` (``topic``: the case's topic)."""
BACK_OTHER_TOPIC = CATALOGUE.message(
    "Customer came back on '{topic}' {gap} after case {case} was resolved "
    "(window {window}).",
    durations=_WAIT)
"""``BACK_OTHER`` with ``same_topic``."""
SWITCHED = CATALOGUE.message(
    "Customer had to switch from {first} to {channel} within case {case}.",
    terms={"first": CHANNELS, "channel": CHANNELS})
"""A case whose customer wrote on a channel other than the one they started on."""
