# ruff: noqa: RUF001, RUF002 - multilingual text (Cyrillic, Persian, Arabic) on purpose
"""Persian (۰-۹) and Arabic-Indic (٠-٩) digits, read as ASCII, length for length.

Every table here maps one character to one character, so a span found in the translated text
is the same span in the original (PII detection and fact extraction both rely on this).
"""

from __future__ import annotations

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
DIGIT_TABLE = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, "0123456789" * 2)
"""Persian and Arabic-Indic digits to ASCII digits (nothing else changes)."""

SEPARATOR_TABLE = str.maketrans({"٫": ".", "٬": ",", "،": ",", "\u2018": "'", "\u2019": "'",
                                 "\u02bb": "'", "\u02bc": "'", "`": "'", "\u2013": "-",
                                 "\u2014": "-", "\u00a0": " ", "\u202f": " "})
"""The Arabic decimal (٫) and thousands (٬) separators and the Arabic comma (،) as ASCII;
the apostrophes Uzbek Latin writes o' and g' with as ``'``; dashes as ``-``; no-break spaces as
spaces."""


def ascii_digits(text: str) -> str:
    """``text`` with Persian/Arabic-Indic digits and separators as ASCII, same length."""
    return text.translate(DIGIT_TABLE).translate(SEPARATOR_TABLE)
