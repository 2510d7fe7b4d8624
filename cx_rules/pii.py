"""Personal data (PII) in message text: detection, vectorized and reference, and masking.

Entities (``ENTITIES``; the names are part of the ruleset format):

- ``email``: ``local@domain.tld`` (ASCII local part of dot-separated atoms, dotted domain,
  alphabetic TLD).
- ``phone``: 7-15 digits in all, an optional ``+CC`` country code (optionally ``(0)``), an
  optional ``(area)`` code and groups separated by single dots, or by single spaces followed
  by single dashes (``+44 20 7946 0958``, ``(555) 123-4567``, ``03331 031 031``,
  ``+1.555.123.4567``, or a single run such as ``07700900123``). Not phones: dates
  (``2026-11-23``, ``23.11.2026``), year ranges (``2024-2026``), prices (``19.99``, and price
  lists ``19.99 24.99`` do not join up), dotted thousands (``1.234.567``), IPv4 addresses.
- ``payment_card``: 13-19 digits, optionally with single spaces or single dashes (not both)
  between digit groups, passing the Luhn checksum, not all zeros and not written with a
  leading ``+`` (``+44 7700 9956 5448`` is a phone even if it passes Luhn). If the longest run
  fails Luhn, a ``4-4-4-4`` group at its start is tried as well (a card followed by a CVV
  ``4242 4242 4242 4242 123`` or an expiry ``... 4242 12/26``).
- ``iban``: country code (2 uppercase letters), 2 check digits, 11-30 uppercase
  alphanumerics, either compact or in groups of four separated by single spaces, passing the
  ISO 13616 mod-97 check.
- ``national_id``: US SSN ``AAA-GG-SSSS`` (area not 000, 666 or 900-999, group not 00, serial
  not 0000) or UK National Insurance number ``QQ 12 34 56 C`` (spaces optional; first letter
  not D/F/I/Q/U/V, second not D/F/I/O/Q/U/V, prefix not BG/GB/KN/NK/NT/TN/ZZ, suffix A-D).

Overlaps are resolved by precedence (``PRECEDENCE``): the text is scanned once per entity in
the order ``email > iban > national_id > payment_card > phone`` (rigid formats first) and each
entity *claims* the spans it reads; later entities never see claimed text. E-mail comes first
because a token with an ``@`` and a domain is an address even when its local part is digits;
national ids come before cards so that two SSNs in a row are not read as one card number.

- ``email``, ``iban`` and ``national_id`` claim every token of their *format*, valid or not:
  an IBAN with a typo is still an IBAN, so its digits are never reported as a card or phone,
  and ``666-45-6789`` is an invalid SSN, not a phone number.
- ``payment_card`` claims only Luhn-valid numbers: 13-15-digit international phone numbers
  share the card format, so a number failing Luhn stays available to ``phone``.

Tokens of a disabled entity (not in ``entities``) or in the allow list are claimed the same way
but not reported, so asking only for phones never reports a card number as a phone. The allow
list is compared after normalising both sides: e-mail lowercased; phone and payment card digits
only; IBAN and national id alphanumerics uppercased. Findings are returned in text order.

Regexes use ASCII word boundaries (``[A-Za-z0-9_]`` are word characters) in both engines:
``(?-u:\\b)`` for polars (Rust ``regex``) and ``re.ASCII`` for the reference.

Known limits: numbers separated by single spaces run together (``+44 20 7946 0958 24/7``
gives the phone ``+44 20 7946 0958 24``; a card glued to digit groups other than a ``4-4-4-4``
prefix is read as one longer number); a 13-15-digit phone number without ``+`` that happens to
pass Luhn (1 in 10) is reported as a card; an all-uppercase four-character word right after a
grouped IBAN (``... 3200 THEN``) is read as part of it; lowercase IBANs and NINOs are not
recognised.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

import polars as pl

ENTITIES: tuple[str, ...] = ("email", "phone", "payment_card", "iban", "national_id")
PRECEDENCE: tuple[str, ...] = ("email", "iban", "national_id", "payment_card", "phone")

_EMAIL = (r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
          r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_IBAN = r"\b[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)\b"
# a leading "+" is matched so that the check can tell "+44 7700 9956 5448" is a phone
_CARD = r"\+?(?:\b[0-9](?: ?[0-9]){12,18}\b|\b[0-9](?:-?[0-9]){12,18}\b)"
_CARD_4X4 = r"\+?(?:\b[0-9]{4}(?: [0-9]{4}){3}\b|\b[0-9]{4}(?:-[0-9]{4}){3}\b)"
_NATIONAL_ID = (r"\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b"
                r"|\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\b")
# [+CC [(0)]] [(area)] then digit groups: dot-separated, or spaces followed by dashes (a dash
# is never followed by a space group, so "555-123-4567 10 times" stops before " 10")
_PHONE = (r"(?:\+[0-9]{1,3}[ .-]?(?:\(0\)[ .-]?)?(?:\([0-9]{1,5}\)[ .-]?)?"
          r"|\([0-9]{1,5}\)[ .-]?|\b)"
          r"[0-9]{1,15}(?:(?:\.[0-9]{2,15})+|(?: [0-9]{2,15})*(?:-[0-9]{2,15})*)\b")

#: The scan passes, in precedence order: (entity, pattern written with ``\b``).
PASSES: tuple[tuple[str, str], ...] = (
    ("email", _EMAIL),
    ("iban", _IBAN),
    ("national_id", _NATIONAL_ID),
    ("payment_card", _CARD),
    ("payment_card", _CARD_4X4),
    ("phone", _PHONE),
)

# Phone-shaped tokens that are not phone numbers (searched in the token).
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_NOT_PHONE = (
    rf"(?:^|[^0-9])(?:[0-9]{{4}}[-./]{_MONTH}[-./]{_DAY}"            # 2026-11-23
    rf"|{_DAY}[-./]{_DAY}[-./](?:19|20)[0-9]{{2}})(?:[^0-9]|$)"       # 23.11.2026, 11/23/2026
    r"|^(?:19|20)[0-9]{2}-(?:19|20)[0-9]{2}$"                        # 2024-2026
    r"|^[0-9]{1,3}(?:\.[0-9]{3})+$"                                   # 1.234.567
    r"|^[0-9]{1,3}(?:\.[0-9]{1,3}){3}$"                               # 192.168.100.200
)
_NINO_BAD_PREFIXES = ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ")
_SSN_BAD_AREAS = ("000", "666")


def _check_entities(entities: Sequence[str]) -> None:
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
        return "".join(ch for ch in value if "0" <= ch <= "9")
    return "".join(ch for ch in value if ch.isascii() and ch.isalnum()).upper()


# --------------------------------------------------------------------------- reference

_PY_PASSES = tuple((entity, re.compile(pattern, re.ASCII)) for entity, pattern in PASSES)
# Python's backtracking engine would retry the e-mail pattern at every character of a long word
# without an "@" (quadratic; 20k characters took 12 s). The leftmost match can only start where
# a local-part atom starts, never inside an atom or right after "<atom>." (the match from that
# atom's start would be further left), so these lookbehinds keep the result and skip the
# retries. They must not see the previous match, hence ``_matches`` searches the rest of the
# text as a new string; the pattern has no ``\b`` or anchors that would notice.
_PY_EMAIL = re.compile(r"(?<![A-Za-z0-9_%+-])(?<![A-Za-z0-9_%+-]\.)" + _EMAIL, re.ASCII)
_PY_NOT_PHONE = re.compile(_NOT_PHONE, re.ASCII)


def _luhn_ok(value: str) -> bool:
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


def _iban_ok(value: str) -> bool:
    compact = value.replace(" ", "")
    if not 15 <= len(compact) <= 34:
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _national_id_ok(value: str) -> bool:
    if "-" in value:
        area, group, serial = value.split("-")
        return (area not in _SSN_BAD_AREAS and area[0] != "9"
                and group != "00" and serial != "0000")
    return value[:2] not in _NINO_BAD_PREFIXES


def _phone_ok(value: str) -> bool:
    digits = sum(ch.isdigit() for ch in value)
    return 7 <= digits <= 15 and _PY_NOT_PHONE.search(value) is None


_PY_VALID: dict[str, Callable[[str], bool]] = {
    "email": lambda value: True,
    "iban": _iban_ok,
    "payment_card": _luhn_ok,
    "national_id": _national_id_ok,
    "phone": _phone_ok,
}


def _matches(entity: str, regex: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """Spans of the non-overlapping matches, leftmost first (as ``finditer``)."""
    if entity != "email":
        for match in regex.finditer(text):
            yield match.span()
        return
    pos = 0
    while (found := _PY_EMAIL.search(text[pos:])) is not None:
        yield pos + found.start(), pos + found.end()
        pos += found.end()


def find_pii(text: str | None, entities: Sequence[str] = ENTITIES,
             allow: Sequence[str] = ()) -> list[tuple[str, str]]:
    """Plain-Python detection: ``(entity, value)`` pairs in text order.

    The reference for :func:`find_pii_expr`: each pass finds its matches with ``re``, records
    the reportable ones with their start offset, then blanks every claimed span (same length,
    so offsets stay those of the original text) before the next pass.
    """
    _check_entities(entities)
    if not text:
        return []
    wanted = set(entities)
    allowed = {entity: {normalise(entity, a) for a in allow} for entity in ENTITIES}
    work = text
    hits: list[tuple[int, str, str]] = []
    for entity, regex in _PY_PASSES:
        claimed: list[tuple[int, int]] = []
        for start, end in _matches(entity, regex, work):
            value = work[start:end]
            valid = _PY_VALID[entity](value)
            if valid and entity in wanted and normalise(entity, value) not in allowed[entity]:
                hits.append((start, entity, value))
            if valid or entity != "payment_card":
                claimed.append((start, end))
        if claimed:
            parts, previous_end = [], 0
            for start, end in claimed:
                parts += [work[previous_end:start], "\0" * (end - start)]
                previous_end = end
            work = "".join([*parts, work[previous_end:]])
    hits.sort()
    return [(entity, value) for _, entity, value in hits]


def mask(entity: str, value: str) -> str:
    """A report-safe form: the entity and just enough of the value to recognise it.

    ``payment_card ****4242``, ``email j***@example.com``, ``phone ***0958``,
    ``iban DE89 ****3000``, ``national_id ***-**-6789`` (SSN) or
    ``national_id ** ** ** 56 C`` (NINO).
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
    return f"{entity} ****{digits[-4:]}"


