"""Personal data in message text: detection (vectorized and reference) and masking.

Entities, in precedence order (a token read as one entity is never read as a later one):

1. ``iban``: country code, check digits and 11-30 alphanumerics (spaces allowed every few
   characters) that pass the ISO 13616 mod-97 check;
2. ``payment_card``: 13-19 digits (single spaces or dashes between groups) passing Luhn;
3. ``national_id``: a US SSN ``AAA-GG-SSSS`` (not area 000/666/9xx, group 00 or serial 0000)
   or a UK National Insurance number (``QQ 12 34 56 C``, valid prefixes only);
4. ``email``;
5. ``phone``: 7-15 digits with optional ``+`` country code and spaces, dots, dashes or
   parentheses between groups; dates like ``2026-11-23`` are not phones.

Every token shaped like a higher-precedence entity is masked out before the next entity is
searched, whether or not its checksum passed (a 16-digit number failing Luhn is an order
number, not a phone). Results are listed by entity precedence, then in text order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import polars as pl

ENTITIES: tuple[str, ...] = ("iban", "payment_card", "national_id", "email", "phone")

_PATTERNS: dict[str, str] = {
    "iban": r"\b[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]){11,30}\b",
    "payment_card": r"\b[0-9](?:[ -]?[0-9]){12,18}\b",
    "national_id": (
        r"\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b|"
        r"\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\b"
    ),
    "email": r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}",
    "phone": r"(?:\+[0-9]{1,3}[ .-]?)?(?:\([0-9]{1,5}\)[ .-]?)?[0-9]{2,5}(?:[ .-][0-9]{2,5}){0,5}",
}
_DATE = r"^[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}$|^[0-9]{1,2}[-/.][0-9]{1,2}[-/.][0-9]{2,4}$"
_BAD_NINO_PREFIX = ("BG", "GB", "NK", "KN", "TN", "NT", "ZZ")
_MOD97_WEIGHTS = [pow(10, p, 97) for p in range(96)]
_LETTER_VALUES = {chr(c): str(c - 55) for c in range(ord("A"), ord("Z") + 1)}
_COMPILED = {name: re.compile(p) for name, p in _PATTERNS.items()}


# --------------------------------------------------------------------------- reference


def _luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 1:
            d = d * 2 - 9 if d * 2 > 9 else d * 2
        total += d
    return total % 10 == 0


def _iban_ok(compact: str) -> bool:
    if not 15 <= len(compact) <= 34:
        return False
    moved = compact[4:] + compact[:4]
    number = "".join(_LETTER_VALUES.get(c, c) for c in moved)
    return int(number) % 97 == 1


def _national_ok(token: str) -> bool:
    if "-" in token:
        area, group, serial = token.split("-")
        return area not in ("000", "666") and not area.startswith("9") and group != "00" \
            and serial != "0000"
    return token[:2] not in _BAD_NINO_PREFIX


def _phone_ok(token: str) -> bool:
    digits = sum(ch.isdigit() for ch in token)
    return 7 <= digits <= 15 and re.match(_DATE, token) is None


def _valid(entity: str, token: str) -> bool:
    if entity == "iban":
        return _iban_ok(token.replace(" ", ""))
    if entity == "payment_card":
        digits = token.replace(" ", "").replace("-", "")
        return 13 <= len(digits) <= 19 and _luhn_ok(digits)
    if entity == "national_id":
        return _national_ok(token)
    if entity == "phone":
        return _phone_ok(token)
    return True


def normalise(entity: str, value: str) -> str:
    """The form used to compare a finding with the allow list."""
    if entity == "email":
        return value.lower()
    return "".join(ch for ch in value if ch.isalnum()).upper()


def find_pii(text: str | None, entities: Sequence[str] = ENTITIES,
             allow: Sequence[str] = ()) -> list[tuple[str, str]]:
    """Plain-Python detection: (entity, value) pairs by precedence, then text order."""
    if not text:
        return []
    allowed = {normalise(e, a) for a in allow for e in ENTITIES}
    found: list[tuple[str, str]] = []
    for entity in ENTITIES:
        pattern = _COMPILED[entity]
        if entity in entities:
            for token in pattern.findall(text):
                if _valid(entity, token) and normalise(entity, token) not in allowed:
                    found.append((entity, token))
        text = pattern.sub(" ", text)
    return found


def mask(entity: str, value: str) -> str:
    """A report-safe form: the entity and just enough of the value to recognise it."""
    if entity == "email":
        local, _, domain = value.partition("@")
        return f"email {local[:1]}***@{domain}"
    compact = "".join(ch for ch in value if ch.isalnum())
    if entity == "iban":
        return f"iban {compact[:4]} ****{compact[-4:]}"
    return f"{entity} ****{compact[-4:]}"


# --------------------------------------------------------------------------- vectorized


def _digits(expr: pl.Expr) -> pl.Expr:
    return expr.str.split("").list.eval(pl.element().cast(pl.Int64))


def _luhn_expr(token: pl.Expr) -> pl.Expr:
    digits = token.str.replace_all(r"[ -]", "")
    doubled = pl.element() * 2
    summed = _digits(digits).list.reverse().list.eval(
        pl.when(pl.int_range(pl.len()) % 2 == 1)
        .then(pl.when(doubled > 9).then(doubled - 9).otherwise(doubled))
        .otherwise(pl.element())
    ).list.sum()
    n = digits.str.len_chars()
    return (n >= 13) & (n <= 19) & (summed % 10 == 0)


def _iban_expr(token: pl.Expr) -> pl.Expr:
    compact = token.str.replace_all(" ", "")
    moved = compact.str.slice(4) + compact.str.slice(0, 4)
    number = moved.str.split("").list.eval(
        pl.element().replace(_LETTER_VALUES)).list.join("")
    weights = pl.lit(pl.Series(_MOD97_WEIGHTS, dtype=pl.Int64))
    remainder = _digits(number).list.reverse().list.eval(
        pl.element() * weights.gather(pl.int_range(pl.len()) % 96)
    ).list.sum() % 97
    n = compact.str.len_chars()
    return (n >= 15) & (n <= 34) & (remainder == 1)


def _national_expr(token: pl.Expr) -> pl.Expr:
    ssn = token.str.contains("-", literal=True)
    area, group, serial = token.str.slice(0, 3), token.str.slice(4, 2), token.str.slice(7, 4)
    ssn_ok = (~area.is_in(["000", "666"])) & (~area.str.starts_with("9")) & (group != "00") \
        & (serial != "0000")
    nino_ok = ~token.str.slice(0, 2).is_in(list(_BAD_NINO_PREFIX))
    return pl.when(ssn).then(ssn_ok).otherwise(nino_ok)


def _phone_expr(token: pl.Expr) -> pl.Expr:
    digits = token.str.count_matches(r"[0-9]")
    return (digits >= 7) & (digits <= 15) & ~token.str.contains(_DATE)


_CHECKS = {"iban": _iban_expr, "payment_card": _luhn_expr, "national_id": _national_expr,
           "phone": _phone_expr}


def _normalise_expr(entity: str, value: pl.Expr) -> pl.Expr:
    if entity == "email":
        return value.str.to_lowercase()
    return value.str.replace_all(r"[^\p{L}\p{N}]", "").str.to_uppercase()


def find_pii_expr(text: pl.Expr, entities: Sequence[str] = ENTITIES,
                  allow: Sequence[str] = ()) -> pl.Expr:
    """Vectorized twin of :func:`find_pii`: ``List(Struct{entity, value})`` per row."""
    unknown = set(entities) - set(ENTITIES)
    if unknown:
        raise ValueError(f"unknown PII entities: {', '.join(sorted(unknown))}")
    current = text.fill_null("")
    parts: list[pl.Expr] = []
    for entity in ENTITIES:
        pattern = _PATTERNS[entity]
        if entity in entities:
            allowed = sorted({normalise(e, a) for a in allow for e in ENTITIES})
            keep = pl.lit(True)
            check = _CHECKS.get(entity)
            if check is not None:
                keep = check(pl.element())
            keep = keep & ~_normalise_expr(entity, pl.element()).is_in(allowed)
            tokens = current.str.extract_all(pattern).list.eval(pl.element().filter(keep))
            parts.append(tokens.list.eval(
                pl.struct(pl.lit(entity).alias("entity"), pl.element().alias("value"))))
        current = current.str.replace_all(pattern, " ")
    if not parts:
        return pl.lit([], dtype=pl.List(pl.Struct({"entity": pl.String, "value": pl.String})))
    return pl.concat_list(parts)


def mask_expr(entity: pl.Expr, value: pl.Expr) -> pl.Expr:
    """Vectorized twin of :func:`mask`."""
    compact = value.str.replace_all(r"[^\p{L}\p{N}]", "")
    local = value.str.split("@").list.first()
    domain = value.str.split_exact("@", 1).struct.field("field_1")
    return (
        pl.when(entity == "email").then(
            pl.lit("email ") + local.str.slice(0, 1) + pl.lit("***@") + domain)
        .when(entity == "iban").then(
            pl.lit("iban ") + compact.str.slice(0, 4) + pl.lit(" ****") + compact.str.slice(-4))
        .otherwise(entity + pl.lit(" ****") + compact.str.slice(-4))
    )
