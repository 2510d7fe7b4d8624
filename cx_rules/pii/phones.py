"""Phone numbers in the text the other passes left: candidates, verdicts and E.164 keys.

A candidate is a run of digit groups; `phonenumbers` (libphonenumber's data) decides whether
(a sub-run of) it is a valid number, a merely possible one, or a company's (claimed, never
reported). Both engines call :func:`phone_spans`, so they read phones alike.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Literal

import phonenumbers

from cx_rules.pii.entities import DIGIT_TABLE
from cx_rules.pii.settings import DEFAULT_REGIONS, Options

_GROUP = r"(?:\([0-9]{1,5}\)|[0-9]+)"
_PHONE_RUN = re.compile(rf"\+?{_GROUP}(?:(?:[ ]{{0,2}}|[ ]?[.\-][ ]?){_GROUP})*", re.ASCII)
_GROUP_RE = re.compile(_GROUP, re.ASCII)
#: a text without such a run of digits cannot hold a phone (both engines skip it)
PHONE_PREFILTER = r"[0-9](?:[ .()\-]{0,5}[0-9]){6}"
_Verdict = Literal["valid", "possible", "company", "no"]


@functools.lru_cache(maxsize=65536)
def _verdict(value: str, opts: Options) -> tuple[_Verdict, str | None]:
    """(verdict, E.164 form) of one candidate; ``no`` if it is not a phone number."""
    digits = sum(ch.isdigit() for ch in value)
    if not 7 <= digits <= 15:
        return "no", None
    regions: tuple[str | None, ...] = (None,) if value.startswith("+") else opts.regions
    possible: str | None = None
    for region in regions:
        try:
            number = phonenumbers.parse(value, region)
        except phonenumbers.NumberParseException:
            continue
        e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if phonenumbers.is_valid_number(number):
            kind = phonenumbers.number_type(number)
            if e164 in opts.company_phones or kind in opts.company_types:
                return "company", e164
            return "valid", e164
        if possible is None and phonenumbers.is_possible_number(number):
            possible = e164
    if possible is not None:
        return ("company" if possible in opts.company_phones else "possible"), possible
    return "no", None


def phone_key(value: str, regions: Sequence[str] = DEFAULT_REGIONS) -> str | None:
    """The E.164 form of a phone number as the detector reads it (``None``: not a number)."""
    return _verdict(value.translate(DIGIT_TABLE), Options(regions=tuple(regions)))[1]


def phone_spans(segment: str, opts: Options) -> list[tuple[int, int, bool]]:
    """Phone spans in unclaimed text: (start, end, reported). The same in both engines.

    In each run of digit groups, from the first group on: the longest sub-run of groups that
    is a valid number is taken (else the longest possible one); the search goes on after it.
    """
    out: list[tuple[int, int, bool]] = []
    for run in _PHONE_RUN.finditer(segment):
        base = run.start()
        text = run.group()
        groups = [m.span() for m in _GROUP_RE.finditer(text)]
        if sum(b - a for a, b in groups) < 7:
            continue
        i = 0
        while i < len(groups):
            best: tuple[int, _Verdict] | None = None
            for j in range(min(len(groups), i + 8) - 1, i - 1, -1):
                start = 0 if i == 0 and text.startswith("+") else groups[i][0]
                verdict, _ = _verdict(text[start:groups[j][1]], opts)
                if verdict in ("valid", "company"):
                    best = (j, verdict)
                    break
                if verdict == "possible" and best is None:
                    best = (j, verdict)
            if best is None:
                i += 1
                continue
            j, verdict = best
            start = 0 if i == 0 and text.startswith("+") else groups[i][0]
            reported = ((verdict == "valid" and opts.evidence in ("valid", "possible"))
                        or (verdict == "possible" and opts.evidence in ("possible", "uncertain")))
            out.append((base + start, base + groups[j][1], reported))
            i = j + 1
    return out
