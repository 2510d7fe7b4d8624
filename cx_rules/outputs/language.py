"""The language of a run's messages: one catalogue language for every row, or each customer's
own (their profile's ``language``), applied to the violations and to the suppression reasons
of the actions after everything else is computed (the engines always work in English)."""

from __future__ import annotations

import polars as pl

from cx_rules.messages import LANGUAGES, localise, localise_matching
from cx_rules.outputs.policy import REASONS

CUSTOMER = "customer"
"""The language choice that renders each message in its customer's profile language."""

CHOICES: tuple[str, ...] = (*LANGUAGES, CUSTOMER)
"""Every valid ``language`` of a run."""


def check_language(language: str) -> str:
    """``language`` if it is one of :data:`CHOICES`; otherwise a ValueError naming them."""
    if language not in CHOICES:
        raise ValueError(f"language {language!r}: use one of {', '.join(CHOICES)}")
    return language


def _with_customer_language(frame: pl.DataFrame, customers: pl.DataFrame | None
                            ) -> pl.DataFrame | None:
    if customers is None or "language" not in customers.columns \
            or "customer_id" not in frame.columns:
        return None
    languages = (customers.select("customer_id", pl.col("language").alias("_language"))
                 .unique(subset="customer_id", keep="first"))
    return frame.join(languages, on="customer_id", how="left", maintain_order="left")


def violations_in(frame: pl.DataFrame, language: str,
                  customers: pl.DataFrame | None = None) -> pl.DataFrame:
    """Violation rows (``message``, ``message_id``, ``message_args``) in ``language``."""
    if language == "en" or frame.is_empty():
        return frame
    if language == CUSTOMER:
        work = _with_customer_language(frame, customers)
        if work is None:
            return frame
        return localise(work, pl.col("_language")).drop("_language")
    return localise(frame, language)


def reasons_in(frame: pl.DataFrame, language: str, customers: pl.DataFrame | None = None,
               column: str = "suppressed_reason") -> pl.DataFrame:
    """Action rows whose suppression reasons are in ``language``."""
    if language == "en" or frame.is_empty() or column not in frame.columns:
        return frame
    if language == CUSTOMER:
        work = _with_customer_language(frame, customers)
        if work is None:
            return frame
        return localise_matching(work, column, REASONS.values(), pl.col("_language")) \
            .drop("_language")
    return localise_matching(frame, column, REASONS.values(), language)
