"""Checked :class:`~cx_rules.pii.settings.Options` from a ruleset's PII settings.

:func:`options` validates the phone regions, the evidence level, the company's contacts (its
phones, parsed to E.164 with those regions, its e-mail domains and number types) and the
keywords per reference entity, and raises ``ValueError`` naming the first bad value.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import phonenumbers

from cx_rules.pii.entities import REFERENCES
from cx_rules.pii.phones import phone_key
from cx_rules.pii.settings import (
    COMPANY_TYPES,
    DEFAULT_KEYWORDS,
    DEFAULT_REGIONS,
    Evidence,
    Options,
)


def options(regions: Sequence[str] = DEFAULT_REGIONS, evidence: Evidence = "valid",
            company_phones: Sequence[str] = (), company_domains: Sequence[str] = (),
            company_types: Sequence[str] = tuple(COMPANY_TYPES),
            keywords: Mapping[str, Sequence[str]] | None = None) -> Options:
    """Checked :class:`Options`; company phones are parsed with ``regions``."""
    regions = tuple(r.upper() for r in regions)
    bad = [r for r in regions if r not in phonenumbers.SUPPORTED_REGIONS]
    if bad:
        raise ValueError(f"unknown phone region {bad[0]!r} (ISO 3166 alpha-2, e.g. US, GB)")
    if evidence not in ("valid", "possible", "uncertain"):
        raise ValueError(f"evidence must be valid, possible or uncertain, not {evidence!r}")
    unknown = sorted(set(company_types) - set(COMPANY_TYPES))
    if unknown:
        raise ValueError(f"unknown company number type {unknown[0]!r} "
                         f"(known: {', '.join(COMPANY_TYPES)})")
    phones = []
    for number in company_phones:
        key = phone_key(number, regions)
        if key is None:
            raise ValueError(f"company phone {number!r} is not a phone number in "
                             f"{'/'.join(regions)}")
        phones.append(key)
    words = dict(DEFAULT_KEYWORDS)
    for entity, given in (keywords or {}).items():
        if entity not in REFERENCES:
            raise ValueError(f"keywords for unknown reference entity {entity!r} "
                             f"(known: {', '.join(REFERENCES)})")
        if not given or any(not w.strip() for w in given):
            raise ValueError(f"keywords for {entity} must be non-empty words")
        words[entity] = tuple(w.strip() for w in given)
    return Options(regions=regions, evidence=evidence, company_phones=tuple(sorted(set(phones))),
                   company_domains=tuple(sorted({d.lower().lstrip("@.") for d in company_domains})),
                   company_types=tuple(sorted(COMPANY_TYPES[t] for t in set(company_types))),
                   keywords=tuple(words.items()))
