"""The messages of ``contact_options``, translated in ``locale/<language>.po``."""

from __future__ import annotations

from cx_rules.messages import Catalogue

CATALOGUE = Catalogue(__package__ or "cx_rules.kinds.contact_options")

MESSAGE = CATALOGUE.message("Told the customer '{phrase}' without a phone number, e-mail "
                            "address, link or callback to do it with.")
"""A redirect to another channel with no way to follow it (``phrase``: the words quoted from
the message)."""
