"""The detector's regex passes, in precedence order, and the patterns they are made of.

Each pass claims the spans it reads, so later passes never see them; besides the entities,
passes claim what only looks like personal data (URLs, handles, versions and IPv4 addresses,
dates, times, prices, product codes). Patterns are written with ``\\b`` for an ASCII word
boundary and use no ``\\w``, ``\\s`` or case folding, so that Python's ``re`` (with
``re.ASCII``) and polars' Rust ``regex`` read them alike.
"""

from __future__ import annotations

import re

from cx_rules.pii.references import reference_pattern
from cx_rules.pii.settings import Options

EMAIL = (r"[A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*"
         r"@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_IBAN = r"\b[A-Z]{2}[0-9]{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: [A-Z0-9]{1,4})?)\b"
_NATIONAL_ID = (r"\b[0-9]{3}-[0-9]{2}-[0-9]{4}\b"
                r"|\b[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?[0-9]{2} ?[0-9]{2} ?[0-9]{2} ?[A-D]\b")
_TRACKING = r"\b1Z[0-9A-Z]{16}\b|\b[A-Z]{2}[0-9]{9}[A-Z]{2}\b"
_STREET = ("Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Way|Court|Ct|Place|Pl"
           "|Terrace|Parkway|Pkwy")
_POSTAL = (r"\b[0-9]{1,5}(?: [A-Z][A-Za-z]+){1,4} (?:" + _STREET + r")\.?"
           r"(?:,? [A-Z][A-Za-z]+(?: [A-Z][A-Za-z]+){0,2})?,? [A-Z]{2} [0-9]{5}(?:-[0-9]{4})?\b"
           r"|\b[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][ABD-HJLNP-UW-Z]{2}\b")
_URL = r"\b(?:[Hh][Tt][Tt][Pp][Ss]?://|[Ww][Ww][Ww]\.)[^ \t\n\r\"'<>]+"
_HANDLE = r"@[A-Za-z0-9_]+"
# a leading "+" is matched so that the check can tell "+44 7700 9956 5448" is a phone
_CARD = r"\+?(?:\b[0-9](?: ?[0-9]){12,18}\b|\b[0-9](?:-?[0-9]){12,18}\b)"
_CARD_4X4 = r"\+?(?:\b[0-9]{4}(?: [0-9]{4}){3}\b|\b[0-9]{4}(?:-[0-9]{4}){3}\b)"
_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH = r"(?:0?[1-9]|1[0-2])"
_DOTTED = r"\+?\b[0-9]+(?:\.[0-9]+){2,}\b"                         # 8.4.22.857, IPv4
_LOOKALIKE = (
    rf"\b[0-9]{{4}}[-./]{_MONTH}[-./]{_DAY}\b"                         # 2026-11-23
    rf"|\b{_DAY}[-./]{_DAY}[-./](?:19|20)[0-9]{{2}}\b"                  # 23.11.2026
    r"|\b(?:19|20)[0-9]{2}-(?:19|20)[0-9]{2}\b"                        # 2024-2026
    r"|\b[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\b"                          # 09:15
    r"|[$€£¥₹₽₼][ ]?[0-9][0-9.,]*"                                     # $1200
    r"|\b[0-9][0-9.,]*[ ]?(?:USD|EUR|GBP|INR|AZN|UZS|RUB|SAR|AED|IRR)\b"  # 1200 EUR
    r"|\b(?:USD|EUR|GBP|INR|AZN|UZS|RUB|SAR|AED|IRR|Rs\.?)[ ]?[0-9][0-9.,]*"
)
_DECIMAL = r"\b[0-9]+(?:[.,][0-9]{2})+\b"                            # 19.99 (one group)
_CODE = (r"\b[A-Za-z]+[0-9][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b"
         r"|\b[0-9]+[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*\b")

#: The regex passes, in precedence order: (name, pattern written with ``\b``). The name is an
#: entity, or ``reference`` (the keyword decides which reference entity), or one of the
#: claim-only passes ``url``, ``handle``, ``lookalike`` and ``code``. Phones come after these.
PASSES: tuple[tuple[str, str], ...] = (
    ("email", EMAIL),
    ("url", _URL),
    ("iban", _IBAN),
    ("national_id", _NATIONAL_ID),
    ("reference", ""),  # the pattern depends on the keywords (see reference_pattern)
    ("tracking_number", _TRACKING),
    ("postal_address", _POSTAL),
    ("handle", _HANDLE),
    ("payment_card", _CARD),
    ("payment_card", _CARD_4X4),
    ("dotted", _DOTTED),
    ("lookalike", _LOOKALIKE),
    ("decimal", _DECIMAL),
    ("code", _CODE),
)
_CLAIM_ONLY = frozenset({"url", "handle", "dotted", "lookalike", "decimal", "code"})
#: passes that claim only what their check accepts
CHECKED = frozenset({"payment_card", "reference", "dotted", "decimal", "code"})

#: the ``code`` pass's exception: letters glued to a phone number (``Mo8229880177``) are a phone
GLUED_PHONE = re.compile(r"^[A-Za-z]{1,6}[0-9]{7,15}$")
#: a dotted group of one or three digits: a version or IPv4 address, not a phone in pairs
SHORT_GROUP = re.compile(r"(?:^|\.)(?:[0-9]|[0-9]{3})(?:\.|$)")


def email_domain_pattern(opts: Options) -> str | None:
    """A pattern for lowercased e-mails of the company's domains (or subdomains), if any."""
    if not opts.company_domains:
        return None
    alternatives = "|".join(re.escape(d) for d in opts.company_domains)
    return rf"@(?:[a-z0-9-]+\.)*(?:{alternatives})$"


def regex_passes(opts: Options) -> tuple[tuple[str, str], ...]:
    """``PASSES`` with the reference pass's pattern built from ``opts.keywords``."""
    return tuple((name, reference_pattern(opts) if name == "reference" else pattern)
                 for name, pattern in PASSES)
