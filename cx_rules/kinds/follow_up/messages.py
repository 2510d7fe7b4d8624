"""The messages of ``follow_up``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.messages import Catalogue

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.follow_up")

MISSING = CATALOGUE.message("Case resolved {resolved} got no follow-up within {within}.",
                            durations=("within",))
"""A follow-up required and not made (``resolved``: when, as ``params.TIME_FORMAT``)."""
UNWANTED = CATALOGUE.message(
    "Customer contacted {after} after case resolution (none wanted within {within}).",
    durations=("after", "within"))
"""A follow-up forbidden and made."""