# --------------------------------------------------------------------------- vectorized
#
# Each pass rewrites the working text with one ``replace_all``, ``split`` and elementwise
# ``list.eval``: every match becomes its own list element marked by a leading \x03 (the text
# between matches stays in the other elements), and is rewritten as
#   - a tag \x04 <entity code> x <value in hex> x \x05 if reported,
#   - \x06 if only claimed,
#   - itself otherwise.
# Tags are invisible to later patterns: \x04, \x05, \x06 and the private-use entity codes
# are matched by no pattern and are not ASCII word characters, and "x<hex>x" is one lowercase
# ASCII word with no "@", "+", "(" or "-" in which no pattern can start (they start with one of
# those, an uppercase letter, or a digit after a word boundary). A final ``extract_all`` of the
# tags lists the findings in text order. Control characters \x02-\x06 in the input are
# replaced by \x01 first; no pattern matches either, so matching is unchanged.
#
# Inside ``list.eval`` a subexpression used twice is computed twice, so the checks below use
# each expensive subexpression (a regex, ``replace_many``) once or a few times.

_RUST_PASSES = tuple((entity, pattern.replace(r"\b", r"(?-u:\b)")) for entity, pattern in PASSES)
_RUST_NOT_PHONE = _NOT_PHONE.replace(r"\b", r"(?-u:\b)")
_CODES = {entity: chr(0xE100 + i) for i, entity in enumerate(ENTITIES)}
_LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
_LETTER_NUMBERS = [str(c - ord("A") + 10) for c in range(ord("A"), ord("Z") + 1)]
#: 10^p mod 97 for p = 0..95; the powers of 10 repeat mod 97 with period 96.
_MOD97_WEIGHTS = [pow(10, p, 97) for p in range(96)]
#: Luhn contribution of two adjacent digits "ab" with b at an even position from the right:
#: the digit sum of 2a, plus b.
_LUHN_PAIRS = {f"{a}{b}": (2 * a if a < 5 else 2 * a - 9) + b for a in range(10) for b in range(10)}
_RESULT = pl.List(pl.Struct({"entity": pl.String, "value": pl.String}))


