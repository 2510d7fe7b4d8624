"""Masking: the report-safe form of a finding, :func:`mask` and its polars twin :func:`mask_expr`.

The entity and just enough of the value to recognise it (the last digits, an e-mail's first
letter and domain), never the value itself.
"""

from __future__ import annotations

import polars as pl


def mask(entity: str, value: str) -> str:
    """A report-safe form: the entity and just enough of the value to recognise it.

    ``payment_card ****4242``, ``email j***@example.com``, ``phone ***0958``,
    ``iban DE89 ****3000``, ``national_id ***-**-6789`` (SSN) or
    ``national_id ** ** ** 56 C`` (NINO), ``postal_address ***1AA``; references as
    ``order_number ****3377`` (the last four digits).
    """
    if entity == "email":
        local, _, domain = value.partition("@")
        return f"email {local[:1]}***@{domain}"
    digits = "".join(ch for ch in value if "0" <= ch <= "9")
    alnum = "".join(ch for ch in value if ch.isascii() and ch.isalnum())
    if entity == "phone":
        return f"phone ***{digits[-4:]}"
    if entity == "iban":
        return f"iban {alnum[:4]} ****{alnum[-4:]}"
    if entity == "national_id":
        if "-" in value:
            return f"national_id ***-**-{digits[-4:]}"
        return f"national_id ** ** ** {digits[-2:]} {alnum[-1:]}"
    if entity == "postal_address":
        return f"postal_address ***{alnum[-3:]}"
    return f"{entity} ****{digits[-4:]}"


def mask_expr(entity: pl.Expr, value: pl.Expr) -> pl.Expr:
    """Vectorized twin of :func:`mask`."""
    digits = value.str.replace_all("[^0-9]+", "")
    alnum = value.str.replace_all("[^A-Za-z0-9]+", "")
    local = value.str.split("@").list.first()
    domain = value.str.splitn("@", 2).struct.field("field_1")
    return (
        pl.when(entity == "email").then(
            pl.lit("email ") + local.str.slice(0, 1) + pl.lit("***@") + domain)
        .when(entity == "phone").then(pl.lit("phone ***") + digits.str.slice(-4))
        .when(entity == "iban").then(
            pl.lit("iban ") + alnum.str.slice(0, 4) + pl.lit(" ****") + alnum.str.slice(-4))
        .when((entity == "national_id") & value.str.contains("-", literal=True)).then(
            pl.lit("national_id ***-**-") + digits.str.slice(-4))
        .when(entity == "national_id").then(
            pl.lit("national_id ** ** ** ") + digits.str.slice(-2) + pl.lit(" ")
            + alnum.str.slice(-1))
        .otherwise(entity + pl.lit(" ****") + digits.str.slice(-4))
    )
