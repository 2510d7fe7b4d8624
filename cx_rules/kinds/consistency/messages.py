"""The messages of ``consistency``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.kinds.base import CHANNELS
from cx_rules.messages import Catalogue

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.consistency")

TEXT_KEYS: tuple[str, ...] = ("delivery_date", "appointment_date", "refund_date", "price",
                              "refund_amount", "delivery_days", "refund_days")
"""The keys of the facts read from the text (``from_text``), translated; any other claim key
is shown as it is."""

_TERMS = {"key": TEXT_KEYS, "channel": CHANNELS, "prev_channel": CHANNELS}

SAME_CASE = CATALOGUE.message(
    "Told the customer {key} '{value}'{quote} on {channel}, but '{prev_value}'{prev_quote} "
    "on {prev_channel} earlier in this case.", terms=_TERMS)
"""Two values of one fact in a case. ``quote`` and ``prev_quote`` are `` ("<sentence>")``
naming the sentence a text fact came from, or empty for a structured claim."""
OTHER_CASE = CATALOGUE.message(
    "Told the customer {key} '{value}'{quote} on {channel}, but '{prev_value}'{prev_quote} "
    "on {prev_channel} earlier (case {prev_case}).", terms=_TERMS)
"""The same, the earlier value stated in another case of the customer (``scope: customer``)."""
