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

One module per job: ``entities`` (names, precedence, the allow-list form), ``settings``
(:class:`Options` and its defaults), ``configure`` (:func:`options`, checked), ``phones``
(candidates, verdicts, :func:`phone_key`), ``references`` (reference numbers by keyword),
``patterns`` (the regex passes), ``checksums`` (Luhn, mod-97, SSN and NINO rules), ``find``
(:func:`find_pii`, plain Python), ``find_expr`` (:func:`find_pii_expr`, polars) and
``masking`` (:func:`mask`, :func:`mask_expr`). This module re-exports their public API.
"""

from cx_rules.pii.configure import options
from cx_rules.pii.entities import ENTITIES, PRECEDENCE, REFERENCES, normalise
from cx_rules.pii.find import find_pii
from cx_rules.pii.find_expr import find_pii_expr
from cx_rules.pii.masking import mask, mask_expr
from cx_rules.pii.patterns import PASSES
from cx_rules.pii.phones import PHONE_PREFILTER, phone_key
from cx_rules.pii.settings import (
    COMPANY_TYPES,
    DEFAULT_KEYWORDS,
    DEFAULT_OPTIONS,
    DEFAULT_REGIONS,
    Evidence,
    Options,
)

__all__ = ["COMPANY_TYPES", "DEFAULT_KEYWORDS", "DEFAULT_OPTIONS", "DEFAULT_REGIONS", "ENTITIES",
           "PASSES", "PHONE_PREFILTER", "PRECEDENCE", "REFERENCES", "Evidence", "Options",
           "find_pii", "find_pii_expr", "mask", "mask_expr", "normalise", "options",
           "phone_key"]
