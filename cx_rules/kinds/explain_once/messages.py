"""The messages of ``explain_once``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.kinds.explain_once.params import WHAT
from cx_rules.messages import Catalogue

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.explain_once")

ASK_MESSAGE = CATALOGUE.message(
    "Asked the customer for their {what} although they gave it earlier in this case.",
    terms={"what": tuple(WHAT.values())})
"""A detail asked for again (``what``: the detail, as :data:`.params.WHAT` names it)."""
RESTATE_MESSAGE = CATALOGUE.message(
    "Customer had to repeat their problem to a new agent ({agent}): {pct}% of the words of "
    "their earlier message.")
"""A problem explained again after a transfer (``pct``: the overlap, a whole percentage)."""
