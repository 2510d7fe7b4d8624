"""Personal data (PII) in message text: detection, vectorized and reference, and masking.

Entities (``ENTITIES``; the names are part of the ruleset format):

- ``email``: ``local@domain.tld`` (ASCII local part of dot-separated atoms, dotted domain,
  alphabetic TLD).
- ``phone``: a number that `phonenumbers` (libphonenumber's data) accepts: with ``+CC`` in
  any country, otherwise in the first of the default ``regions`` (``DEFAULT_REGIONS``) where it
  is valid. A candidate is a run of digit groups separated by up to two spaces or by one dot or
  dash (``206 870  3013``, ``+44 (0)20 7946 0958``), also right after a word (``Mo8229880177``);
  when the whole run is not a number, its longest valid sub-run of groups is taken
  (``+44 20 7946 0958 24/7``). Each candidate gets a verdict:

  * ``valid``: a valid number (a real range of its country's plan);
  * ``possible``: only the right length for some region (``possible`` is what a random order
    number often is): *uncertain*, reported only with ``evidence="possible"`` or
    ``"uncertain"`` (see :func:`find_pii`);
  * company: a toll-free, shared-cost, premium-rate or UAN number (``COMPANY_TYPES``), a number
    in ``company.phones``: claimed, never reported.

- ``payment_card``: 13-19 digits, optionally with single spaces or single dashes (not both)
  between digit groups, passing the Luhn checksum, not all zeros and not written with a
  leading ``+``. If the longest run fails Luhn, a ``4-4-4-4`` group at its start is tried as
  well (a card followed by a CVV or an expiry).
- ``iban``: country code, 2 check digits, 11-30 uppercase alphanumerics, compact or in groups
  of four, passing the ISO 13616 mod-97 check.
- ``national_id``: US SSN ``AAA-GG-SSSS`` (area not 000, 666 or 900-999, group not 00, serial
  not 0000) or UK National Insurance number ``QQ 12 34 56 C``.
- ``order_number``, ``ticket_number``, ``tracking_number``, ``booking_reference``,
  ``account_number`` (``REFERENCES``): a keyword (``DEFAULT_KEYWORDS``, in English, Russian,
  Azerbaijani, Uzbek, Persian and Arabic; replaceable per entity) followed by an optional
  ``#``/``№``/``No.``/``number`` and an id of letters, digits and dashes holding at least three
  digits (``Order 48213377``, ``заказ № 7712-4431``, ``order #A-99213``); also UPS
  (``1Z`` + 16) and UPU (``RR123456789GB``) tracking numbers without a keyword.
- ``postal_address``: conservative: a US street line with its ZIP (``221 Baker Street,
  Springfield, IL 62704``) or a UK postcode written with its space (``SW1A 1AA``).

Overlaps are resolved by precedence (``PRECEDENCE``): the text is scanned once per pass, in
the order of ``PASSES``, and each pass *claims* the spans it reads; later passes never see
claimed text. Besides the entities, passes claim what only looks like personal data, without
reporting it: URLs, @handles (``@116705``), dotted version numbers and IPv4 addresses, dates,
times, prices and product codes (``SM-T280``, ``BA8733``). ``email``, ``iban`` and
``national_id`` claim every token of their format, valid or not; ``payment_card``, references
and look-alikes only the valid ones (their check decides what they are). The phone pass comes
last and runs in Python (``phonenumbers``) on the text that is left, in both engines.

Tokens of a disabled entity (not in ``entities``) or in the allow list are claimed the same way
but not reported. The allow list is compared after normalising both sides: e-mail lowercased;
phone and payment card digits only; others alphanumerics uppercased. Persian and
Arabic-Indic digits (U+06F0-U+06F9, U+0660-U+0669) are read as ASCII digits before anything
else, so values are reported with ASCII digits. Findings are returned in text order.

Regexes use ASCII word boundaries (``[A-Za-z0-9_]`` are word characters) in both engines:
``(?-u:\\b)`` for polars (Rust ``regex``) and ``re.ASCII`` for the reference; no pattern uses
``\\w``, ``\\s`` or case folding, whose meaning differs between the two.

Known limits: a 13-15-digit phone number without ``+`` that happens to pass Luhn (1 in 10) is
reported as a card; lowercase IBANs and NINOs are not recognised; an order number written
without a keyword is a phone if it is a valid number somewhere in ``regions``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence

import polars as pl

from cx_rules.pii.checksums import (
    iban_expr,
    iban_ok,
    luhn_expr,
    luhn_ok,
    national_id_expr,
    national_id_ok,
)
from cx_rules.pii.configure import options
from cx_rules.pii.entities import (
    ARABIC_DIGITS,
    DIGIT_TABLE,
    ENTITIES,
    PERSIAN_DIGITS,
    PRECEDENCE,
    REFERENCES,
    check_entities,
    normalise,
)
from cx_rules.pii.patterns import (
    CHECKED,
    EMAIL,
    GLUED_PHONE,
    PASSES,
    SHORT_GROUP,
    email_domain_pattern,
    regex_passes,
)
from cx_rules.pii.phones import PHONE_PREFILTER, phone_key, phone_spans
from cx_rules.pii.references import reference_entity, reference_entity_patterns
from cx_rules.pii.settings import (
    COMPANY_TYPES,
    DEFAULT_KEYWORDS,
    DEFAULT_OPTIONS,
    DEFAULT_REGIONS,
    Evidence,
    Options,
)

# --------------------------------------------------------------------------- reference

_PY_EMAIL = re.compile(r"(?<![A-Za-z0-9_%+-])(?<![A-Za-z0-9_%+-]\.)" + EMAIL, re.ASCII)
# Python's backtracking engine would retry the e-mail pattern at every character of a long word
# without an "@" (quadratic). The leftmost match can only start where a local-part atom starts,
# so these lookbehinds keep the result and skip the retries; ``_matches`` searches the rest of
# the text as a new string (the pattern has no ``\b`` or anchors that would notice).


@functools.cache
def _py_passes(opts: Options) -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, re.compile(pattern, re.ASCII)) for name, pattern in regex_passes(opts))


def _dotted_ok(value: str) -> bool:
    """A version or IPv4 address: no "+", groups of 1-3 digits, and not five or more pairs
    (``01.23.45.67.89`` is a French number)."""
    return (not value.startswith("+") and re.search("[0-9]{4}", value) is None
            and (value.count(".") <= 3 or SHORT_GROUP.search(value) is not None))


_PY_VALID: dict[str, Callable[[str], bool]] = {
    "email": lambda value: True,
    "url": lambda value: True,
    "iban": iban_ok,
    "national_id": national_id_ok,
    "reference": lambda value: sum(ch.isdigit() for ch in value) >= 3,
    "tracking_number": lambda value: True,
    "postal_address": lambda value: True,
    "handle": lambda value: True,
    "payment_card": luhn_ok,
    "dotted": _dotted_ok,
    "lookalike": lambda value: True,
    "decimal": lambda value: value.count(".") + value.count(",") == 1,
    "code": lambda value: GLUED_PHONE.match(value) is None,
}


def _matches(name: str, regex: re.Pattern[str], text: str) -> Iterator[tuple[int, int]]:
    """Spans of the non-overlapping matches, leftmost first (as ``finditer``)."""
    if name != "email":
        for match in regex.finditer(text):
            yield match.span()
        return
    pos = 0
    while (found := _PY_EMAIL.search(text[pos:])) is not None:
        yield pos + found.start(), pos + found.end()
        pos += found.end()


def _clean(text: str) -> str:
    """Both engines: Persian/Arabic-Indic digits as ASCII; the control characters the
    vectorized form uses internally (and NUL, the reference's blank) as ``\\x01``."""
    return re.sub("[\x00\x02-\x06]", "\x01", text.translate(DIGIT_TABLE))


def find_pii(text: str | None, entities: Sequence[str] = ENTITIES,
             allow: Sequence[str] = (), opts: Options = DEFAULT_OPTIONS
             ) -> list[tuple[str, str]]:
    """Plain-Python detection: ``(entity, value)`` pairs in text order.

    The reference for :func:`find_pii_expr`: each pass finds its matches with ``re``, records
    the reportable ones with their start offset, then blanks every claimed span (same length,
    so offsets stay those of the original text) before the next pass; phones are then read in
    each stretch of text between blanks.

    ``opts.evidence`` decides which phones are reported: ``valid`` (the default) valid numbers
    only, ``possible`` valid and merely possible ones, ``uncertain`` only the merely possible.
    """
    check_entities(entities)
    if not text:
        return []
    wanted = set(entities)
    allowed = {entity: {normalise(entity, a) for a in allow} for entity in ENTITIES}
    domains = email_domain_pattern(opts)
    work = _clean(text)
    hits: list[tuple[int, str, str]] = []
    for name, regex in _py_passes(opts):
        claimed: list[tuple[int, int]] = []
        for start, end in _matches(name, regex, work):
            value = work[start:end]
            valid = _PY_VALID[name](value)
            entity = reference_entity(value, opts) if name == "reference" else name
            if (valid and entity in wanted and normalise(entity, value) not in allowed[entity]
                    and not (entity == "email" and domains is not None
                             and re.search(domains, value.lower(), re.ASCII))):
                hits.append((start, entity, value))
            if valid or name not in CHECKED:
                claimed.append((start, end))
        if claimed:
            parts, previous_end = [], 0
            for start, end in claimed:
                parts += [work[previous_end:start], "\0" * (end - start)]
                previous_end = end
            work = "".join([*parts, work[previous_end:]])
    if "phone" in wanted and re.search(PHONE_PREFILTER, work, re.ASCII):
        for segment in re.finditer("[^\0]+", work):
            for start, end, reported in phone_spans(segment.group(), opts):
                value = segment.group()[start:end]
                if reported and normalise("phone", value) not in allowed["phone"]:
                    hits.append((segment.start() + start, "phone", value))
    hits.sort()
    return [(entity, value) for _, entity, value in hits]


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


# --------------------------------------------------------------------------- vectorized
#
# Each pass rewrites the working text with one ``replace_all``, ``split`` and elementwise
# ``list.eval``: every match becomes its own list element marked by a leading \x03 (the text
# between matches stays in the other elements), and is rewritten as
#   - a tag \x04 <entity code> _x <value in hex> x \x05 if reported,
#   - \x06 if only claimed,
#   - itself otherwise.
# Tags are invisible to later patterns: \x04, \x05, \x06 and the private-use entity codes
# are matched by no pattern and are not ASCII word characters, and "_x<hex>x" is one ASCII
# word starting with "_", with no "@", "+", "(", "-", "$" or ".", in which no pattern can
# start (they start with one of those, a keyword, or a letter or digit at a word boundary).
# The phone pass then runs in Python on the rows that may hold one, on the stretches of
# text between tags and \x06, which are exactly the
# reference's stretches between blanks. A final ``extract_all`` of the tags lists the findings
# in text order. Control characters \x00, \x02-\x06 in the input are replaced by \x01 first
# (in both engines); no pattern matches either, so matching is unchanged.

_CODES = {entity: chr(0xE100 + i) for i, entity in enumerate(ENTITIES)}
_TAG = "\x04[^\x05]*\x05"
_RESULT = pl.List(pl.Struct({"entity": pl.String, "value": pl.String}))


def _rust(pattern: str) -> str:
    return pattern.replace(r"\b", r"(?-u:\b)")


_EXPR_VALID: dict[str, Callable[[pl.Expr], pl.Expr]] = {
    "iban": iban_expr,
    "payment_card": luhn_expr,
    "national_id": national_id_expr,
    "reference": lambda value: value.str.count_matches("[0-9]") >= 3,
    "dotted": lambda value: (~value.str.starts_with("+") & ~value.str.contains("[0-9]{4}")
                             & ((value.str.count_matches(r"\.") <= 3)
                                | value.str.contains(SHORT_GROUP.pattern))),
    "decimal": lambda value: value.str.count_matches("[.,]") == 1,
    "code": lambda value: ~value.str.contains(GLUED_PHONE.pattern),
}


def _normalise_expr(entity: str, value: pl.Expr) -> pl.Expr:
    if entity == "email":
        return value.str.to_lowercase()
    if entity in ("phone", "payment_card"):
        return value.str.replace_all("[^0-9]+", "")
    return value.str.replace_all("[^A-Za-z0-9]+", "").str.to_uppercase()


def _scan(work: pl.Expr, name: str, pattern: str, wanted: set[str], allow: Sequence[str],
          opts: Options) -> pl.Expr:
    """One pass: tag reportable matches, blank claimed ones, put the rest back."""
    piece = pl.element()
    is_match = piece.str.starts_with("\x03")
    # the match without its marker, or "" (cheap to check) for the text between matches
    value = piece.str.slice(1, is_match.cast(pl.UInt32) * piece.str.len_bytes())
    check = _EXPR_VALID.get(name)
    valid = check(value) if check is not None else pl.lit(True)
    claimed = valid if name in CHECKED else pl.lit(True)
    tag_body = pl.lit("_x") + value.str.encode("hex") + pl.lit("x\x05")
    reported: pl.Expr
    code: pl.Expr
    if name == "reference":
        code = pl.lit(None, dtype=pl.String)
        # the first entity whose keyword starts the match names it (as reference_entity)
        for entity, anchored in reversed(reference_entity_patterns(opts)):
            hit = value.str.contains(_rust(anchored))
            ok = hit if entity in wanted else pl.lit(False)
            allowed = sorted({normalise(entity, a) for a in allow})
            if allowed and entity in wanted:
                ok = hit & ~_normalise_expr(entity, value).is_in(allowed)
            code = pl.when(ok).then(pl.lit(_CODES[entity])).when(hit).then(
                pl.lit(None, dtype=pl.String)).otherwise(code)
        reported = valid & code.is_not_null()
    elif name in wanted:
        code = pl.lit(_CODES[name])
        reported = valid
        allowed = sorted({normalise(name, a) for a in allow})
        if allowed:
            reported = reported & ~_normalise_expr(name, value).is_in(allowed)
        domains = email_domain_pattern(opts) if name == "email" else None
        if domains is not None:
            reported = reported & ~value.str.to_lowercase().str.contains(domains)
    else:
        code, reported = pl.lit(""), pl.lit(False)
    rewritten = (
        pl.when(~is_match).then(piece)
        .when(reported).then(pl.lit("\x04") + code + tag_body)
        .when(claimed).then(pl.lit("\x06"))
        .otherwise(value)
    )
    pieces = work.str.replace_all(pattern, "\x02\x03${0}\x02").str.split("\x02")
    return pieces.list.eval(rewritten).list.join("")


@functools.lru_cache(maxsize=16384)  # replies from templates repeat the same text
def _phone_rewrite(work: str, allowed: frozenset[str], opts: Options) -> str:
    """The phone pass on one working text: tags for reported phones, \\x06 for claimed ones."""
    out: list[str] = []
    for part in re.split(f"((?:{_TAG}|\x06)+)", work):
        if not part or part[0] in "\x04\x06":
            out.append(part)
            continue
        previous = 0
        for start, end, reported in phone_spans(part, opts):
            value = part[start:end]
            out.append(part[previous:start])
            if reported and normalise("phone", value) not in allowed:
                out.append("\x04" + _CODES["phone"] + "_x" + value.encode().hex() + "x\x05")
            else:
                out.append("\x06")
            previous = end
        out.append(part[previous:])
    return "".join(out)


def _phone_batch(works: pl.Series, allowed: frozenset[str], opts: Options) -> pl.Series:
    """The phone pass on a batch: only the rows with a long enough run of digits outside tags
    (polars decides which) are rewritten in Python."""
    left = works.str.replace_all(_TAG, "\x06")
    todo = left.str.contains(PHONE_PREFILTER).fill_null(False)
    if not todo.any():
        return works
    values = works.to_list()
    for i in todo.arg_true().to_list():
        values[i] = _phone_rewrite(values[i], allowed, opts)
    return pl.Series(works.name, values, dtype=pl.String)


def find_pii_expr(text: pl.Expr, entities: Sequence[str] = ENTITIES,
                  allow: Sequence[str] = (), opts: Options = DEFAULT_OPTIONS) -> pl.Expr:
    """Vectorized twin of :func:`find_pii`: ``List(Struct{entity, value})`` per row.

    Findings are in text order; a null or empty text gives an empty list. The regex passes
    are polars string, list and arithmetic expressions; phones are validated in Python
    (``phonenumbers``), only on the rows with a run of seven digits left by the other passes.
    """
    check_entities(entities)
    wanted = set(entities)
    passes = [(name, _rust(pattern)) for name, pattern in regex_passes(opts)]
    if "phone" not in wanted:
        # passes after the last wanted entity cannot change what is reported
        last = max((i for i, (name, _) in enumerate(passes)
                    if name in wanted or (name == "reference" and wanted & set(REFERENCES))),
                   default=-1)
        passes = passes[:last + 1]
    digits = list(PERSIAN_DIGITS + ARABIC_DIGITS)
    work = (text.cast(pl.String).fill_null("")
            .str.replace_many(digits, [str(i % 10) for i in range(len(digits))])
            .str.replace_all("[\x00\x02-\x06]", "\x01"))
    for name, pattern in passes:
        work = _scan(work, name, pattern, wanted, allow, opts)
    if "phone" in wanted:
        allowed = frozenset(normalise("phone", a) for a in allow)
        rewrite = functools.partial(_phone_batch, allowed=allowed, opts=opts)
        work = work.map_batches(rewrite, return_dtype=pl.String, is_elementwise=True)
    names = pl.element().str.slice(1, 1).replace_strict(
        {code: entity for entity, code in _CODES.items()}, return_dtype=pl.String)
    values = pl.element().str.slice(4).str.strip_suffix("x\x05").str.decode("hex").cast(pl.String)
    return work.str.extract_all(_TAG).list.eval(
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


__all__ = ["COMPANY_TYPES", "DEFAULT_KEYWORDS", "DEFAULT_OPTIONS", "DEFAULT_REGIONS", "ENTITIES",
           "PASSES", "PHONE_PREFILTER", "PRECEDENCE", "REFERENCES", "Evidence", "Options",
           "find_pii", "find_pii_expr", "mask", "mask_expr", "normalise", "options",
           "phone_key"]
