"""Facts and promises read from message text, in en, ru, az, uz (Latin and Cyrillic), fa, ar.

:func:`extract_facts` finds what the company told the customer (dates, amounts, durations),
:func:`extract_promises` what it committed to and by when, :func:`is_delay_notice` whether a
message only says the thing is still delayed. See :mod:`cx_rules.text.extract` for the
conventions. Persian and Arabic-Indic digits and separators are read (:mod:`cx_rules.text.digits`,
shared with PII detection).
"""

from __future__ import annotations

from cx_rules.text.extract import (
    MONDAY_TO_FRIDAY,
    Fact,
    Promise,
    extract_facts,
    extract_promises,
    is_delay_notice,
    zone_of,
)

__all__ = ["MONDAY_TO_FRIDAY", "Fact", "Promise", "extract_facts", "extract_promises",
           "is_delay_notice", "zone_of"]
