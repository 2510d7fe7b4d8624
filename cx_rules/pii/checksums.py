"""The checks that tell a card, an IBAN or a national id from a number of the same shape.

Payment cards: the Luhn checksum; IBANs: the ISO 13616 mod-97 check; national ids: the US
SSN area/group/serial rules and the UK NINO prefix rule. Each in plain Python (``*_ok``, for
:func:`~cx_rules.pii.find_pii`) and as a polars expression (``*_expr``, for
:func:`~cx_rules.pii.find_pii_expr`), side by side so that the twins stay in step.
"""

from __future__ import annotations

import polars as pl

_NINO_BAD_PREFIXES = ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ")
_SSN_BAD_AREAS = ("000", "666")
_LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
_LETTER_NUMBERS = [str(c - ord("A") + 10) for c in range(ord("A"), ord("Z") + 1)]
#: 10^p mod 97 for p = 0..95; the powers of 10 repeat mod 97 with period 96.
_MOD97_WEIGHTS = [pow(10, p, 97) for p in range(96)]
#: Luhn contribution of two adjacent digits "ab" with b at an even position from the right:
#: the digit sum of 2a, plus b.
_LUHN_PAIRS = {f"{a}{b}": (2 * a if a < 5 else 2 * a - 9) + b for a in range(10) for b in range(10)}


# --------------------------------------------------------------------------- Python


def luhn_ok(value: str) -> bool:
    """13-19 digits passing the Luhn checksum, not all zeros, no leading ``+``."""
    if value.startswith("+"):
        return False
    digits = [int(ch) for ch in value if ch.isdigit()]
    if not 13 <= len(digits) <= 19 or not any(digits):
        return False
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def iban_ok(value: str) -> bool:
    """15-34 characters (spaces aside) passing the ISO 13616 mod-97 check."""
    compact = value.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def national_id_ok(value: str) -> bool:
    """SSN area/group/serial rules (``AAA-GG-SSSS``), or the NINO prefix rule."""
    if "-" in value:
        area, group, serial = value.split("-")
        return (area not in _SSN_BAD_AREAS and area[0] != "9"
                and group != "00" and serial != "0000")
    return value[:2] not in _NINO_BAD_PREFIXES


# --------------------------------------------------------------------------- polars


def luhn_expr(value: pl.Expr) -> pl.Expr:
    """Luhn checksum as a weighted digit sum over digit pairs, via ``list.eval``.

    The digits, left-padded with a zero to an even count (zeros add nothing), are cut into
    pairs ``ab``: ``b`` sits at an even position from the right and counts as is, ``a`` is
    doubled (digit sum of ``2a``), so a pair contributes ``_LUHN_PAIRS[ab]``.
    """
    digits = value.str.replace_all(" ", "", literal=True).str.replace_all("-", "", literal=True)
    length = digits.str.len_chars()
    even = pl.lit("0").str.head((length % 2).cast(pl.Int64)) + digits
    total = even.str.extract_all("[0-9]{2}").list.eval(
        pl.element().replace_strict(_LUHN_PAIRS, return_dtype=pl.Int64)).list.sum()
    return (length.is_between(13, 19) & (total % 10 == 0) & digits.str.contains("[1-9]")
            & ~value.str.starts_with("+"))


def iban_expr(value: pl.Expr) -> pl.Expr:
    """ISO 13616 mod-97 as a dot product with precomputed weights ``10^p mod 97``.

    The rearranged number (letters as 10-35; at most 72 digits) is cut from the right into
    four 18-digit chunks ``c_i`` (each fits a UInt64) at powers ``p = 0, 18, 36, 54``:
    ``number mod 97 = sum((c_i mod 97) * (10^p_i mod 97)) mod 97``.
    """
    compact = value.str.replace_all(" ", "", literal=True)
    rearranged = compact.str.slice(4) + compact.str.slice(0, 4)
    number = rearranged.str.replace_many(_LETTERS, _LETTER_NUMBERS)
    chunks = [number.str.tail(18)] + [
        number.str.tail(18 * (i + 1)).str.head(-18 * i) for i in range(1, 4)]
    dot = pl.sum_horizontal(
        chunk.cast(pl.UInt64, strict=False).fill_null(0) % 97 * _MOD97_WEIGHTS[18 * i]
        for i, chunk in enumerate(chunks)
    )
    return compact.str.len_chars().is_between(15, 34) & (dot % 97 == 1)


def national_id_expr(value: pl.Expr) -> pl.Expr:
    """SSN area/group/serial rules, or the NINO prefix rule."""
    area = value.str.slice(0, 3)
    ssn_ok = (~area.is_in(_SSN_BAD_AREAS) & ~area.str.starts_with("9")
              & (value.str.slice(4, 2) != "00") & (value.str.slice(7, 4) != "0000"))
    nino_ok = ~value.str.slice(0, 2).is_in(_NINO_BAD_PREFIXES)
    return pl.when(value.str.contains("-", literal=True)).then(ssn_ok).otherwise(nino_ok)
