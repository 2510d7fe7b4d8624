"""The messages of the ``tone`` kind, translated in ``cx_rules_example/locale/<language>.po``.

This is how a plugin localises its messages: one :class:`~cx_rules.plugins.Catalogue` for its
own package, one ``CATALOGUE.message(...)`` per complete sentence (its English text is the
gettext msgid), the words of a closed vocabulary as ``terms`` (the channel names are already
translated by cx-rules), and the ``.po`` files shipped as package data (``pyproject.toml``).
``cx_rules.messages.update.update(CATALOGUE, language)`` adds new msgids to a ``.po`` file for
the translators.
"""

from __future__ import annotations

from cx_rules.plugins import CHANNELS, Catalogue

CATALOGUE = Catalogue(__package__ or "cx_rules_example")

_TERMS = {"channel": CHANNELS}

BLAME = CATALOGUE.message("Reply on {channel} sounds hostile: blame phrase '{phrase}'.",
                          terms=_TERMS)
"""A reply with a blame phrase (``phrase``: the one found, in lower case)."""
SHOUTING = CATALOGUE.message(
    "Reply on {channel} sounds hostile: shouting ({percent}% capitals).", terms=_TERMS)
"""A reply written mostly in capitals (``percent``: their share, 0-100)."""
BLAME_SHOUTING = CATALOGUE.message(
    "Reply on {channel} sounds hostile: blame phrase '{phrase}', shouting "
    "({percent}% capitals).", terms=_TERMS)
"""Both at once."""
