"""The messages of ``transparency``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.messages import Catalogue

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.transparency")

UNANSWERED = CATALOGUE.message(
    "Customer asked '{phrase}' and was answered without a figure or a policy link.")
"""A price, fee or policy question answered without a number, a link or "free" (``phrase``:
the question phrase as the customer wrote it)."""