def _luhn_expr(value: pl.Expr) -> pl.Expr:
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


def _iban_expr(value: pl.Expr) -> pl.Expr:
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


def _national_id_expr(value: pl.Expr) -> pl.Expr:
    """SSN area/group/serial rules, or the NINO prefix rule."""
    area = value.str.slice(0, 3)
    ssn_ok = (~area.is_in(_SSN_BAD_AREAS) & ~area.str.starts_with("9")
              & (value.str.slice(4, 2) != "00") & (value.str.slice(7, 4) != "0000"))
    nino_ok = ~value.str.slice(0, 2).is_in(_NINO_BAD_PREFIXES)
    return pl.when(value.str.contains("-", literal=True)).then(ssn_ok).otherwise(nino_ok)


def _phone_expr(value: pl.Expr) -> pl.Expr:
    """7-15 digits and none of the look-alikes (dates, amounts, IP addresses)."""
    return (value.str.count_matches("[0-9]").is_between(7, 15)
            & ~value.str.contains(_RUST_NOT_PHONE))


_EXPR_VALID: dict[str, Callable[[pl.Expr], pl.Expr]] = {
    "email": lambda value: pl.lit(True),
    "iban": _iban_expr,
    "payment_card": _luhn_expr,
    "national_id": _national_id_expr,
    "phone": _phone_expr,
}


