"""The PII entity names, their precedence, and the form findings are compared in.

The names in ``ENTITIES`` are part of the ruleset format. :func:`normalise` gives the form in
which a finding is compared with an allow list; Persian and Arabic-Indic digits are read as
ASCII digits (``DIGIT_TABLE``, owned by :mod:`cx_rules.text.digits` and shared with
fact extraction) before anything else, in both engines.
"""

from __future__ import annotations

from collections.abc import Sequence

from cx_rules.text.digits import ARABIC_DIGITS, DIGIT_TABLE, PERSIAN_DIGITS

REFERENCES: tuple[str, ...] = ("order_number", "ticket_number", "tracking_number",
                               "booking_reference", "account_number")
ENTITIES: tuple[str, ...] = ("email", "phone", "payment_card", "iban", "national_id",
                             *REFERENCES, "postal_address")
PRECEDENCE: tuple[str, ...] = ("email", "iban", "national_id", *REFERENCES, "postal_address",
                               "payment_card", "phone")

__all__ = ["ARABIC_DIGITS", "DIGIT_TABLE", "ENTITIES", "PERSIAN_DIGITS", "PRECEDENCE",
           "REFERENCES", "check_entities", "normalise"]


def check_entities(entities: Sequence[str]) -> None:
    """Raise unless ``entities`` is a sequence of names from ``ENTITIES``."""
    if isinstance(entities, str):
        raise TypeError(f"entities must be a sequence of entity names, not {entities!r}")
    unknown = sorted(set(entities) - set(ENTITIES))
    if unknown:
        raise ValueError(f"unknown PII entities: {', '.join(unknown)} "
                         f"(known: {', '.join(ENTITIES)})")


def normalise(entity: str, value: str) -> str:
    """The form in which a finding is compared with the allow list."""
    if entity == "email":
        return value.lower()
    if entity in ("phone", "payment_card"):
        return "".join(ch for ch in value.translate(DIGIT_TABLE) if "0" <= ch <= "9")
    return "".join(ch for ch in value if ch.isascii() and ch.isalnum()).upper()
