"""Reference numbers (order, ticket, tracking, booking and account numbers) found by keyword.

A keyword of a reference entity (``Options.keywords``), an optional connector (``#``, ``№``,
``No.``, ``number``, ``номер``, ...) and an id; the first entity whose keywords start the match
names it. Keywords are written as explicit character classes (``[Oo][Rr]...``) rather than
with case folding, whose meaning differs between Python's ``re`` and polars' Rust ``regex``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from cx_rules.pii.entities import REFERENCES
from cx_rules.pii.settings import Options

# letters that may end a keyword ("sifarişim", "заказа"); explicit ranges, no \w
_LETTER = "A-Za-zÀ-ɏЀ-ӿ\u0621-\u064a\u0671-\u06d3"
_CONNECTOR = (r"[ \t]{0,3}(?:#|№|[Nn][Oo]\.?|[Nn][Rr]\.?|[Nn]umber|[Nn]um\.?|[Nn]ömrə[" + _LETTER
              + r"]*|[Nn]omer[" + _LETTER + r"]*|[Rr]aqam[" + _LETTER + r"]*|номер[" + _LETTER
              + r"]*|رقم|شماره)?[ \t]{0,3}[:#]?[ \t]{0,3}")
_REF_ID = r"[A-Za-z0-9]+(?:[-/][A-Za-z0-9]+)*\b"


def _ci(word: str) -> str:
    """``word`` as a case-insensitive pattern of explicit classes (``[Oo][Rr]...``)."""
    out = []
    for ch in word:
        other = ch.upper() if ch.lower() == ch else ch.lower()
        if other != ch and len(other) == 1:
            out.append(f"[{re.escape(ch)}{re.escape(other)}]")
        else:
            out.append(re.escape(ch))
    return "".join(out)


def _keyword_alternation(words: Sequence[str]) -> str:
    """ASCII keywords start at a word boundary; others (no ASCII boundary there) anywhere."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(rf"\b{_ci(w)}\b" if w.isascii() else f"{_ci(w)}[{_LETTER}]{{0,4}}"
                    for w in ordered)


def reference_pattern(opts: Options) -> str:
    """The reference pass: any entity's keyword, a connector and an id."""
    every = [w for _, words in opts.keywords for w in words]
    return f"(?:{_keyword_alternation(every)}){_CONNECTOR}{_REF_ID}"


@functools.cache
def reference_entity_patterns(opts: Options) -> tuple[tuple[str, str], ...]:
    """(entity, anchored pattern of its keywords): the first that matches a value names it."""
    return tuple((entity, f"^(?:{_keyword_alternation(words)})") for entity, words in opts.keywords)


def reference_entity(value: str, opts: Options) -> str:
    """The reference entity a match of :func:`reference_pattern` names (by its keyword)."""
    for entity, pattern in reference_entity_patterns(opts):
        if re.match(pattern, value, re.ASCII):
            return entity
    return REFERENCES[0]  # unreachable: the value starts with one of the keywords