def _normalise_expr(entity: str, value: pl.Expr) -> pl.Expr:
    if entity == "email":
        return value.str.to_lowercase()
    if entity in ("phone", "payment_card"):
        return value.str.replace_all("[^0-9]+", "")
    return value.str.replace_all("[^A-Za-z0-9]+", "").str.to_uppercase()


def _scan(work: pl.Expr, entity: str, pattern: str, report: bool,
          allowed: list[str]) -> pl.Expr:
    """One pass: tag reportable matches, blank claimed ones, put the rest back."""
    piece = pl.element()
    is_match = piece.str.starts_with("\x03")
    # the match without its marker, or "" (cheap to check) for the text between matches
    value = piece.str.slice(1, is_match.cast(pl.UInt32) * piece.str.len_bytes())
    valid = _EXPR_VALID[entity](value)
    claimed = valid if entity == "payment_card" else pl.lit(True)
    if report and allowed:
        reported = valid & ~_normalise_expr(entity, value).is_in(allowed)
    else:
        reported = valid if report else pl.lit(False)
    tag = pl.lit("\x04" + _CODES[entity] + "x") + value.str.encode("hex") + pl.lit("x\x05")
    rewritten = (
        pl.when(~is_match).then(piece)
        .when(reported).then(tag)
        .when(claimed).then(pl.lit("\x06"))
        .otherwise(value)
    )
    pieces = work.str.replace_all(pattern, "\x02\x03${0}\x02").str.split("\x02")
    return pieces.list.eval(rewritten).list.join("")


def find_pii_expr(text: pl.Expr, entities: Sequence[str] = ENTITIES,
                  allow: Sequence[str] = ()) -> pl.Expr:
    """Vectorized twin of :func:`find_pii`: ``List(Struct{entity, value})`` per row.

    Findings are in text order; a null or empty text gives an empty list. Only polars string,
    list and arithmetic expressions are used (no per-row Python callbacks).
    """
    _check_entities(entities)
    wanted = set(entities)
    # passes after the last wanted entity cannot change what is reported
    last = max((i for i, (entity, _) in enumerate(_RUST_PASSES) if entity in wanted), default=-1)
    work = text.cast(pl.String).fill_null("").str.replace_all("[\x02-\x06]", "\x01")
    for entity, pattern in _RUST_PASSES[:last + 1]:
        allowed = sorted({normalise(entity, a) for a in allow})
        work = _scan(work, entity, pattern, entity in wanted, allowed)
    names = pl.element().str.slice(1, 1).replace_strict(
        {code: entity for entity, code in _CODES.items()}, return_dtype=pl.String)
    values = pl.element().str.slice(3).str.strip_suffix("x\x05").str.decode("hex").cast(pl.String)
    return work.str.extract_all("\x04[^\x05]*\x05").list.eval(
        pl.struct(names.alias("entity"), values.alias("value"))
    ).cast(_RESULT)


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
