# ruff: noqa: RUF001, RUF002  (phrases in six languages: the letters are meant)
"""Phrase matching in message text, the same in the polars plans and the row-wise references.

Shared by the kinds that read what was written (``contact_options``, ``transparency``,
``explain_once``). Customers and agents write in English, Russian, Azerbaijani, Uzbek (Latin
and Cyrillic), Persian and Arabic, so text and phrases are first brought to one form, by
:func:`normalise` (python) and :func:`normalised` (polars), which do the same thing:

- Persian (``۰``-``۹``) and Arabic-Indic (``٠``-``٩``) digits become ASCII digits;
- the apostrophes of Uzbek Latin (``o‘``, ``oʻ``, ``o’``, ``o```) become ``'``;
- the tatweel ``ـ`` is dropped, and the zero-width (non-)joiner becomes a space;
- combining marks (Arabic vowel signs, stress marks) are dropped.

A phrase matches case-insensitively, starting at a word boundary and ending at one; a phrase
ending in ``*`` is a stem and matches any word ending (``nömrə*`` matches ``nömrəniz``,
``nömrənizi``). Spaces in a phrase match any run of white space. An ``i`` of a phrase also
matches the Turkic ``İ`` and dotless ``ı`` (``SİFARİŞ``, ``sifariş`` and ``sıfarış`` meet),
and the Arabic and Persian forms of yeh (``ي``, ``ى``, ``ی``) and kaf (``ك``, ``ک``) match
each other (texts mix keyboards). Both engines read ``\\b``,
``\\w``, ``\\s`` and ``(?i)`` with Unicode rules (the Rust regex crate and Python's ``re`` on
``str``), which agree on the letters, digits and spaces of these scripts once the text is
normalised.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

import polars as pl

from cx_rules.pii.entities import ARABIC_DIGITS, PERSIAN_DIGITS

_FOLD: dict[str, str] = {
    **{d: str(i % 10) for i, d in enumerate(PERSIAN_DIGITS + ARABIC_DIGITS)},
    "‘": "'", "’": "'", "ʻ": "'", "ʼ": "'", "`": "'", "´": "'",
    "ـ": "",
    "\u200c": " ", "\u200d": " ",
}
_TABLE = str.maketrans(_FOLD)
_FOLD_FROM = list(_FOLD)
_FOLD_TO = list(_FOLD.values())
_META = set("\\.^$|?*+()[]{}#&-~")
_SAME = {**dict.fromkeys("iıİI", "[iıİI]"), **dict.fromkeys("يیى", "[يیى]"),
         **dict.fromkeys("كک", "[كک]")}

NEVER = r"[^\s\S]"
"""A pattern that matches nothing (an empty phrase list)."""
URL = r"\b[Hh][Tt][Tt][Pp][Ss]?://\S+|\b[Ww]{3}\.\S+|\b[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}/\S*"
"""A link: ``https://...``, ``www....`` or ``domain.tld/path``."""
EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
"""An e-mail address."""
PHONE = r"\+?(?:\d[\s().-]{0,2}){6,}\d|\*\d{3,}"
"""A phone number (seven digits or more, with the usual separators) or a short code (``*1234``)."""
HANDLE = r"(?:^|[\s(])@\w{2,}"
"""A social handle (``@nordwave_help``)."""
DIGIT = r"\d"
"""Any digit (the text is normalised: every script's digits are ASCII by then)."""
HAS_TEXT = r"\S"
"""A message with something written in it."""


def normalise(text: str) -> str:
    """The text in the form phrases are matched in (python side)."""
    return _unmarked(text.translate(_TABLE))


def _unmarked(text: str) -> str:
    return "".join(ch for ch in text if unicodedata.category(ch) != "Mn")


def normalised(text: pl.Expr) -> pl.Expr:
    """:func:`normalise` as a polars expression."""
    return text.str.replace_many(_FOLD_FROM, _FOLD_TO).str.replace_all(r"\p{Mn}", "")


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _escape(text: str) -> str:
    return "".join("\\" + ch if ch in _META else _SAME.get(ch, ch) for ch in text)


def phrase_pattern(phrases: Sequence[str]) -> str:
    """One case-insensitive regular expression matching any of ``phrases`` in normalised text
    (see the module documentation); :data:`NEVER` for an empty list."""
    alternatives: list[str] = []
    for phrase in phrases:
        text = normalise(phrase).strip()
        stem = text.endswith("*")
        text = text.rstrip("*").strip()
        if not text:
            continue
        body = r"\s+".join(_escape(word) for word in text.split())
        head = r"\b" if _is_word(text[0]) else ""
        tail = r"\b" if _is_word(text[-1]) and not stem else ""
        alternatives.append(head + body + tail)
    return "(?i)(?:" + "|".join(alternatives) + ")" if alternatives else NEVER


def any_of(*patterns: str) -> str:
    """Patterns joined as alternatives; a leading ``(?i)`` stays with its own pattern."""
    return "|".join(f"(?i:{p[4:]})" if p.startswith("(?i)") else f"(?:{p})" for p in patterns)


def found(pattern: str, text: str | None) -> bool:
    """Whether ``pattern`` occurs in the normalised ``text`` (python side; None: no)."""
    return text is not None and re.search(pattern, normalise(text)) is not None


def first_match(pattern: str, text: str | None) -> str | None:
    """The first occurrence of ``pattern`` in the normalised ``text``, lower-cased (without
    the dot ``İ`` leaves), as
    :func:`first_match_expr` gives it (python side)."""
    if text is None:
        return None
    m = re.search(pattern, normalise(text))
    return _unmarked(m.group(0).lower()) if m else None


def first_match_expr(pattern: str, text: pl.Expr) -> pl.Expr:
    """:func:`first_match` as a polars expression (null where nothing matches)."""
    return normalised(text).str.extract(pattern, 0).str.to_lowercase() \
        .str.replace_all(r"\p{Mn}", "")
