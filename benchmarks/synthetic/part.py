"""What to generate: a :class:`Part` of a log and the default ``RATES`` of its events."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from benchmarks.synthetic.vocab import DEFAULT_START


@dataclass(frozen=True)
class Part:
    """One self-contained piece of a log: its size, seed and where its ids start."""

    n_rows: int
    seed: int = 0
    start: datetime = DEFAULT_START
    days: int = 28
    n_customers: int | None = None
    customer_offset: int = 0
    case_offset: int = 0
    row_offset: int = 0
    widths: tuple[int, int, int] | None = None
    """Zero-padding of interaction, case and customer numbers (default: from the sizes)."""
    rates: dict[str, float] = field(default_factory=dict)
    """Overrides of ``RATES`` (e.g. ``{"pii": 0.0}``)."""

    def customers(self) -> int:
        """Number of customer profiles (about one per twelve touchpoints)."""
        return self.n_customers or max(10, self.n_rows // 12)


RATES: dict[str, float] = {
    "repeat": 0.06,  # case is a repeat contact on the previous case's topic within days
    "unanswered": 0.12,  # among 2-3 row cases: never answered (~3 % of all cases)
    "resolved": 0.72,
    "slow": 0.05,  # first reply 10-60x slower than usual
    "invite": 0.45,  # resolved: survey invitation
    "answer": 0.6,  # invited: csat answer
    "follow_up": 0.35,  # resolved: agent check-in days later
    "marketing": 0.05,  # answered: a marketing message days later
    "switch": 0.10,  # long cases: customer switches channel
    "claims": 0.6,  # claim topics: outbound messages state facts
    "contradict": 0.04,  # claim cases with 4+ rows: a later claim differs
    "promise": 0.10,  # long cases without claims: agent promises a time
    "promise_kept": 0.7,
    "pii": 0.01,  # outbound social replies containing personal data
    "verify_fail": 0.05,  # account topics: details shared before the identity check
    "business_hours": 0.9,  # agent replies held until the contact centre opens
    "night_owl": 0.12,  # customers who write at night and at weekends
    "quiet_marketing": 0.15,  # marketing sent in the evening (often quiet hours)
}
