"""The plain-Python detector, :func:`find_pii`: the reference the vectorized one is tested against.

Each pass of :data:`~cx_rules.pii.patterns.PASSES` finds its matches with ``re``, records the
reportable ones with their start offset and blanks every claimed span before the next pass;
phones are then read in each stretch of text between blanks.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence

from cx_rules.pii.checksums import iban_ok, luhn_ok, national_id_ok
from cx_rules.pii.entities import DIGIT_TABLE, ENTITIES, check_entities, normalise
from cx_rules.pii.patterns import (
    CHECKED,
    EMAIL,
    GLUED_PHONE,
    SHORT_GROUP,
    email_domain_pattern,
    regex_passes,
)
from cx_rules.pii.phones import PHONE_PREFILTER, phone_spans
from cx_rules.pii.references import reference_entity
from cx_rules.pii.settings import DEFAULT_OPTIONS, Options

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
