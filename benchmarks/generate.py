"""Seeded, vectorized generator of realistic customer-interaction logs.

Use it as a module::

    from benchmarks.generate import generate
    interactions, customers = generate(100_000, seed=1)

or as a command::

    python benchmarks/generate.py --rows 1000000 --seed 1 --out benchmarks/data/
    python benchmarks/generate.py --rows 50000000 --chunk-rows 5000000 --out benchmarks/data/
    python benchmarks/generate.py --sample --out examples/

The output follows the canonical interaction record (one row per touchpoint event, see
``INTERACTION_COLUMNS``) plus a customer-profile table (``CUSTOMER_COLUMNS``). ``claims`` is a
JSON object string and ``opted_out_channels`` a ``;``-separated list, exactly as a CSV export
would carry them; timestamps are ``Datetime("us", "UTC")``.

Everything is computed with polars expressions over whole columns; the only Python loops run
over a case's position (at most 12 steps), over a handful of time zones, or over the chunks of a
chunked run, never over rows. Random numbers come from a counter-based generator (SplitMix64 of
a row or case index and a per-stream constant), so a seed and a size always give the same log,
on any machine, without numpy.

What the synthetic log contains (rates are per case unless stated):

* cases of 2-12 touchpoints that start with an inbound customer message; opening channels
  email 35 %, chat 25 %, phone 15 %, social 10 %, the rest spread over the other channels;
* agent replies after log-normal delays per channel, moved into business hours
  (Mon-Fri 09:00-18:00 Europe/Berlin, with the Easter holidays) most of the time; a slow tail
  (~5 % of cases wait 10-60x longer for the first reply) and never-answered cases (~3 %);
* customers writing in their own time zone, some of them at night or at weekends;
* resolutions (~70 %), survey invitations with csat answers, follow-up check-ins days after the
  resolution, repeat contacts on the same topic within a week of a resolution (~6 %), channel
  switches mid-case (~5 %);
* claims (``delivery_date``, ``price``, ``refund_days``) in outbound messages, some contradicting
  an earlier claim of the same case (~3 % of the cases with claims);
* promises with ``promise_due``, ~70 % kept by the next outbound message, the rest broken;
* PII (e-mail addresses, phone numbers, Luhn-valid card numbers, valid IBANs) in ~1 % of the
  outbound social replies, and agents sharing account details before the identity check;
* outbound marketing messages, some to customers without consent, on opted-out channels or in
  the customer's quiet hours; csat and sentiment signals, some of them negative; ~5 % VIPs.
"""

from __future__ import annotations

import argparse
import functools
import hashlib
import json
import math
import random
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import polars as pl

# ---------------------------------------------------------------------------------------------
# Vocabularies
# ---------------------------------------------------------------------------------------------

INTERACTION_COLUMNS: tuple[str, ...] = (
    "interaction_id", "case_id", "customer_id", "timestamp", "channel", "direction", "actor",
    "agent_id", "text", "topic", "priority", "status", "purpose", "claims", "promise_due",
    "csat", "sentiment", "identity_verified",
)
"""The columns the generator writes, in order."""

CUSTOMER_COLUMNS: tuple[str, ...] = (
    "customer_id", "name", "tier", "segment", "preferred_channel", "language", "timezone",
    "quiet_hours", "marketing_consent", "opted_out_channels", "lifetime_value",
)

UTC_TS = pl.Datetime("us", "UTC")

INTERACTION_SCHEMA: dict[str, pl.DataType] = {
    "interaction_id": pl.String(), "case_id": pl.String(), "customer_id": pl.String(),
    "timestamp": UTC_TS, "channel": pl.String(), "direction": pl.String(),
    "actor": pl.String(), "agent_id": pl.String(), "text": pl.String(), "topic": pl.String(),
    "priority": pl.String(), "status": pl.String(), "purpose": pl.String(),
    "claims": pl.String(), "promise_due": UTC_TS, "csat": pl.Float64(),
    "sentiment": pl.Float64(), "identity_verified": pl.Boolean(),
}
"""Polars dtypes of the generated interactions (claims as JSON text)."""

CUSTOMER_SCHEMA: dict[str, pl.DataType] = {
    "customer_id": pl.String(), "name": pl.String(), "tier": pl.String(),
    "segment": pl.String(), "preferred_channel": pl.String(), "language": pl.String(),
    "timezone": pl.String(), "quiet_hours": pl.String(), "marketing_consent": pl.Boolean(),
    "opted_out_channels": pl.String(), "lifetime_value": pl.Float64(),
}
"""Polars dtypes of the generated customer profiles (opted-out channels as ``a;b`` text)."""

CHANNELS: tuple[str, ...] = (
    "email", "chat", "phone", "sms", "social", "web", "in_person", "self_service", "callback",
    "virtual_assistant",
)
EMAIL, CHAT, PHONE, SMS, SOCIAL, WEB, IN_PERSON, SELF_SERVICE, CALLBACK, VA = range(10)
OPEN_CHANNEL_WEIGHTS = (35, 25, 15, 4, 10, 4, 1, 2, 1, 3)
LIVE_CHANNELS = (CHAT, PHONE, IN_PERSON, CALLBACK)
"""Channels a customer can only use while the contact centre is open."""

TOPICS: tuple[str, ...] = (
    "billing", "delivery", "refund", "technical", "account", "cancellation", "general",
)
BILLING, DELIVERY, REFUND, TECHNICAL, ACCOUNT, CANCELLATION, GENERAL = range(7)
TOPIC_WEIGHTS = (18, 25, 14, 17, 12, 7, 7)
CLAIM_KEYS = {DELIVERY: "delivery_date", BILLING: "price", REFUND: "refund_days",
              CANCELLATION: "refund_days"}
VERIFIED_TOPICS = (BILLING, ACCOUNT, CANCELLATION)
"""Topics where the agent must check the caller's identity before discussing the account."""

PRIORITIES: tuple[str, ...] = ("low", "normal", "high", "urgent")
PRIORITY_WEIGHTS = (20, 55, 18, 7)
VIP_PRIORITY_WEIGHTS = (5, 45, 35, 15)
TIERS: tuple[str, ...] = ("standard", "gold", "vip")
TIER_WEIGHTS = (80, 15, 5)
SEGMENTS: tuple[str, ...] = ("consumer", "small_business", "enterprise")
SEGMENT_WEIGHTS = (70, 22, 8)
PREFERRED: tuple[int, ...] = (EMAIL, CHAT, PHONE, SMS, SOCIAL, WEB)
PREFERRED_WEIGHTS = (40, 20, 15, 10, 8, 7)
QUIET_HOURS: tuple[str | None, ...] = (None, "21:00-08:00", "22:00-07:00", "20:00-09:00")
QUIET_WEIGHTS = (35, 30, 25, 10)
OPT_OUTS: tuple[str, ...] = ("", "sms", "phone", "email", "sms;phone", "social")
OPT_OUT_WEIGHTS = (82, 7, 4, 2, 3, 2)

LOCALES: tuple[tuple[str, str, int], ...] = (
    ("de", "Europe/Berlin", 30), ("de", "Europe/Vienna", 5), ("de", "Europe/Zurich", 3),
    ("en", "Europe/London", 14), ("en", "Europe/Dublin", 3), ("en", "America/New_York", 10),
    ("en", "America/Chicago", 4), ("en", "America/Los_Angeles", 4), ("fr", "Europe/Paris", 12),
    ("es", "Europe/Madrid", 10), ("en", "Europe/Berlin", 5),
)
LANGUAGES: tuple[str, ...] = ("de", "en", "fr", "es")
TIMEZONES: tuple[str, ...] = tuple(dict.fromkeys(tz for _, tz, _ in LOCALES))
PHONE_PREFIX = {"de": "+49 151 ", "en": "+44 7700 9", "fr": "+33 6 ", "es": "+34 612 "}
FIRST_NAMES = {
    "de": ("Anna", "Lukas", "Lea", "Jonas", "Sophie", "Felix", "Marie", "Paul", "Hannah",
           "Leon", "Clara", "Moritz"),
    "en": ("Emma", "Oliver", "Grace", "Jack", "Chloe", "Harry", "Amelia", "James", "Olivia",
           "Noah", "Ava", "Ethan"),
    "fr": ("Camille", "Louis", "Chloe", "Hugo", "Manon", "Jules", "Ines", "Arthur", "Lea",
           "Gabriel", "Alice", "Nathan"),
    "es": ("Lucia", "Hugo", "Sofia", "Mateo", "Martina", "Pablo", "Paula", "Daniel", "Elena",
           "Alvaro", "Carmen", "Diego"),
}
LAST_NAMES = {
    "de": ("Schmidt", "Weber", "Fischer", "Becker", "Wagner", "Hoffmann", "Koch", "Richter",
           "Klein", "Wolf", "Neumann", "Braun"),
    "en": ("Smith", "Jones", "Taylor", "Brown", "Wilson", "Evans", "Walker", "Clarke",
           "Wright", "Hughes", "Carter", "Miller"),
    "fr": ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Petit", "Durand", "Leroy",
           "Moreau", "Laurent", "Simon", "Michel"),
    "es": ("Garcia", "Lopez", "Martinez", "Sanchez", "Perez", "Gomez", "Ruiz", "Diaz",
           "Moreno", "Alonso", "Romero", "Navarro"),
}
AGENT_NAMES: tuple[str, ...] = (
    "Mia", "Tom", "Sara", "Ben", "Nina", "Omar", "Lena", "Tim", "Julia", "Max", "Eva", "Sam",
    "Kim", "Alex", "Ida", "Finn", "Zoe", "Luca", "Rosa", "Jan", "Vera", "Nils", "Ella", "Ravi",
)
PRODUCTS: tuple[str, ...] = (
    "router", "headphones", "coffee machine", "smart watch", "e-bike battery", "robot vacuum",
    "standing desk", "kettle", "tablet", "baby monitor",
)
PRICES: tuple[str, ...] = ("19.99", "24.90", "39.00", "49.99", "89.00", "129.00", "249.00")
REFUND_DAYS_ALT: tuple[str, ...] = ("7", "10", "30")
PII_CARDS: tuple[str, ...] = (
    "4111 1111 1111 1111", "5555 5555 5555 4444", "4012 8888 8888 1881", "3782 822463 10005",
)
"""Well-known Luhn-valid test card numbers."""
PII_IBANS: tuple[str, ...] = (
    "DE89 3704 0044 0532 0130 00", "GB82 WEST 1234 5698 7654 32",
    "FR14 2004 1010 0505 0001 3M02 606", "ES91 2100 0418 4502 0005 1332",
)
"""Well-known IBANs with a valid mod-97 checksum."""

BRAND = "Nordwave"
BRAND_HANDLE = "@NordwaveHelp"
BERLIN = "Europe/Berlin"
HOLIDAYS: tuple[date, ...] = (date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 1),
                              date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 26))
"""Days the contact centre is closed (as in the cx-baseline ruleset's calendar)."""

DEFAULT_START = datetime(2026, 3, 2, tzinfo=UTC)
"""Monday 2 March 2026, 00:00 UTC."""
MIN_CASE_ROWS, MAX_CASE_ROWS = 2, 12
CASE_SIZE_WEIGHTS = (9, 13, 15, 14, 12, 10, 8, 6, 5, 4, 4)
"""Weights of case sizes 2..12 (mean about 5.9 touchpoints)."""

# Row roles (the structural part of a touchpoint).
OPEN, CUST, CHASE, REPLY, PENDING, RESOLVE, INVITE, ANSWER, FOLLOW_UP, MARKETING = range(10)
INBOUND_ROLES = (OPEN, CUST, CHASE, ANSWER)
CUSTOMER_ROLES = (OPEN, CUST, CHASE)
AGENT_ROLES = (REPLY, PENDING, RESOLVE, FOLLOW_UP)
SYSTEM_ROLES = (INVITE, ANSWER, MARKETING)

# ---------------------------------------------------------------------------------------------
# Text templates: TEMPLATES[kind][topic or "*"] -> texts. Placeholders are filled per row.
# ---------------------------------------------------------------------------------------------

TEMPLATES: dict[str, dict[str, tuple[str, ...]]] = {
    "open": {
        "billing": (
            "I was charged twice for order {order}. Can you please check?",
            "My invoice for {order} shows a higher amount than the price in the shop.",
            "Why did my monthly payment go up this month? Nobody told me about a change.",
            "I paid for {order} but the invoice still says unpaid.",
            "There is a charge on my statement I do not recognise. Please explain.",
        ),
        "delivery": (
            "Where is my order {order}? It was supposed to arrive two days ago.",
            "The tracking for {order} has not moved since Monday.",
            "My {product} was marked as delivered but there is nothing at my door.",
            "Can you tell me when {order} will arrive? I need it before the weekend.",
            "The parcel with my {product} arrived damaged. What now?",
        ),
        "refund": (
            "I returned my {product} two weeks ago and still have no refund.",
            "How long does a refund take? I sent back order {order} last week.",
            "I cancelled {order} before it shipped. When do I get my money back?",
            "You confirmed my return of the {product} but the refund is missing.",
        ),
        "technical": (
            "My {product} stopped connecting to the app after the last update.",
            "The {product} keeps restarting every few minutes. I tried a reset already.",
            "I cannot log in to the app, it says 'unknown error' every time.",
            "The {product} shows error E42 and will not turn on.",
            "Firmware update failed halfway and now the {product} is stuck.",
        ),
        "account": (
            "I cannot reset my password, the reset mail never arrives.",
            "Please change the delivery address on my profile, I moved last month.",
            "Someone else's order shows up in my order list. Is my login safe?",
            "I want to change the e-mail address I use to log in.",
        ),
        "cancellation": (
            "I want to cancel my subscription at the end of this month.",
            "How do I cancel order {order}? I ordered the wrong size.",
            "Please cancel my contract. What is the notice period?",
            "I tried to cancel online but the button does nothing.",
        ),
        "general": (
            "Do you have the {product} in stock in black?",
            "Is there a warranty extension for the {product}?",
            "Can I pick up my order in a store instead of delivery?",
            "What are your opening hours over Easter?",
        ),
    },
    "cust": {
        "*": (
            "Thanks. Here is the information you asked for.",
            "I tried that but it did not help, unfortunately.",
            "OK, I have attached a photo.",
            "Any news on this?",
            "That is not what I was told last time.",
            "Thanks for the quick answer. One more question though.",
            "It still does not work.",
            "Yes, that is correct.",
        ),
        "delivery": (
            "The tracking still says 'in transit'.",
            "Can you send it to my work address instead?",
            "Nobody rang the bell, I was home all day.",
        ),
        "refund": (
            "I still do not see the money on my account.",
            "I sent the return with the prepaid label, tracking says it arrived.",
        ),
        "technical": (
            "I did the reset as you described, same error.",
            "The serial number is on the back, it starts with NW.",
        ),
    },
    "chase": {
        "*": (
            "Hello? Is anybody reading this?",
            "Still waiting for an answer to my message.",
            "This is my second message about this. Please respond.",
            "Can someone please get back to me?",
            "I have been waiting for days now.",
        ),
    },
    "switch": {
        "*": (
            "I already wrote about this on {prev_channel} but nobody answered, so I am trying "
            "here.",
            "Nobody replied on {prev_channel}. Can you help me here instead?",
            "Following up here because my {prev_channel} message got no reply.",
        ),
    },
    "repeat": {
        "*": (
            "Hi again, the problem from last week is back.",
            "I was told this was fixed, but it is happening again.",
            "Same issue as before. Your last answer did not solve it.",
        ),
        "delivery": ("My order still has not arrived, even though you said it was sorted.",),
        "refund": ("The refund you confirmed last week never arrived.",),
        "technical": ("The {product} has the same fault again since yesterday.",),
    },
    "reply": {
        "billing": (
            "Thanks for reaching out. I am looking into the charge for {order} now.",
            "I can see two payment attempts; one of them will be released automatically.",
            "I have asked our billing team to check the invoice for {order}.",
        ),
        "delivery": (
            "Thanks for your patience. I have asked the carrier for an update on {order}.",
            "The carrier reports a delay in the regional depot. I am on it.",
            "I have opened an investigation with the carrier for {order}.",
        ),
        "refund": (
            "Thanks. I can see the return of your {product} has been received.",
            "I have checked order {order}: the return is being processed.",
        ),
        "technical": (
            "Sorry about that. Could you hold the reset button for 10 seconds and try again?",
            "Thanks. Which app version do you have installed?",
            "This looks like a known issue with the last update. A fix is on its way.",
        ),
        "account": (
            "Thanks. For security reasons I will send a new reset link now.",
            "I can help with that once we have confirmed it is you.",
        ),
        "cancellation": (
            "Sorry to see you go. I can take care of the cancellation for you.",
            "Thanks. I have noted your cancellation request.",
        ),
        "general": (
            "Thanks for asking! Let me check that for you.",
            "Good question. I am checking with the team.",
        ),
    },
    "pending": {
        "*": (
            "Could you send us a photo of the label so we can check further?",
            "Could you confirm the order number so I can continue?",
            "Please let us know if this works for you.",
            "I will wait for your reply before I close this.",
        ),
    },
    "resolve": {
        "billing": (
            "The duplicate charge has been reversed. You will see it within 3-5 days.",
            "I have corrected the invoice for {order}. Sorry for the trouble.",
        ),
        "delivery": (
            "Good news: {order} has been delivered today.",
            "A replacement {product} is on its way to you. Sorry again.",
        ),
        "refund": (
            "Your refund for {order} has been issued.",
            "The refund has been processed to your original payment method.",
        ),
        "technical": (
            "Glad it works again! I will close this ticket now.",
            "The fix has been applied. Everything should run normally again.",
        ),
        "account": (
            "Done: your login e-mail has been updated.",
            "Your password reset works now. Have a good day!",
        ),
        "cancellation": (
            "Your cancellation is confirmed. You will receive a confirmation by e-mail.",
            "Order {order} has been cancelled.",
        ),
        "general": (
            "Happy to help! Let us know if there is anything else.",
            "I hope this answers your question. Have a nice day!",
        ),
    },
    "claim": {
        "delivery": (
            "Your parcel is scheduled to arrive on {claim}.",
            "The carrier confirmed delivery of {order} on {claim}.",
            "Your {product} will be delivered on {claim}.",
        ),
        "billing": (
            "The correct price for your {product} is {claim} EUR.",
            "Your new monthly amount is {claim} EUR.",
        ),
        "refund": (
            "Refunds are paid within {claim} days after we receive the item.",
            "You will get your money back within {claim} days.",
        ),
        "cancellation": (
            "Any amount already paid is refunded within {claim} days of the cancellation.",
        ),
    },
    "promise": {
        "*": (
            "I will call you back by {due} with an update.",
            "I will get back to you by {due} at the latest.",
            "Let me check with the warehouse; you will hear from me by {due}.",
        ),
    },
    "promise_kept": {
        "*": (
            "As promised, here is the update on your case.",
            "Calling you back as agreed: we found the cause.",
        ),
    },
    "promise_late": {
        "*": (
            "Apologies, I know I promised to get back to you sooner.",
            "Sorry for the delay, this took longer than I said.",
        ),
    },
    "account": {
        "*": (
            "I can see your account balance is 23.40 EUR and the card ending {last4} is active.",
            "Your address on file is the one in Berlin, and your account number ends in {last4}.",
            "Looking at your order history, the last order was {order}.",
        ),
    },
    # personal data in a reply, one kind per pool (in the order of PII_KINDS)
    "pii_card": {
        "*": (
            "we checked the payment from card {pii} and it was declined by the bank.",
            "the refund goes back to the card {pii} within a few days.",
        ),
    },
    "pii_iban": {
        "*": (
            "we will refund the amount to {pii} within a few days.",
            "the direct debit from {pii} failed, please check with your bank.",
        ),
    },
    "pii_email": {
        "*": (
            "thanks, we found your account under {pii}.",
            "we have sent the details to {pii}, please check your inbox.",
        ),
    },
    "pii_phone": {
        "*": (
            "we tried to reach you at {pii} but could not get through.",
            "a colleague will call you at {pii} this afternoon.",
        ),
    },
    "bot": {
        "*": (
            "Hi, I am Wave, the {brand} assistant. I can help with orders, returns and more.",
            "I found this article that might help: 'Troubleshooting your {product}'.",
            "Did that answer your question? You can also ask for a human agent.",
        ),
    },
    "invite": {
        "*": (
            "How did we do? Please rate your experience with {brand} support from 1 to 5.",
            "Your case is closed. Tell us in one click how satisfied you are.",
        ),
    },
    "answer": {
        "*": (
            "Survey answer: {csat} out of 5.",
            "Customer rated the support {csat}/5.",
        ),
    },
    "follow_up": {
        "*": (
            "Just checking in: is everything working as it should now?",
            "We wanted to make sure your issue is fully solved. Anything else we can do?",
            "Following up on your recent request. Reply here if anything is still open.",
        ),
    },
    "marketing": {
        "*": (
            "Spring sale at {brand}: 20% off all {product} models this week only!",
            "Hi {first}, your favourites are back in stock. Order now with free shipping.",
            "{first}, we have a special offer for loyal customers: 15% off your next order.",
            "New at {brand}: the next-generation {product}. Pre-order today.",
        ),
    },
}

TEXT_KINDS: tuple[str, ...] = tuple(TEMPLATES)
KIND = {name: i for i, name in enumerate(TEXT_KINDS)}
PLACEHOLDERS: tuple[str, ...] = (
    "{first}", "{agent}", "{order}", "{product}", "{claim}", "{due}", "{pii}", "{prev_channel}",
    "{csat}", "{last4}",
)


@dataclass(frozen=True)
class _TemplateTable:
    """All templates flattened: texts[i], and the pool (offset, size) per (kind, topic)."""

    texts: tuple[str, ...]
    offsets: tuple[int, ...]
    sizes: tuple[int, ...]


@functools.cache
def _template_table() -> _TemplateTable:
    texts: list[str] = []
    offsets: list[int] = []
    sizes: list[int] = []
    for kind in TEXT_KINDS:
        pools = TEMPLATES[kind]
        fallback = pools.get("*") or next(iter(pools.values()))
        for topic in TOPICS:
            pool = pools.get(topic, fallback)
            offsets.append(len(texts))
            sizes.append(len(pool))
            texts.extend(t.replace("{brand}", BRAND) for t in pool)
    return _TemplateTable(tuple(texts), tuple(offsets), tuple(sizes))


# ---------------------------------------------------------------------------------------------
# Counter-based random numbers as polars expressions
# ---------------------------------------------------------------------------------------------

_GOLDEN = 0x9E3779B97F4A7C15
_BUCKETS = 4096


def _u64(value: int) -> pl.Expr:
    return pl.lit(value & 0xFFFFFFFFFFFFFFFF, dtype=pl.UInt64)


def _mix64(x: pl.Expr) -> pl.Expr:
    """SplitMix64 finalizer on a UInt64 expression (wrapping arithmetic)."""
    x = (x ^ (x // (1 << 30))) * _u64(0xBF58476D1CE4E5B9)
    x = (x ^ (x // (1 << 27))) * _u64(0x94D049BB133111EB)
    return x ^ (x // (1 << 31))


@dataclass(frozen=True)
class _Rng:
    """Independent uniform streams keyed by (seed, stream name, value of the key column)."""

    seed: int
    key: str = "_key"

    def _constant(self, stream: str) -> int:
        digest = hashlib.blake2b(f"{self.seed}/{stream}".encode(), digest_size=8).digest()
        return int.from_bytes(digest, "little")

    def uniform(self, stream: str) -> pl.Expr:
        """Uniform in [0, 1)."""
        x = pl.col(self.key) * _u64(_GOLDEN) + _u64(self._constant(stream))
        return (_mix64(x) // (1 << 11)).cast(pl.Float64) * (2.0**-53)

    def normal(self, stream: str) -> pl.Expr:
        """Standard normal (Box-Muller)."""
        u1 = 1.0 - self.uniform(stream + "/1")
        u2 = self.uniform(stream + "/2")
        return (-2.0 * u1.log()).sqrt() * (2.0 * math.pi * u2).cos()

    def integers(self, stream: str, low: int, high: int) -> pl.Expr:
        """Integers in [low, high)."""
        return (self.uniform(stream) * (high - low)).floor().cast(pl.Int64) + low

    def choice(self, stream: str, weights: Sequence[float]) -> pl.Expr:
        """Index drawn with the given weights (Int32)."""
        return _pick(self.uniform(stream), weights)


@functools.cache
def _bucket_table(weights: tuple[float, ...]) -> pl.Series:
    """Category index for each of ``_BUCKETS`` equal slices of [0, 1)."""
    total = float(sum(weights))
    bounds = [sum(weights[: i + 1]) / total for i in range(len(weights))]
    table, k = [], 0
    for b in range(_BUCKETS):
        centre = (b + 0.5) / _BUCKETS
        while k < len(bounds) - 1 and centre >= bounds[k]:
            k += 1
        table.append(k)
    return pl.Series(table, dtype=pl.Int32)


def _pick(u: pl.Expr, weights: Sequence[float]) -> pl.Expr:
    """Map a uniform to a weighted category index via a bucket lookup table."""
    lookup = _bucket_table(tuple(float(w) for w in weights))
    return pl.lit(lookup).gather((u * _BUCKETS).cast(pl.UInt32))


def _label(code: pl.Expr, labels: Sequence[str | None]) -> pl.Expr:
    """The string for an integer code."""
    return pl.lit(pl.Series(list(labels), dtype=pl.String)).gather(code.cast(pl.UInt32))


def _digits(u: pl.Expr, width: int) -> pl.Expr:
    """A uniform as a zero-padded decimal string of ``width`` digits."""
    return (u * 10**width).floor().cast(pl.Int64).cast(pl.String).str.zfill(width)


def _ids(prefix: str, number: pl.Expr, width: int) -> pl.Expr:
    return pl.lit(prefix) + number.cast(pl.String).str.zfill(width)


# ---------------------------------------------------------------------------------------------
# Time helpers (timestamps are Int64 microseconds since the epoch, UTC)
# ---------------------------------------------------------------------------------------------

SECOND = 1_000_000
MINUTE = 60 * SECOND
HOUR = 60 * MINUTE
DAY = 24 * HOUR


def _us(seconds: pl.Expr) -> pl.Expr:
    """Whole seconds (floored) as Int64 microseconds."""
    return seconds.floor().cast(pl.Int64) * SECOND


def _as_utc(us: pl.Expr) -> pl.Expr:
    return us.cast(pl.Datetime("us")).dt.replace_time_zone("UTC")


_ZONE_SPAN = 1 << 56
"""Key space per time zone in the offset table (microsecond instants must stay below it)."""
BERLIN_CODE = TIMEZONES.index(BERLIN)
_EPOCH_WEEKDAY = 3
"""1970-01-01 was a Thursday (Monday = 0)."""


@dataclass(frozen=True)
class _OffsetTable:
    """UTC offsets of ``TIMEZONES`` as sorted (zone * span + instant) keys → offset µs."""

    keys: pl.Series
    offsets: pl.Series

    def offset(self, us: pl.Expr, zone: pl.Expr | int) -> pl.Expr:
        """UTC offset (µs) of each zone at each UTC instant."""
        key = pl.lit(zone, dtype=pl.Int64) if isinstance(zone, int) else zone.cast(pl.Int64)
        idx = pl.lit(self.keys).search_sorted(key * _ZONE_SPAN + us, side="right") - 1
        return pl.lit(self.offsets).gather(idx)

    def to_utc(self, naive: pl.Expr, zone: pl.Expr | int) -> pl.Expr:
        """Local wall-clock µs → UTC µs (times in a spring-forward gap move an hour on)."""
        return naive - self.offset(naive - self.offset(naive, zone), zone)


@functools.cache
def _offset_table(lo_us: int, hi_us: int) -> _OffsetTable:
    """Find each zone's offset changes between two instants (day scan, minute bisection)."""
    keys: list[int] = []
    offsets: list[int] = []
    for code, name in enumerate(TIMEZONES):
        zone = ZoneInfo(name)

        def offset_at(us: int, zone: ZoneInfo = zone) -> int:
            moment = datetime.fromtimestamp(us // SECOND, UTC).astimezone(zone)
            return int((moment.utcoffset() or timedelta(0)).total_seconds()) * SECOND

        current = offset_at(lo_us)
        keys.append(code * _ZONE_SPAN)
        offsets.append(current)
        day = lo_us
        while day < hi_us:
            following = offset_at(day + DAY)
            if following != current:
                low, high = day, day + DAY
                while high - low > MINUTE:
                    mid = (low + high) // 2
                    if offset_at(mid) == current:
                        low = mid
                    else:
                        high = mid
                keys.append(code * _ZONE_SPAN + high)
                offsets.append(following)
                current = following
            day += DAY
    return _OffsetTable(pl.Series(keys, dtype=pl.Int64), pl.Series(offsets, dtype=pl.Int64))


def _next_open(frame: pl.LazyFrame, tz: _OffsetTable, holidays: pl.Series) -> pl.LazyFrame:
    """Column ``m`` moved to the next opening of the contact centre (09:00 Berlin) unless it
    is open then. Intermediate columns are materialized so every lookup runs once."""
    m = pl.col("m")
    frame = frame.with_columns((m + tz.offset(m, BERLIN_CODE)).alias("_local"))
    frame = frame.with_columns((pl.col("_local") // DAY).alias("_day"))
    day = pl.col("_day")
    hour = (pl.col("_local") - day * DAY) // HOUR
    weekday = (day + _EPOCH_WEEKDAY) % 7
    frame = frame.with_columns(
        ((weekday < 5) & ~day.is_in(holidays.implode())).alias("_open_day"), hour.alias("_hour"),
        weekday.alias("_weekday"),
    )
    open_day, hour, weekday = pl.col("_open_day"), pl.col("_hour"), pl.col("_weekday")
    inside = open_day & (hour >= 9) & (hour < 18)
    ahead = (
        pl.when(open_day & (hour < 9)).then(0)
        .when(weekday == 4).then(3)
        .when(weekday == 5).then(2)
        .otherwise(1)
    )
    frame = frame.with_columns(
        inside.alias("_inside"), ((day + ahead) * DAY + 9 * HOUR).alias("_target")
    )
    target = pl.col("_target")
    return frame.with_columns(
        pl.when(pl.col("_inside")).then(m)
        .otherwise(target - tz.offset(target - 2 * HOUR, BERLIN_CODE))
        .alias("m")
    )


def _into_business_hours(
    us: pl.Series, jitter: pl.Series, apply: pl.Series, tz: _OffsetTable
) -> pl.Series:
    """Move the timestamps with ``apply`` set into business hours, ``jitter`` after opening."""
    holidays = pl.Series(
        [(d - date(1970, 1, 1)).days for d in HOLIDAYS], dtype=pl.Int64
    )
    frame = pl.DataFrame({"t": us, "m": us, "j": jitter, "a": apply}).lazy()
    for _ in range(3):  # weekend, then up to two holidays in a row
        frame = _next_open(frame, tz, holidays)
    out = frame.select(
        pl.when(pl.col("a") & (pl.col("m") != pl.col("t")))
        .then(pl.col("m") + pl.col("j"))
        .otherwise(pl.col("t"))
        .alias("t")
    )
    return out.collect().to_series()


# ---------------------------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------------------------


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


def generate(
    n_interactions: int,
    seed: int = 0,
    start: datetime = DEFAULT_START,
    *,
    days: int = 28,
    n_customers: int | None = None,
    rates: dict[str, float] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Generate ``n_interactions`` touchpoints (exactly) and their customers' profiles.

    Cases start during ``days`` days from ``start`` (their later touchpoints can run past
    that); ``rates`` overrides entries of ``RATES`` (e.g. ``{"pii": 0.0}``). The same
    arguments always give the same frames. Peak memory is about 0.8 GB per million rows: use
    :func:`iter_chunks` for larger logs.
    """
    return generate_part(Part(n_interactions, seed, start, days, n_customers, rates=rates or {}))


def generate_part(part: Part) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Generate one :class:`Part`: (interactions sorted by timestamp, customers)."""
    if part.n_rows < MIN_CASE_ROWS:
        raise ValueError(f"n_interactions must be at least {MIN_CASE_ROWS}")
    if part.start.tzinfo is None:
        raise ValueError("start must be timezone-aware")
    rates = {**RATES, **part.rates}
    rng = _Rng(part.seed)
    n_customers = part.customers()
    sizes = _case_sizes(part.n_rows, rng)
    widths = part.widths or (
        max(6, len(str(part.row_offset + part.n_rows))),
        max(5, len(str(part.case_offset + sizes.len()))),
        max(4, len(str(part.customer_offset + n_customers))),
    )
    start_us = int(part.start.timestamp()) * SECOND
    tz = _offset_table(start_us - 3 * DAY, start_us + (part.days + 400) * DAY)
    customers = _customers(n_customers, part, rng, rates, widths[2])
    cases = _cases(sizes, customers, part, rng, rates, tz)
    rows = _rows(cases, part, rng, rates)
    ts, due = _times(cases, rows, part, rng, rates, tz)
    interactions = _assemble(cases, rows, ts, due, customers, part, rng, rates, widths)
    return interactions, customers.select(CUSTOMER_COLUMNS)


def _case_sizes(n_rows: int, rng: _Rng) -> pl.Series:
    """Case sizes (2..12) adding up to exactly ``n_rows``."""
    candidates = n_rows // MIN_CASE_ROWS + 1
    sizes = (
        pl.select(pl.int_range(candidates, dtype=pl.UInt64).alias("_key"))
        .select((rng.choice("case_size", CASE_SIZE_WEIGHTS) + MIN_CASE_ROWS).alias("k"))
        .to_series()
        .cast(pl.Int64)
    )
    before = sizes.cum_sum() - sizes
    count = int((before < n_rows).sum())
    values = sizes.head(count).to_list()
    values[-1] = n_rows - int(before[count - 1])
    if values[-1] == 1:  # fold a one-row remainder into the previous case
        if values[-2] < MAX_CASE_ROWS:
            values[-2] += 1
            values.pop()
        else:
            values[-2] -= 1
            values[-1] = 2
    return pl.Series("k", values, dtype=pl.Int64)


def _customers(
    n: int, part: Part, rng: _Rng, rates: dict[str, float], width: int
) -> pl.DataFrame:
    """Customer profiles plus private columns (``_``-prefixed) used to write texts."""
    locale_lang = [LANGUAGES.index(lang) for lang, _, _ in LOCALES]
    locale_tz = [TIMEZONES.index(tz) for _, tz, _ in LOCALES]
    first_names = [n for lang in LANGUAGES for n in FIRST_NAMES[lang]]
    last_names = [n for lang in LANGUAGES for n in LAST_NAMES[lang]]
    per_lang = len(FIRST_NAMES["de"])
    c = rng.uniform
    base = pl.select(
        (pl.int_range(n, dtype=pl.UInt64) + part.customer_offset).alias("_key")
    ).lazy()
    df = base.with_columns(
        rng.choice("c/locale", [w for _, _, w in LOCALES]).alias("_locale"),
        rng.choice("c/tier", TIER_WEIGHTS).alias("_tier"),
        rng.choice("c/segment", SEGMENT_WEIGHTS).alias("_segment"),
        rng.choice("c/preferred", PREFERRED_WEIGHTS).alias("_pref_i"),
        rng.choice("c/quiet", QUIET_WEIGHTS).alias("_quiet"),
        rng.choice("c/optout", OPT_OUT_WEIGHTS).alias("_optout"),
        (c("c/consent") < 0.65).alias("marketing_consent"),
        (c("c/night") < rates["night_owl"]).alias("_night_owl"),
        (c("c/first") * per_lang).cast(pl.Int32).alias("_fi"),
        (c("c/last") * per_lang).cast(pl.Int32).alias("_li"),
        rng.normal("c/ltv").alias("_z"),
    ).with_columns(
        pl.lit(pl.Series(locale_lang, dtype=pl.Int32)).gather(pl.col("_locale")).alias("_lang"),
        pl.lit(pl.Series(locale_tz, dtype=pl.Int32)).gather(pl.col("_locale")).alias("_tz"),
        pl.lit(pl.Series(list(PREFERRED), dtype=pl.Int32)).gather(pl.col("_pref_i"))
        .alias("_pref"),
    ).with_columns(
        _label(pl.col("_lang") * per_lang + pl.col("_fi"), first_names).alias("_first"),
        _label(pl.col("_lang") * per_lang + pl.col("_li"), last_names).alias("_last"),
    )
    optout = _label(pl.col("_optout"), OPT_OUTS)
    pref = _label(pl.col("_pref"), CHANNELS)
    df = df.with_columns(
        _ids("u", pl.col("_key") + 1, width).alias("customer_id"),
        (pl.col("_first") + " " + pl.col("_last")).alias("name"),
        _label(pl.col("_tier"), TIERS).alias("tier"),
        _label(pl.col("_segment"), SEGMENTS).alias("segment"),
        pref.alias("preferred_channel"),
        _label(pl.col("_lang"), LANGUAGES).alias("language"),
        _label(pl.col("_tz"), TIMEZONES).alias("timezone"),
        _label(pl.col("_quiet"), QUIET_HOURS).alias("quiet_hours"),
        # never opt out of the channel the customer prefers
        pl.when(optout.str.split(";").list.contains(pref)).then(pl.lit(""))
        .otherwise(optout).alias("opted_out_channels"),
        (
            (400.0 * (0.9 * pl.col("_z")).exp())
            * pl.lit(pl.Series([1.0, 3.0, 10.0])).gather(pl.col("_tier").cast(pl.UInt32))
        ).round(2).alias("lifetime_value"),
        (
            pl.col("_first").str.to_lowercase() + "." + pl.col("_last").str.to_lowercase()
            + _digits(c("c/mail"), 2) + "@example.com"
        ).alias("_email"),
        (
            pl.lit("@") + pl.col("_first").str.to_lowercase() + "_"
            + pl.col("_last").str.to_lowercase().str.slice(0, 3) + _digits(c("c/handle"), 2)
        ).alias("_handle"),
        (
            _label(pl.col("_lang"), [PHONE_PREFIX[lang] for lang in LANGUAGES])
            + _digits(c("c/phone1"), 3) + " " + _digits(c("c/phone2"), 4)
        ).alias("_phone"),
    )
    return df.collect()


def _cases(
    sizes: pl.Series,
    customers: pl.DataFrame,
    part: Part,
    rng: _Rng,
    rates: dict[str, float],
    tz: _OffsetTable,
) -> pl.DataFrame:
    """One row per case: size, customer, topic, channels, flags and start time (µs)."""
    n = sizes.len()
    c = rng.uniform
    n_agents = min(999, max(8, customers.height // 40))
    start_day = datetime.combine(part.start.astimezone(UTC).date(), datetime.min.time(), UTC)
    start_day_us = int(start_day.timestamp()) * SECOND
    start_weekday = part.start.astimezone(UTC).weekday()
    df = pl.DataFrame({
        "_key": pl.int_range(n, dtype=pl.UInt64, eager=True) + part.case_offset,
        "ci": pl.int_range(n, eager=True),
        "k": sizes,
    }).lazy()
    df = df.with_columns(
        (c("case/repeat") < rates["repeat"]).alias("_rep_draw"),
        (c("case/cust") * customers.height).floor().cast(pl.Int64).alias("_cust_draw"),
        rng.choice("case/topic", TOPIC_WEIGHTS).alias("_topic_draw"),
        rng.choice("case/channel", OPEN_CHANNEL_WEIGHTS).alias("_ch_draw"),
        (c("case/same_channel") < 0.5).alias("_same_channel"),
    ).with_columns(
        (pl.col("_rep_draw") & (pl.col("ci") > 0)).alias("_rep1"),
    ).with_columns(
        (pl.col("_rep1") & ~pl.col("_rep1").shift(1, fill_value=False)).alias("repeat"),
    ).with_columns(
        pl.col("repeat").shift(-1, fill_value=False).alias("parent"),
        pl.when(pl.col("repeat")).then(pl.col("_cust_draw").shift(1))
        .otherwise(pl.col("_cust_draw")).alias("cust"),
        pl.when(pl.col("repeat")).then(pl.col("_topic_draw").shift(1))
        .otherwise(pl.col("_topic_draw")).alias("topic"),
        pl.when(pl.col("repeat") & pl.col("_same_channel")).then(pl.col("_ch_draw").shift(1))
        .otherwise(pl.col("_ch_draw")).alias("ch0"),
    )
    cust = customers.select(
        pl.col("_tier").alias("tier"), pl.col("_tz").alias("tz"),
        pl.col("_night_owl").alias("night_owl"), pl.col("_pref").alias("pref"),
    ).with_row_index("cust").with_columns(pl.col("cust").cast(pl.Int64))
    df = df.join(cust.lazy(), on="cust", how="left", maintain_order="left")
    vip = pl.col("tier") == 2
    answered = ~pl.col("unanswered")
    df = df.with_columns(
        pl.when(vip).then(rng.choice("case/prio_vip", VIP_PRIORITY_WEIGHTS))
        .otherwise(rng.choice("case/prio", PRIORITY_WEIGHTS)).alias("priority"),
        (
            (pl.col("k") <= 3) & ~pl.col("parent")
            & (c("case/unanswered") < rates["unanswered"])
        ).alias("unanswered"),
    ).with_columns(
        (answered & (pl.col("parent") | (c("case/resolved") < rates["resolved"])))
        .alias("resolved"),
        (answered & (c("case/slow") < rates["slow"])).alias("slow"),
    )
    resolved = pl.col("resolved")
    df = df.with_columns(
        (resolved & (c("case/invite") < rates["invite"])).alias("invite"),
        (c("case/answer") < rates["answer"]).alias("_answer"),
        (resolved & (c("case/follow_up") < rates["follow_up"])).alias("follow_up"),
        (answered & (c("case/marketing") < rates["marketing"])).alias("marketing"),
    ).with_columns((pl.col("invite") & pl.col("_answer")).alias("answer"))
    # drop tails until the conversation keeps at least an opening and a reply
    tails = ("marketing", "answer", "follow_up", "invite")
    for name in tails:
        total = pl.sum_horizontal([pl.col(t).cast(pl.Int64) for t in tails])
        df = df.with_columns(
            (pl.col(name) & (pl.col("k") - total >= 2)).alias(name)
        )
    total = pl.sum_horizontal([pl.col(t).cast(pl.Int64) for t in tails])
    df = df.with_columns((pl.col("k") - total).alias("m"))
    claim_topic = pl.col("topic").is_in(list(CLAIM_KEYS))
    has_claim = answered & claim_topic & (c("case/claims") < rates["claims"])
    df = df.with_columns(
        pl.when(answered & (pl.col("m") >= 5) & (c("case/switch") < rates["switch"]))
        .then(pl.when((pl.col("m") >= 6) & (c("case/switch_at") < 0.5)).then(4).otherwise(2))
        .otherwise(MAX_CASE_ROWS + 1).alias("switch_at"),
        rng.choice("case/ch1", (40, 25, 25, 10)).alias("_ch1_draw"),
        has_claim.alias("has_claim"),
        (has_claim & (pl.col("m") >= 4) & (c("case/contradict") < rates["contradict"]))
        .alias("contradict"),
        (
            answered & ~has_claim & (pl.col("m") >= 4)
            & (c("case/promise") < rates["promise"])
        ).alias("promise"),
        (c("case/promise_kept") < rates["promise_kept"]).alias("kept"),
        (
            answered & pl.col("topic").is_in(list(VERIFIED_TOPICS))
            & (c("case/verify_fail") < rates["verify_fail"])
        ).alias("verify_fail"),
        (c("case/agent") * n_agents).floor().cast(pl.Int64).alias("agent"),
        (c("case/agent2") * n_agents).floor().cast(pl.Int64).alias("agent2"),
        (c("case/handover") < 0.3).alias("handover"),
        rng.choice("case/followup_channel", (80, 20)).alias("_fu_pref"),
        rng.choice("case/mkt_channel", (60, 30, 10)).alias("_mkt"),
        (c("case/product") * len(PRODUCTS)).floor().cast(pl.Int32).alias("product"),
        rng.integers("case/order", 10000, 100000).alias("order"),
        rng.integers("case/last4", 0, 10000).alias("last4"),
        (c("case/claim_value") * 1e6).floor().cast(pl.Int64).alias("claim_draw"),
        # start: a day in the period and a local time of day
        rng.integers("case/day", 0, part.days).alias("_day"),
        (c("case/weekend_shift") < 0.55).alias("_weekday_bias"),
        (c("case/night") < 0.6).alias("_at_night"),
        c("case/tod1").alias("_t1"),
        c("case/tod2").alias("_t2"),
        c("case/start_jitter").alias("_sj"),
    )
    alt_channels = pl.lit(pl.Series([EMAIL, PHONE, CHAT, SOCIAL], dtype=pl.Int32))
    ch1 = alt_channels.gather(pl.col("_ch1_draw").cast(pl.UInt32))
    ch1_next = alt_channels.gather(((pl.col("_ch1_draw") + 1) % 4).cast(pl.UInt32))
    weekday = (pl.col("_day") + start_weekday) % 7
    day = pl.when(pl.col("_weekday_bias") & (weekday >= 5)).then(
        pl.col("_day") - (weekday - 4)
    ).otherwise(pl.col("_day")).clip(0, None)
    night = pl.col("night_owl") & pl.col("_at_night")
    tod_h = pl.when(night).then(20.0 + 7.0 * pl.col("_t1")).otherwise(
        8.0 + 12.0 * (pl.col("_t1") + pl.col("_t2")) / 2.0
    )
    naive = start_day_us + day * DAY + _us(3600.0 * tod_h)
    df = df.with_columns(
        pl.when(ch1 == pl.col("ch0")).then(ch1_next).otherwise(ch1).alias("ch1"),
        pl.when(pl.col("_fu_pref") == 0).then(pl.col("pref")).otherwise(pl.col("ch0"))
        .alias("fu_channel"),
        pl.lit(pl.Series([EMAIL, SMS, PHONE], dtype=pl.Int32))
        .gather(pl.col("_mkt").cast(pl.UInt32)).alias("mkt_channel"),
        tz.to_utc(naive, pl.col("tz")).alias("start_us"),
        pl.col("ch0").is_in(list(LIVE_CHANNELS)).alias("live"),
    )
    # physical order by (approximate) start, so that rows end up nearly in time order and the
    # final sort by timestamp moves data only locally; ``ci`` stays the case's identity
    approx = pl.when(pl.col("repeat")).then(pl.col("start_us").shift(1) + 3 * DAY).otherwise(
        pl.col("start_us")
    )
    df = df.with_columns(approx.alias("_approx")).sort("_approx", "ci")
    df = df.with_columns((pl.col("k").cum_sum() - pl.col("k")).alias("off"))
    return df.select([pl.col(name).cast(dtype) for name, dtype in CASE_DTYPES.items()]).collect()


CASE_DTYPES: dict[str, pl.DataType] = {
    "ci": pl.Int32(), "k": pl.Int8(), "m": pl.Int8(), "off": pl.Int64(), "cust": pl.Int32(),
    "topic": pl.Int8(), "priority": pl.Int8(), "tier": pl.Int8(), "tz": pl.Int8(),
    "ch0": pl.Int8(), "ch1": pl.Int8(), "fu_channel": pl.Int8(), "mkt_channel": pl.Int8(),
    "switch_at": pl.Int8(), "repeat": pl.Boolean(), "unanswered": pl.Boolean(),
    "resolved": pl.Boolean(), "slow": pl.Boolean(), "invite": pl.Boolean(),
    "answer": pl.Boolean(), "follow_up": pl.Boolean(), "marketing": pl.Boolean(),
    "has_claim": pl.Boolean(), "contradict": pl.Boolean(), "promise": pl.Boolean(),
    "kept": pl.Boolean(), "verify_fail": pl.Boolean(), "agent": pl.Int16(),
    "agent2": pl.Int16(), "handover": pl.Boolean(), "product": pl.Int8(),
    "order": pl.Int32(), "last4": pl.Int16(), "claim_draw": pl.Int32(),
    "start_us": pl.Int64(), "live": pl.Boolean(),
}
"""Case-level columns (physical order: by approximate start) and their compact dtypes."""
ROW_CASE_COLUMNS: tuple[str, ...] = (
    "ci", "k", "m", "cust", "topic", "priority", "tier", "ch0", "ch1", "fu_channel",
    "mkt_channel", "switch_at", "repeat", "unanswered", "resolved", "slow", "invite", "answer",
    "follow_up", "has_claim", "contradict", "promise", "kept", "verify_fail", "agent", "agent2",
    "handover", "product", "order", "last4",
)
"""Case columns repeated on every row of the case."""


def _row_key(part: Part) -> pl.Expr:
    """A unique random-stream key per row, from its case number and position."""
    return (pl.col("ci").cast(pl.UInt64) + part.case_offset) * (MAX_CASE_ROWS + 1) + pl.col(
        "j"
    ).cast(pl.UInt64)


def _rows(cases: pl.DataFrame, part: Part, rng: _Rng, rates: dict[str, float]) -> pl.DataFrame:
    """One row per touchpoint (sorted by case, position) with role, channel and delays."""
    c = rng.uniform
    base = cases.select(
        *ROW_CASE_COLUMNS, pl.int_ranges(0, pl.col("k"), dtype=pl.Int8).alias("j")
    ).explode("j")
    df = base.lazy().with_columns(
        _row_key(part).alias("_key"),
    )
    j, m = pl.col("j"), pl.col("m")
    r = j - m
    c1 = pl.col("invite").cast(pl.Int64)
    c2 = c1 + pl.col("answer").cast(pl.Int64)
    c3 = c2 + pl.col("follow_up").cast(pl.Int64)
    role = (
        pl.when(j >= m).then(
            pl.when(r < c1).then(INVITE).when(r < c2).then(ANSWER).when(r < c3)
            .then(FOLLOW_UP).otherwise(MARKETING)
        )
        .when(j == 0).then(OPEN)
        .when(pl.col("unanswered")).then(CHASE)
        .when(j == m - 1).then(pl.when(pl.col("resolved")).then(RESOLVE).otherwise(PENDING))
        .when(j % 2 == 1).then(REPLY)
        .otherwise(CUST)
    )
    df = df.with_columns(role.cast(pl.Int8).alias("role"))
    role_c = pl.col("role")
    channel = (
        pl.when(role_c.is_in([INVITE, ANSWER])).then(EMAIL)
        .when(role_c == FOLLOW_UP).then(pl.col("fu_channel"))
        .when(role_c == MARKETING).then(pl.col("mkt_channel"))
        .when(j >= pl.col("switch_at")).then(pl.col("ch1"))
        .otherwise(pl.col("ch0"))
    )
    df = df.with_columns(channel.cast(pl.Int8).alias("channel"))
    ch = pl.col("channel").cast(pl.UInt32)
    # delays (seconds) before this row, per role and channel: log-normal
    out_median = pl.Series([5400, 45, 60, 1800, 1200, 10800, 120, 14400, 900, 5], dtype=pl.Float64)
    out_sigma = pl.Series([1.0, 0.6, 0.8, 1.0, 0.9, 1.0, 0.6, 1.0, 0.8, 0.3])
    in_median = pl.Series([14400, 50, 40, 900, 1800, 14400, 60, 14400, 60, 20], dtype=pl.Float64)
    z = rng.normal("row/delay")
    outbound_conv = role_c.is_in([REPLY, PENDING, RESOLVE])
    out_delay = pl.lit(out_median).gather(ch) * (pl.lit(out_sigma).gather(ch) * z).exp()
    out_delay = (
        out_delay
        * pl.when(pl.col("slow") & (j == 1)).then(10.0 + 50.0 * c("row/slow")).otherwise(1.0)
        * pl.when(pl.col("priority") == 3).then(0.5).otherwise(1.0)
        * pl.when(pl.col("tier") == 2).then(0.7).otherwise(1.0)
        + pl.when(pl.col("promise") & ~pl.col("kept") & (j == 3))
        .then(86400.0 * (1.0 + 2.0 * c("row/late")))
        .otherwise(0.0)
    )
    in_delay = pl.lit(in_median).gather(ch) * (1.1 * z).exp()
    delay = (
        pl.when(outbound_conv).then(out_delay)
        .when(role_c == CHASE).then(72000.0 * (0.6 * z).exp())
        .when(j == pl.col("switch_at")).then(93600.0 * (0.5 * z).exp())
        .when(role_c == CUST).then(in_delay)
        .otherwise(0.0)
    )
    is_agent = outbound_conv & (pl.col("channel") != VA)
    df = df.with_columns(
        _us(delay.clip(1.0, 30.0 * 86400.0)).alias("delay"),
        (is_agent & (c("row/bh") < rates["business_hours"])).alias("bh"),
        _us(9000.0 * c("row/jitter")).alias("jitter"),
    )
    return df.collect()


def _walk(
    ts: pl.Series, rows: pl.DataFrame, off: pl.Series, m: pl.Series, tz: _OffsetTable
) -> None:
    """Fill in the conversation rows 1..m-1 of the given cases, one position at a time."""
    delay, bh, jitter = rows["delay"], rows["bh"], rows["jitter"]
    for step in range(1, MAX_CASE_ROWS):
        live = m > step
        if not live.any():
            break
        idx = off.filter(live) + step
        new = ts.gather(idx - 1) + delay.gather(idx)
        ts.scatter(idx, _into_business_hours(new, jitter.gather(idx), bh.gather(idx), tz))


def _tails(ts: pl.Series, cases: pl.DataFrame, draws: pl.DataFrame, tz: _OffsetTable) -> None:
    """Time the rows after the conversation: survey invite/answer, follow-up, marketing."""
    base = ts.gather(cases["off"] + cases["m"] - 1)
    pos = cases["off"] + cases["m"]
    invite = cases["invite"]
    answer = cases["answer"]
    follow_up = cases["follow_up"]
    marketing = cases["marketing"]
    t_invite = base + draws["invite_gap"]
    t_answer = t_invite + draws["answer_gap"]
    t_follow = _into_business_hours(
        base + draws["follow_gap"], draws["follow_jitter"], pl.Series([True] * cases.height),
        tz,
    )
    mkt = pl.DataFrame({
        "naive": ((base + draws["mkt_days"] * DAY) // DAY) * DAY + draws["mkt_tod"],
        "tz": cases["tz"], "base": base,
    }).select(tz.to_utc(pl.col("naive"), pl.col("tz")).alias("t"), "base")
    t_mkt = mkt.select(
        pl.when(pl.col("t") > pl.col("base")).then(pl.col("t"))
        .otherwise(pl.col("t") + DAY)
    ).to_series()
    i_pos = pos
    a_pos = pos + 1
    f_pos = pos + invite.cast(pl.Int64) + answer.cast(pl.Int64)
    k_pos = f_pos + follow_up.cast(pl.Int64)
    for flag, where, value in (
        (invite, i_pos, t_invite), (answer, a_pos, t_answer), (follow_up, f_pos, t_follow),
        (marketing, k_pos, t_mkt),
    ):
        if flag.any():
            ts.scatter(where.filter(flag), value.filter(flag))


def _times(
    cases: pl.DataFrame,
    rows: pl.DataFrame,
    part: Part,
    rng: _Rng,
    rates: dict[str, float],
    tz: _OffsetTable,
) -> tuple[pl.Series, pl.Series]:
    """Timestamps of every row and the promise due times (µs, null where no promise)."""
    c = rng.uniform
    z = rng.normal("case/answer_gap")
    draws = (
        cases.lazy()
        .with_columns((pl.col("ci").cast(pl.UInt64) + part.case_offset).alias("_key"))
        .select(
            _us(9000.0 * c("t/start_jitter")).alias("start_jitter"),
            _us(86400.0 * (0.5 + 5.5 * c("t/repeat_gap"))).alias("repeat_gap"),
            _us(600 + 6600 * c("t/invite_gap")).alias("invite_gap"),
            _us((10800.0 * z.exp()).clip(60.0, 20 * 86400.0)).alias("answer_gap"),
            _us(86400.0 * (1.0 + 2.5 * c("t/follow_gap"))).alias("follow_gap"),
            _us(10800.0 * c("t/follow_jitter")).alias("follow_jitter"),
            (2 + (10 * c("t/mkt_days")).floor()).cast(pl.Int64).alias("mkt_days"),
            _us(
                3600.0 * pl.when(c("t/mkt_quiet") < rates["quiet_marketing"])
                .then(21.0 + 2.75 * c("t/mkt_tod"))
                .otherwise(9.5 + 9.5 * c("t/mkt_tod"))
            ).alias("mkt_tod"),
            _us(3600.0 * (0.5 + 5.5 * c("t/kept_after"))).alias("kept_after"),
            _us(3600.0 * (1.0 + 3.0 * c("t/promised_in"))).alias("promised_in"),
        )
        .collect()
    )
    ts = pl.zeros(rows.height, dtype=pl.Int64, eager=True).alias("ts")
    first = ~cases["repeat"]
    for subset in (first, cases["repeat"]):
        if not subset.any():
            continue
        sub = cases.filter(subset)
        sub_draws = draws.filter(subset)
        if subset is first:
            start = sub["start_us"]
        else:  # a repeat contact: days after the previous case (same customer) was resolved
            position = pl.zeros(cases.height, dtype=pl.Int64, eager=True).scatter(
                cases["ci"], pl.int_range(cases.height, eager=True)
            )
            parent = cases[position.gather(sub["ci"] - 1)]
            start = ts.gather(parent["off"] + parent["m"] - 1) + sub_draws["repeat_gap"]
        start = _into_business_hours(start, sub_draws["start_jitter"], sub["live"], tz)
        ts.scatter(sub["off"], start)
        _walk(ts, rows, sub["off"], sub["m"], tz)
        _tails(ts, sub, sub_draws, tz)
    # promises: kept → due after the next outbound; broken → due long before it
    prom = cases.filter(cases["promise"])
    due = pl.Series("due", [None] * rows.height, dtype=pl.Int64)
    if prom.height:
        d = draws.filter(cases["promise"])
        t1 = ts.gather(prom["off"] + 1)
        t3 = ts.gather(prom["off"] + 3)
        raw = (t3 + d["kept_after"]).zip_with(prom["kept"], t1 + d["promised_in"])
        quarter = 15 * MINUTE
        due.scatter(prom["off"] + 1, ((raw + quarter - 1) // quarter) * quarter)
    return ts, due


def _n_agents(n_customers: int) -> int:
    return min(999, max(8, n_customers // 40))


def _scatter_subset(
    target: pl.Series, src: pl.DataFrame, mask: pl.Series, expr: pl.Expr
) -> pl.Series:
    """Evaluate ``expr`` only on the rows of ``src`` where ``mask`` is set and put the results
    into ``target`` (string work on a small subset instead of the whole column)."""
    idx = mask.arg_true()
    if idx.len() == 0:
        return target
    needed = dict.fromkeys(expr.meta.root_names())
    sub = pl.DataFrame([src.get_column(name).gather(idx) for name in needed])
    values = sub.select(expr.cast(target.dtype)).to_series()
    return target.scatter(idx, values)


ROLE_KINDS = tuple(KIND[k] for k in (
    "open", "cust", "chase", "reply", "pending", "resolve", "invite", "answer", "follow_up",
    "marketing",
))
PREFIXES: tuple[str, ...] = (
    "", "{handle} ", BRAND_HANDLE + " ", "Hi {first}! ", "Call notes: ", "Caller: ",
)
SUFFIXES: tuple[str, ...] = ("", " Best regards, {agent}, " + BRAND)
ACTORS: tuple[str, ...] = ("customer", "agent", "bot", "system")
STATUSES: tuple[str, ...] = ("open", "pending", "resolved", "closed")
PURPOSES: tuple[str | None, ...] = (None, "service", "transactional", "marketing")
ALL_PLACEHOLDERS = (*PLACEHOLDERS, "{handle}")


def _mask_of(texts: Sequence[str]) -> list[int]:
    return [
        sum(1 << b for b, p in enumerate(ALL_PLACEHOLDERS) if p in text) for text in texts
    ]


def _assemble(
    cases: pl.DataFrame,
    rows: pl.DataFrame,
    ts: pl.Series,
    due: pl.Series,
    customers: pl.DataFrame,
    part: Part,
    rng: _Rng,
    rates: dict[str, float],
    widths: tuple[int, int, int],
) -> pl.DataFrame:
    """Turn roles, codes and times into the canonical columns, sorted by timestamp."""
    c = rng.uniform
    table = _template_table()
    n_agents = _n_agents(customers.height)
    agent_width = 2 if n_agents < 100 else 3
    # case ids follow the order in which cases started; claim values per case
    start = ts.gather(cases["off"])
    meta = pl.DataFrame({"ci": cases["ci"], "start": start, "d": cases["claim_draw"]})
    d = pl.col("d")
    base_date = _as_utc(pl.col("start")).dt.date() + pl.duration(days=2 + d % 4)
    meta = meta.sort("ci").select(  # row i describes case ci == i
        _ids(
            "c", pl.struct("start", "ci").rank("ordinal").cast(pl.Int64) + part.case_offset,
            widths[1],
        ).alias("case_id"),
        base_date.dt.strftime("%Y-%m-%d").alias("date_base"),
        (base_date + pl.duration(days=2 + (d // 4) % 3)).dt.strftime("%Y-%m-%d")
        .alias("date_alt"),
        _label(d % len(PRICES), PRICES).alias("price_base"),
        _label((d % len(PRICES) + 1 + (d // 7) % 3) % len(PRICES), PRICES).alias("price_alt"),
        _label(d % len(REFUND_DAYS_ALT), REFUND_DAYS_ALT).alias("refund_alt"),
    )
    # rows into time order (a stable sort keeps case order for equal timestamps)
    rows = rows.select(
        "ci", "j", "k", "cust", "topic", "priority", "ch0", "switch_at", "repeat", "resolved",
        "slow", "has_claim", "contradict", "promise", "kept", "verify_fail", "product", "order",
        "last4", "role", "channel",
        pl.when(pl.col("handover") & (pl.col("j") >= 5)).then(pl.col("agent2"))
        .otherwise(pl.col("agent")).alias("_agent"),
        pl.Series("ts", ts), pl.Series("due", due),
    )
    rows = rows[rows.select(pl.arg_sort_by("ts", maintain_order=True)).to_series()]

    def by_case(name: str) -> pl.Expr:
        return pl.lit(meta[name]).gather(pl.col("ci").cast(pl.UInt32))

    def by_customer(name: str) -> pl.Expr:
        return pl.lit(customers[name]).gather(pl.col("cust").cast(pl.UInt32))

    role, j, ch, topic = pl.col("role"), pl.col("j"), pl.col("channel"), pl.col("topic")
    inbound = role.is_in(list(INBOUND_ROLES))
    is_bot = (ch == VA) & role.is_in([REPLY, PENDING])
    actor = (
        pl.when(role.is_in(list(CUSTOMER_ROLES))).then(0)
        .when(role.is_in(list(SYSTEM_ROLES))).then(3)
        .when(is_bot).then(2)
        .otherwise(1)
    )
    lf = rows.lazy().with_columns(actor.alias("actor"), _row_key(part).alias("_key"))
    is_agent = pl.col("actor") == 1
    lf = lf.with_columns((role.is_in([REPLY, PENDING, RESOLVE]) & is_agent).alias("_conv_out"))
    conv_out = pl.col("_conv_out")
    lf = lf.with_columns(
        (conv_out & pl.col("has_claim") & ((j == 1) | pl.col("contradict")
                                           | (c("r/claim") < 0.35))).alias("_claim_row")
    )
    claim_row = pl.col("_claim_row")
    kept = pl.col("kept")
    pii_kind = rng.integers("r/pii_kind", 0, 4)  # card, iban, email, phone
    kind = (
        pl.when(conv_out & (ch == SOCIAL)
                & (c("r/pii") < rates["pii"])).then(KIND["pii_card"] + pii_kind)
        .when(pl.col("promise") & (j == 1)).then(KIND["promise"])
        .when(pl.col("promise") & (j == 3) & kept).then(KIND["promise_kept"])
        .when(pl.col("promise") & (j == 3)).then(KIND["promise_late"])
        .when(conv_out & (j == 1) & pl.col("verify_fail")).then(KIND["account"])
        .when(conv_out & (j == 3) & topic.is_in(list(VERIFIED_TOPICS))
              & (c("r/account") < 0.2)).then(KIND["account"])
        .when(claim_row).then(KIND["claim"])
        .when(is_bot).then(KIND["bot"])
        .when(j == pl.col("switch_at")).then(KIND["switch"])
        .when(pl.col("repeat") & (j == 0)).then(KIND["repeat"])
        .otherwise(pl.lit(pl.Series(ROLE_KINDS, dtype=pl.Int32)).gather(role.cast(pl.UInt32)))
    )
    lf = lf.with_columns((kind * len(TOPICS) + topic).cast(pl.UInt32).alias("_pool"))
    pool = pl.col("_pool")
    template = pl.lit(pl.Series(table.offsets, dtype=pl.Int64)).gather(pool) + (
        c("r/template") * pl.lit(pl.Series(table.sizes, dtype=pl.Int64)).gather(pool)
    ).floor().cast(pl.Int64)
    social, email = ch == SOCIAL, ch == EMAIL
    call = ch.is_in([PHONE, CALLBACK])
    prefix = (
        pl.when(social & ~inbound).then(1)
        .when(social).then(2)
        .when(email & is_agent).then(3)
        .when(call & ~inbound).then(4)
        .when(call).then(5)
        .otherwise(0)
    )
    suffix = (email & is_agent).cast(pl.Int64)
    bad_mood = (
        pl.col("slow") | pl.col("repeat") | pl.col("contradict")
        | (pl.col("promise") & ~kept) | (pl.col("switch_at") < pl.col("k"))
        | pl.col("verify_fail")
    )
    csat = pl.when(role == ANSWER).then(
        pl.when(bad_mood).then(rng.choice("r/csat_bad", (30, 25, 20, 15, 10)))
        .otherwise(rng.choice("r/csat_good", (3, 4, 10, 33, 50))) + 1
    )
    upset = (role == CHASE) | (j == pl.col("switch_at")) | (pl.col("repeat") & (j == 0))
    sentiment = pl.when(role.is_in(list(CUSTOMER_ROLES)) & (c("r/has_sentiment") < 0.6)).then(
        (
            0.2 + 0.35 * rng.normal("r/sentiment")
            - pl.when(upset).then(0.45).otherwise(0.0)
            - pl.when(pl.col("slow") & (j >= 2)).then(0.3).otherwise(0.0)
        ).clip(-1.0, 1.0).round(2)
    )
    verified = pl.when(topic.is_in(list(VERIFIED_TOPICS)) & (role != MARKETING)).then(
        (j > 0) & ~pl.col("verify_fail")
    )
    status = (
        pl.when(role.is_in([OPEN, CUST, CHASE])).then(0)
        .when(role.is_in([REPLY, PENDING])).then(1)
        .when(role == RESOLVE).then(2)
        .when((role == MARKETING) & ~pl.col("resolved")).then(1)
        .otherwise(3)
    )
    purpose = (
        pl.when(inbound).then(0)
        .when(role == MARKETING).then(3)
        .when((role == RESOLVE) & topic.is_in([REFUND, DELIVERY]) & (c("r/purpose") < 0.5))
        .then(2)
        .otherwise(1)
    )
    lf = lf.with_columns(
        template.alias("_template"),
        prefix.alias("_prefix"),
        suffix.alias("_suffix"),
        csat.cast(pl.Int64).alias("_csat"),
    )
    texts = pl.Series(table.texts, dtype=pl.String)
    masks = pl.Series(_mask_of(table.texts), dtype=pl.Int64)
    prefix_masks = pl.Series(_mask_of(PREFIXES), dtype=pl.Int64)
    suffix_masks = pl.Series(_mask_of(SUFFIXES), dtype=pl.Int64)
    tpl, pre, suf = (pl.col(n).cast(pl.UInt32) for n in ("_template", "_prefix", "_suffix"))
    frame = lf.with_columns(
        _ids("i", pl.int_range(1, pl.len() + 1, dtype=pl.Int64) + part.row_offset, widths[0])
        .alias("interaction_id"),
        by_case("case_id").alias("case_id"),
        by_customer("customer_id").alias("customer_id"),
        _as_utc(pl.col("ts")).alias("timestamp"),
        _label(ch, CHANNELS).alias("channel_s"),
        pl.when(inbound).then(pl.lit("inbound")).otherwise(pl.lit("outbound")).alias("direction"),
        _label(pl.col("actor"), ACTORS).alias("actor_s"),
        pl.when(is_agent).then(_ids("a", pl.col("_agent") + 1, agent_width)).alias("agent_id"),
        pl.concat_str(
            _label(pre, PREFIXES), pl.lit(texts).gather(tpl), _label(suf, SUFFIXES)
        ).alias("text"),
        (pl.lit(masks).gather(tpl) | pl.lit(prefix_masks).gather(pre)
         | pl.lit(suffix_masks).gather(suf)).alias("_mask"),
        pl.when(role != MARKETING).then(_label(topic, TOPICS)).alias("topic_s"),
        pl.when(role != MARKETING).then(_label(pl.col("priority"), PRIORITIES))
        .alias("priority_s"),
        _label(status, STATUSES).alias("status"),
        _label(purpose, PURPOSES).alias("purpose"),
        _as_utc(pl.col("due")).alias("promise_due"),
        pl.col("_csat").cast(pl.Float64).alias("csat"),
        sentiment.alias("sentiment"),
        verified.alias("identity_verified"),
    )
    df = frame.collect().rechunk()
    # claims and placeholders: string work only on the rows that need it
    use_alt = pl.col("contradict") & (j >= 3)
    claim_value = (
        pl.when(topic == DELIVERY).then(
            pl.when(use_alt).then(by_case("date_alt")).otherwise(by_case("date_base")))
        .when(topic == BILLING).then(
            pl.when(use_alt).then(by_case("price_alt")).otherwise(by_case("price_base")))
        .otherwise(pl.when(use_alt).then(by_case("refund_alt")).otherwise(pl.lit("14")))
    )
    claim_key = (
        pl.when(topic == DELIVERY).then(pl.lit("delivery_date"))
        .when(topic == BILLING).then(pl.lit("price"))
        .otherwise(pl.lit("refund_days"))
    )
    src = df.select(pl.exclude(pl.String))
    claims = _scatter_subset(
        pl.Series("claims", [None] * df.height, dtype=pl.String), src, df["_claim_row"],
        pl.lit('{"') + claim_key + pl.lit('": "') + claim_value + pl.lit('"}'),
    )
    values: dict[str, pl.Expr] = {
        "{first}": by_customer("_first"),
        "{handle}": by_customer("_handle"),
        "{agent}": _label(pl.col("_agent") % len(AGENT_NAMES), AGENT_NAMES),
        "{order}": pl.lit("NW-") + pl.col("order").cast(pl.String),
        "{product}": _label(pl.col("product"), PRODUCTS),
        "{claim}": claim_value,
        "{due}": _as_utc(pl.col("due")).dt.convert_time_zone(BERLIN).dt.strftime(
            "%a %d %b, %H:%M"
        ),
        "{pii}": (
            pl.when(pii_kind == 0).then(_label(rng.integers("r/card", 0, 4), PII_CARDS))
            .when(pii_kind == 1).then(_label(rng.integers("r/iban", 0, 4), PII_IBANS))
            .when(pii_kind == 2).then(by_customer("_email"))
            .otherwise(by_customer("_phone"))
        ),
        "{prev_channel}": _label(pl.col("ch0"), [x.replace("_", " ") for x in CHANNELS]),
        "{csat}": pl.col("_csat").cast(pl.String),
        "{last4}": pl.col("last4").cast(pl.String).str.zfill(4),
    }
    text = df["text"]
    mask = df["_mask"]
    for bit, placeholder in enumerate(ALL_PLACEHOLDERS):
        has = (mask // (1 << bit)) % 2 == 1
        text = _scatter_subset(
            text, src.with_columns(text.alias("_text")), has,
            pl.col("_text").str.replace_all(placeholder, values[placeholder].fill_null(""),
                                            literal=True),
        )
    return df.select(
        "interaction_id", "case_id", "customer_id", "timestamp",
        pl.col("channel_s").alias("channel"), "direction", pl.col("actor_s").alias("actor"),
        "agent_id", pl.lit(text).alias("text"), pl.col("topic_s").alias("topic"),
        pl.col("priority_s").alias("priority"), "status", "purpose",
        pl.lit(claims).alias("claims"), "promise_due", "csat", "sentiment", "identity_verified",
    ).cast(INTERACTION_SCHEMA)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------------------------
# Writing files
# ---------------------------------------------------------------------------------------------

CSV_DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S%:z"
"""ISO 8601 with a ``+00:00`` offset, as the canonical CSV carries timestamps."""


def write_frame(frame: pl.DataFrame, path: Path) -> None:
    """Write a frame as Parquet (zstd) or CSV, chosen by the file suffix."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".csv":
        frame.write_csv(path, datetime_format=CSV_DATETIME_FORMAT)
    else:
        frame.write_parquet(path, compression="zstd", statistics=True)


def _chunk_seed(seed: int, chunk: int) -> int:
    digest = hashlib.blake2b(f"{seed}/chunk/{chunk}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "little") >> 1


def iter_chunks(
    rows: int,
    chunk_rows: int,
    seed: int = 0,
    start: datetime = DEFAULT_START,
    days: int = 28,
) -> Iterator[tuple[pl.DataFrame, pl.DataFrame]]:
    """Generate ``rows`` touchpoints as consecutive parts of at most ``chunk_rows`` rows.

    Each part has its own customers (disjoint customer ids), cases and interaction ids
    continuing the previous part's, so the parts can be processed independently (partitioned
    by customer) and concatenated into one valid log.
    """
    if chunk_rows < MIN_CASE_ROWS:
        raise ValueError(f"chunk_rows must be at least {MIN_CASE_ROWS}")
    counts = [chunk_rows] * (rows // chunk_rows)
    if rows % chunk_rows:
        counts.append(rows % chunk_rows)
    if len(counts) > 1 and counts[-1] < MIN_CASE_ROWS:
        counts[-2] += counts.pop()
    total_customers = sum(Part(n).customers() for n in counts)
    widths = (
        max(6, len(str(rows))),
        max(5, len(str(rows // MIN_CASE_ROWS + 1))),
        max(4, len(str(total_customers))),
    )
    row_offset = case_offset = customer_offset = 0
    for chunk, n in enumerate(counts):
        part = Part(
            n, seed=_chunk_seed(seed, chunk), start=start, days=days,
            customer_offset=customer_offset, case_offset=case_offset, row_offset=row_offset,
            widths=widths,
        )
        interactions, customers = generate_part(part)
        yield interactions, customers
        row_offset += n
        case_offset += interactions["case_id"].n_unique()
        customer_offset += customers.height


def write_log(
    rows: int,
    out: Path,
    *,
    seed: int = 0,
    fmt: str = "parquet",
    chunk_rows: int | None = None,
    start: datetime = DEFAULT_START,
    days: int = 28,
) -> list[Path]:
    """Generate and write a log into directory ``out``; returns the files written.

    Without ``chunk_rows``: ``interactions.<fmt>`` and ``customers.<fmt>``. With it:
    ``interactions-00000.<fmt>``, ``customers-00000.<fmt>``, ... one pair per chunk, each pair
    a self-contained partition (its own customers), so memory stays bounded by the chunk size.
    """
    if fmt not in ("parquet", "csv"):
        raise ValueError("fmt must be parquet or csv")
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    if chunk_rows is None or chunk_rows >= rows:
        interactions, customers = generate(rows, seed, start, days=days)
        for name, frame in (("interactions", interactions), ("customers", customers)):
            path = out / f"{name}.{fmt}"
            write_frame(frame, path)
            written.append(path)
        return written
    for chunk, (interactions, customers) in enumerate(
        iter_chunks(rows, chunk_rows, seed, start, days)
    ):
        for name, frame in (("interactions", interactions), ("customers", customers)):
            path = out / f"{name}-{chunk:05d}.{fmt}"
            write_frame(frame, path)
            written.append(path)
    return written


# ---------------------------------------------------------------------------------------------
# The curated sample (examples/sample_log.csv, examples/customers.csv)
# ---------------------------------------------------------------------------------------------

SAMPLE_END = datetime(2026, 3, 27, 16, 20, tzinfo=UTC)
"""The last event of the sample (Fri 27 March 2026, 17:20 Berlin): "now" for deadline checks."""


@dataclass(frozen=True)
class SampleCustomer:
    """A customer profile of the sample."""

    customer_id: str
    name: str
    tier: str = "standard"
    segment: str = "consumer"
    preferred_channel: str = "email"
    language: str = "en"
    timezone: str = "Europe/London"
    quiet_hours: str | None = "22:00-07:00"
    marketing_consent: bool = True
    opted_out_channels: str = ""
    lifetime_value: float = 420.0

    @property
    def first(self) -> str:
        return self.name.split()[0]

    @property
    def handle(self) -> str:
        first, last = self.name.lower().split()[:2]
        return f"@{first}_{last[:3]}{int(self.customer_id[1:]) % 90 + 10}"

    @property
    def email(self) -> str:
        return self.name.lower().replace(" ", ".") + "@example.com"


@dataclass
class Scenario:
    """A deliberate violation in the sample, and the rules that should flag it."""

    key: str
    title: str
    rules: tuple[str, ...]
    detail: str
    cases: list[_SampleCase] = field(default_factory=list)


@dataclass
class _SampleCase:
    customer: SampleCustomer
    topic: str
    priority: str
    rows: list[dict[str, object]] = field(default_factory=list)
    case_id: str = ""

    def add(
        self,
        at: datetime,
        channel: str,
        direction: str,
        actor: str,
        text: str | None,
        *,
        agent: int | None = None,
        status: str | None = None,
        purpose: str | None = None,
        claims: dict[str, str] | None = None,
        promise_due: datetime | None = None,
        csat: float | None = None,
        sentiment: float | None = None,
        verified: bool | None = None,
        topic: str | bool | None = True,
        priority: str | bool | None = True,
    ) -> datetime:
        """Append one event; texts get the channel's framing and placeholders filled."""
        if direction == "outbound" and purpose is None:
            purpose = "service"
        self.rows.append({
            "timestamp": at,
            "channel": channel,
            "direction": direction,
            "actor": actor,
            "agent_id": f"a{agent:02d}" if agent is not None else None,
            "text": None if text is None else _sample_text(
                text, channel, direction, actor, self.customer, agent
            ),
            "topic": self.topic if topic is True else topic,
            "priority": self.priority if priority is True else priority,
            "status": status,
            "purpose": purpose,
            "claims": json.dumps(claims) if claims else None,
            "promise_due": promise_due,
            "csat": csat,
            "sentiment": sentiment,
            "identity_verified": verified,
        })
        return at

    def customer_says(self, at: datetime, channel: str, text: str, **kw: object) -> datetime:
        return self.add(at, channel, "inbound", "customer", text,
                        status="open", **kw)  # type: ignore[arg-type]

    def agent_says(
        self, at: datetime, channel: str, text: str, agent: int, status: str = "pending",
        **kw: object,
    ) -> datetime:
        return self.add(at, channel, "outbound", "agent", text, agent=agent,
                        status=status, **kw)  # type: ignore[arg-type]


def _sample_text(
    text: str, channel: str, direction: str, actor: str, customer: SampleCustomer,
    agent: int | None,
) -> str:
    if channel == "social":
        text = (customer.handle if direction == "outbound" else BRAND_HANDLE) + " " + text
    elif channel == "email" and actor == "agent":
        text = f"Hi {{first}}! {text} Best regards, {{agent}}, {BRAND}"
    elif channel in ("phone", "callback"):
        text = ("Call notes: " if direction == "outbound" else "Caller: ") + text
    elif channel == "in_person":
        text = ("Store notes: " if direction == "outbound" else "Visitor: ") + text
    agent_name = AGENT_NAMES[(agent - 1) % len(AGENT_NAMES)] if agent else ""
    return (
        text.replace("{first}", customer.first).replace("{agent}", agent_name)
        .replace("{brand}", BRAND)
    )


def _utc(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A time on ``day`` March 2026, in UTC."""
    return datetime(2026, 3, day, hour, minute, second, tzinfo=UTC)


def _sample_customers() -> list[SampleCustomer]:
    """40 profiles: scenario customers get exactly the attributes their scenario needs."""
    rnd = random.Random(40)
    special = {
        3: SampleCustomer("u0003", "Lena Hoffmann", language="de", timezone="Europe/Berlin",
                          quiet_hours="21:00-08:00"),
        5: SampleCustomer("u0005", "Oliver Wright"),
        7: SampleCustomer("u0007", "Marie Koch", tier="gold", segment="small_business",
                          language="de", timezone="Europe/Berlin", lifetime_value=2950.0),
        9: SampleCustomer("u0009", "Hugo Moreau", language="fr", timezone="Europe/Paris"),
        11: SampleCustomer("u0011", "Sophie Wagner", language="de", timezone="Europe/Berlin"),
        13: SampleCustomer("u0013", "Jack Evans", preferred_channel="social"),
        15: SampleCustomer("u0015", "Lucia Navarro", preferred_channel="social", language="es",
                           timezone="Europe/Madrid"),
        17: SampleCustomer("u0017", "Paul Becker", language="de", timezone="Europe/Berlin",
                           marketing_consent=False),
        19: SampleCustomer("u0019", "Grace Miller", quiet_hours=None, opted_out_channels="sms"),
        21: SampleCustomer("u0021", "Felix Braun", preferred_channel="sms", language="de",
                           timezone="Europe/Berlin", quiet_hours="21:00-08:00"),
        23: SampleCustomer("u0023", "Amelia Clarke", tier="vip", segment="enterprise",
                           lifetime_value=18400.0),
        25: SampleCustomer("u0025", "Jonas Fischer", language="de", timezone="Europe/Vienna"),
        27: SampleCustomer("u0027", "Camille Dubois", language="fr", timezone="Europe/Paris"),
        29: SampleCustomer("u0029", "Ethan Walker", preferred_channel="phone",
                           timezone="America/New_York", quiet_hours="22:00-08:00"),
        31: SampleCustomer("u0031", "Clara Weber", language="de", timezone="Europe/Berlin"),
        33: SampleCustomer("u0033", "Mateo Garcia", language="es", timezone="Europe/Madrid"),
        35: SampleCustomer("u0035", "Chloe Taylor"),
        37: SampleCustomer("u0037", "Leon Richter", language="de", timezone="Europe/Berlin"),
    }
    out: list[SampleCustomer] = []
    used = {c.name for c in special.values()}
    for number in range(1, 41):
        if number in special:
            out.append(special[number])
            continue
        lang, zone, _ = LOCALES[number % len(LOCALES)]
        while True:
            name = (f"{rnd.choice(FIRST_NAMES[lang])} {rnd.choice(LAST_NAMES[lang])}")
            if name not in used:
                used.add(name)
                break
        tier = "vip" if number == 10 else ("gold" if number % 7 == 0 else "standard")
        out.append(SampleCustomer(
            f"u{number:04d}", name, tier=tier,
            segment=("small_business" if number % 5 == 0 else "consumer"),
            preferred_channel=("email", "email", "sms", "phone", "social")[number % 5],
            language=lang, timezone=zone,
            quiet_hours=(None, "21:00-08:00", "22:00-07:00")[number % 3],
            marketing_consent=number % 4 != 0,
            opted_out_channels=("phone" if number % 5 in (0, 1) and number % 3 == 0 else ""),
            lifetime_value=round(rnd.uniform(80, 900) * (12 if tier == "vip" else 1), 2),
        ))
    return out


def _scenarios(customers: dict[str, SampleCustomer]) -> list[Scenario]:
    """The deliberate violations, written event by event."""
    out: list[Scenario] = []

    def scenario(key: str, title: str, rules: tuple[str, ...], detail: str,
                 *cases: _SampleCase) -> None:
        out.append(Scenario(key, title, rules, detail, list(cases)))

    def case(customer: str, topic: str, priority: str = "normal") -> _SampleCase:
        return _SampleCase(customers[customer], topic, priority)

    # S01: a chat answered after 9 minutes
    c = case("u0003", "delivery")
    c.customer_says(_utc(3, 9, 2), "chat",
                    "Hi, my order NW-40213 was supposed to arrive yesterday. Can you check?")
    c.agent_says(_utc(3, 9, 11, 12), "chat", "Sorry for the wait! Let me check NW-40213.", 2)
    c.customer_says(_utc(3, 9, 12, 5), "chat", "Thanks.")
    c.agent_says(_utc(3, 9, 13, 10), "chat",
                 "The parcel is at the local depot and will be delivered on 2026-03-04.", 2,
                 claims={"delivery_date": "2026-03-04"})
    c.customer_says(_utc(3, 9, 13, 50), "chat", "Great, thank you!", sentiment=0.6)
    c.agent_says(_utc(3, 9, 14, 30), "chat", "You're welcome! I'll close the chat now.", 2,
                 status="resolved")
    c.agent_says(_utc(4, 15, 10), "email", "Did your parcel arrive today as planned?", 2,
                 status="closed")
    scenario("S01", "Chat first reply after 9 minutes", ("first-reply-chat",),
             "The first chat message waits 9m 12s for an agent (limit 2m).", c)

    # S02: an e-mail answered after three business days
    c = case("u0005", "billing")
    c.customer_says(_utc(9, 9, 30), "email",
                    "I was charged twice for order NW-51877. Can you please check?",
                    verified=False)
    c.agent_says(_utc(12, 10, 5), "email",
                 "Apologies for the slow reply. I can see two payment attempts for NW-51877; "
                 "one of them will be released.", 5, verified=True)
    c.customer_says(_utc(12, 11, 0), "email",
                    "Thanks, finally. Will the second charge be returned?", verified=True,
                    sentiment=-0.3)
    c.agent_says(_utc(12, 11, 40), "email",
                 "Yes: the duplicate charge has been reversed today. You will see it within "
                 "3-5 days.", 5, status="resolved", verified=True)
    c.add(_utc(13, 9, 30), "email", "outbound", "system",
          "How did we do? Please rate your experience with {brand} support from 1 to 5.",
          status="closed")
    c.add(_utc(13, 12, 10), "email", "inbound", "system", "Survey answer: 3 out of 5.",
          status="closed", csat=3.0)
    scenario("S02", "E-mail answered after 3 business days", ("first-reply-email",),
             "Sent Mon 9 March 10:30 Berlin, first answer Thu 12 March 11:05 Berlin "
             "(about 27.6 business hours, limit 8h).", c)

    # S03: an urgent ticket left waiting
    c = case("u0007", "account", "urgent")
    c.customer_says(_utc(4, 8, 20), "email",
                    "URGENT: I am locked out of my shop account and our subscription renews "
                    "today. Please help!", verified=False, sentiment=-0.4)
    c.agent_says(_utc(4, 14, 35), "email",
                 "Sorry for the delay. I have verified your identity and unlocked the login; "
                 "please try again.", 3, verified=True)
    c.customer_says(_utc(4, 14, 50), "email", "Thanks, I'm in again.", verified=True)
    c.agent_says(_utc(4, 15, 5), "email",
                 "Great. The renewal went through normally, nothing else to do.", 3,
                 status="resolved", verified=True)
    c.agent_says(_utc(5, 9, 0), "email",
                 "Just checking in: is everything working as it should now?", 3,
                 status="closed")
    scenario("S03", "Urgent ticket waiting 6 hours", ("first-reply-email",),
             "Priority urgent, first reply after 6h 15m of business time (urgent limit 2h).",
             c)

    # S04: unanswered at the end of the log
    c = case("u0009", "refund")
    c.customer_says(_utc(26, 9, 5), "email",
                    "Hello, I returned my coffee machine (order NW-66120) on 16 March and have "
                    "heard nothing since. When will I get my refund?")
    c.customer_says(_utc(27, 8, 40), "email",
                    "Still waiting for an answer to my message from yesterday.", sentiment=-0.4)
    scenario("S04", "Unanswered case at the end of the log", ("first-reply-email",),
             "Customer wrote Thu 26 March 10:05 Berlin and chased on Fri 09:40; no reply by "
             "the end of the log (Fri 27 March 17:20 Berlin, about 16 business hours).", c)

    # S05: two delivery dates for the same order, on e-mail and chat
    c = case("u0011", "delivery")
    c.customer_says(_utc(2, 10, 10), "email",
                    "When will my standing desk (order NW-38471) arrive?")
    c.agent_says(_utc(2, 11, 30), "email",
                 "Your desk is scheduled for delivery on 2026-03-05.", 4,
                 claims={"delivery_date": "2026-03-05"})
    c.customer_says(_utc(3, 9, 2), "chat",
                    "Hi, I got an e-mail saying Thursday, but the tracking page says something "
                    "else. Which is it?")
    c.agent_says(_utc(3, 9, 3, 10), "chat",
                 "I have checked with the carrier: the delivery is planned for 2026-03-09.", 6,
                 claims={"delivery_date": "2026-03-09"})
    c.customer_says(_utc(3, 9, 4), "chat", "That's days later than I was told!",
                    sentiment=-0.4)
    c.agent_says(_utc(3, 9, 5), "chat",
                 "I'm sorry for the confusion. I have added a 10 EUR voucher for the trouble.",
                 6, status="resolved")
    c.agent_says(_utc(4, 9, 30), "email",
                 "Just checking in: is everything clear about the delivery now?", 4,
                 status="closed")
    scenario("S05", "Delivery date 2026-03-05 on e-mail, 2026-03-09 on chat",
             ("same-facts-everywhere", "channel-switch"),
             "Two different delivery_date claims in one case; the customer also had to move "
             "from e-mail to chat (info).", c)

    # S06: card number in a public social reply
    c = case("u0013", "billing")
    c.customer_says(_utc(11, 13, 0), "social",
                    "my payment for NW-77310 failed twice, what's going on?")
    c.agent_says(_utc(11, 13, 20), "social",
                 "we checked the payment from card 4111 1111 1111 1111 and it was declined by "
                 "the bank.", 7)
    c.customer_says(_utc(11, 13, 25), "social",
                    "Are you serious? You just posted my card number publicly!")
    c.agent_says(_utc(11, 13, 31), "social",
                 "we are very sorry. The post has been deleted; please check your DMs.", 7,
                 status="resolved")
    c.agent_says(_utc(12, 10, 0), "social",
                 "just checking in: did the payment go through this time?", 7, status="closed")
    scenario("S06", "Agent posts a card number in a public reply", ("no-pii-on-social",),
             "A Luhn-valid card number (4111 1111 1111 1111) in an outbound social reply.", c)

    # S07: e-mail address and phone number in a public social reply
    c = case("u0015", "refund")
    c.customer_says(_utc(17, 15, 10), "social",
                    "my refund for the headphones still hasn't arrived")
    c.agent_says(_utc(17, 15, 32), "social",
                 "we found your return under lucia.navarro@example.com and will call you at "
                 "+34 612 345 678 today.", 8)
    c.agent_says(_utc(17, 16, 5), "social",
                 "your refund has been issued and will arrive within 14 days.", 8,
                 status="resolved", claims={"refund_days": "14"})
    c.agent_says(_utc(19, 9, 30), "social", "just checking: has your refund arrived?", 8,
                 status="closed")
    scenario("S07", "Agent posts an e-mail address and phone number publicly",
             ("no-pii-on-social",),
             "The customer's e-mail address and phone number in an outbound social reply.", c)

    # S08: marketing to a customer without marketing consent
    c = case("u0017", "general", "low")
    c.customer_says(_utc(9, 10, 0), "email",
                    "Can I pick up my order NW-20417 in a store instead of delivery?")
    c.agent_says(_utc(9, 11, 5), "email",
                 "Yes! Choose 'Click & Collect' and pick it up in any store after 2 days.", 1,
                 status="resolved")
    c.agent_says(_utc(10, 9, 20), "email", "Did the store pickup work out for you?", 1,
                 status="closed")
    c.add(_utc(16, 9, 0), "email", "outbound", "system",
          "Hi {first}, spring sale at {brand}: 20% off all coffee machines this week only!",
          status="closed", purpose="marketing", topic=None, priority=None)
    scenario("S08", "Marketing e-mail without marketing consent", ("contact-consent",),
             "Paul Becker (u0017) has marketing_consent=false and gets a marketing e-mail.", c)

    # S09: an SMS to a customer who opted out of SMS
    c = case("u0019", "delivery")
    c.customer_says(_utc(12, 9, 40), "email", "Where is my parcel NW-45120?")
    c.agent_says(_utc(12, 10, 30), "email",
                 "Your parcel is scheduled to arrive on 2026-03-13.", 3,
                 claims={"delivery_date": "2026-03-13"})
    c.add(_utc(13, 7, 30), "sms", "outbound", "system",
          "{brand}: your parcel NW-45120 will be delivered today between 10:00 and 14:00.",
          status="pending", purpose="transactional")
    c.agent_says(_utc(13, 12, 0), "email", "Good news: NW-45120 has been delivered today.", 3,
                 status="resolved")
    c.agent_says(_utc(16, 9, 0), "email",
                 "Just checking in: did everything arrive in good condition?", 3,
                 status="closed")
    scenario("S09", "SMS to a customer who opted out of SMS",
             ("contact-consent", "preferred-channel"),
             "Grace Miller (u0019) has opted_out_channels=sms and gets a delivery SMS, which "
             "also ignores her preferred channel (e-mail).", c)

    # S10: marketing in the customer's quiet hours
    c = case("u0021", "general", "low")
    c.customer_says(_utc(16, 9, 15), "sms", "Hi, is the robot vacuum back in stock?")
    c.agent_says(_utc(16, 9, 35), "sms", "Yes, it is back in stock since this morning.", 2,
                 status="resolved")
    c.agent_says(_utc(17, 10, 0), "sms", "Did you find what you were looking for?", 2,
                 status="closed")
    c.add(_utc(21, 22, 30), "sms", "outbound", "system",
          "{first}, robot vacuums are 20% off this weekend only! Reply STOP to opt out.",
          status="closed", purpose="marketing", topic=None, priority=None)
    scenario("S10", "Marketing SMS at 23:30 in the customer's quiet hours",
             ("contact-consent",),
             "Sat 21 March 23:30 Europe/Berlin; Felix Braun's quiet hours are 21:00-08:00.", c)

    # S11: a VIP waiting two hours
    c = case("u0023", "delivery", "high")
    c.customer_says(_utc(18, 9, 0), "email",
                    "Our office order NW-59004 arrived with two items missing.")
    c.agent_says(_utc(18, 11, 10), "email",
                 "I am sorry about that. I have asked the warehouse what happened to the "
                 "missing items.", 1)
    c.customer_says(_utc(18, 11, 25), "email", "Thanks. Can you send them by express?")
    c.agent_says(_utc(18, 11, 32), "email",
                 "Absolutely: they will arrive on 2026-03-19 by express.", 1,
                 status="resolved", claims={"delivery_date": "2026-03-19"})
    c.agent_says(_utc(19, 16, 0), "email", "Did the missing items arrive today?", 1,
                 status="closed")
    scenario("S11", "VIP customer waits over 2 hours", ("vip-waiting",),
             "Amelia Clarke (u0023, vip) waits 2h 10m for the first answer (VIP limit 15m; "
             "within the e-mail SLA).", c)

    # S12: csat 1
    c = case("u0025", "technical")
    c.customer_says(_utc(19, 10, 0), "phone", "My smart watch does not charge anymore.")
    c.agent_says(_utc(19, 10, 3), "phone",
                 "Asked the customer to try another cable, no luck. Offered a repair.", 4)
    c.customer_says(_utc(20, 9, 30), "phone", "The repair form on the website does not work.")
    c.agent_says(_utc(20, 9, 32), "phone",
                 "Sent the repair label by e-mail and booked the pickup.", 4,
                 status="resolved")
    c.add(_utc(20, 10, 30), "email", "outbound", "system",
          "How did we do? Please rate your experience with {brand} support from 1 to 5.",
          status="closed")
    c.add(_utc(20, 14, 10), "email", "inbound", "system",
          "Survey answer: 1 out of 5. Comment: two calls for a simple repair.",
          status="closed", csat=1.0)
    scenario("S12", "Customer rates the support 1 out of 5", ("unhappy-customer",),
             "A survey answer with csat 1.", c)

    # S13: the same problem again two days after resolution
    first = case("u0027", "technical")
    first.customer_says(_utc(9, 13, 0), "chat",
                        "My router drops the Wi-Fi connection every evening.")
    first.agent_says(_utc(9, 13, 1), "chat",
                     "Sorry about that. Which firmware version does the router show?", 5)
    first.customer_says(_utc(9, 13, 3), "chat", "It says 2.1.")
    first.agent_says(_utc(9, 13, 4), "chat",
                     "Please update to 2.4 in the app; that fixes the evening drop-outs.", 5)
    first.customer_says(_utc(9, 13, 9), "chat", "Done, it works now. Thanks!", sentiment=0.5)
    first.agent_says(_utc(9, 13, 10), "chat", "Glad it works again! I will close this chat.",
                     5, status="resolved")
    again = case("u0027", "technical")
    again.customer_says(_utc(11, 14, 0), "chat",
                        "The Wi-Fi problem is back since last night, even with the update.",
                        sentiment=-0.3)
    again.agent_says(_utc(11, 14, 1), "chat",
                     "I'm sorry to hear that. I'll send you a replacement router.", 6)
    again.customer_says(_utc(11, 14, 3), "chat", "OK, thank you.")
    again.agent_says(_utc(11, 14, 4), "chat",
                     "The replacement ships today. You will get the tracking link by e-mail.",
                     6, status="resolved")
    again.agent_says(_utc(13, 9, 0), "email",
                     "Just checking in: is the new router working well?", 6, status="closed")
    first.agent_says(_utc(10, 9, 0), "email",
                     "Just checking in: is the connection stable now?", 5, status="closed")
    scenario("S13", "Customer comes back on the same topic 2 days after resolution",
             ("came-back-same-topic",),
             "Camille Dubois (u0027): a technical case resolved Mon 9 March, a new technical "
             "case Wed 11 March (flagged on the second case).", first, again)

    # S14: a callback promised by 16:00 that never happens
    c = case("u0029", "billing")
    c.customer_says(_utc(25, 14, 0), "phone",
                    "I was billed for a subscription I cancelled in February.", verified=False)
    c.agent_says(_utc(25, 14, 4), "phone",
                 "Verified the customer. Billing team must check the cancellation; promised a "
                 "callback by 16:00 Berlin time today.", 7, verified=True,
                 promise_due=_utc(25, 15, 0))
    scenario("S14", "Callback promised by 16:00 never happens", ("promises-kept",),
             "promise_due Wed 25 March 16:00 Berlin; no outbound message follows in the case.",
             c)

    # S15: a resolved case without any follow-up
    c = case("u0031", "account", "low")
    c.customer_says(_utc(16, 10, 0), "chat",
                    "How do I change the e-mail address I use to log in?", verified=False)
    c.agent_says(_utc(16, 10, 1), "chat",
                 "I can help. First I will send a verification code to your phone.", 8,
                 verified=False)
    c.customer_says(_utc(16, 10, 3), "chat", "I have the code now.", verified=False)
    c.agent_says(_utc(16, 10, 4), "chat",
                 "Thanks, you are verified. Done: your login e-mail has been updated.", 8,
                 status="resolved", verified=True)
    scenario("S15", "Resolved case never followed up", ("follow-up-after-resolution",),
             "Resolved Mon 16 March; no check-in or survey in the following 3 days.", c)

    # S16: account details before the identity check
    c = case("u0033", "account")
    c.customer_says(_utc(10, 14, 0), "chat",
                    "Hi, can you tell me which address my last order went to?", verified=False)
    c.agent_says(_utc(10, 14, 1), "chat",
                 "Sure! Your address on file is Calle Mayor 12, Madrid, and your order history "
                 "shows NW-31877 delivered there.", 1, verified=False)
    c.customer_says(_utc(10, 14, 2), "chat", "Thanks, that's right.", verified=False)
    c.agent_says(_utc(10, 14, 3), "chat", "Anything else I can do? Have a nice day!", 1,
                 status="resolved", verified=False)
    c.agent_says(_utc(11, 9, 30), "email",
                 "Just checking in: did you find everything you needed?", 1, status="closed")
    scenario("S16", "Account details shared before identity verification",
             ("verify-before-account-details",),
             "An agent states the address on file and order history with "
             "identity_verified=false.", c)

    # S17: a customer posts their own contact details publicly
    c = case("u0035", "technical")
    c.customer_says(_utc(5, 16, 0), "social",
                    "please call me about my broken kettle, my number is +44 7700 900123 or "
                    "write to chloe.taylor@example.com")
    c.agent_says(_utc(5, 16, 10), "social",
                 "thanks for reaching out! For your privacy we have moved this to a direct "
                 "message.", 2)
    c.agent_says(_utc(5, 16, 30), "email",
                 "A replacement kettle is on its way to you. Sorry for the trouble.", 2,
                 status="resolved")
    c.agent_says(_utc(6, 14, 0), "email", "Did the replacement kettle arrive safely?", 2,
                 status="closed")
    scenario("S17", "Customer posts their own phone number and e-mail publicly",
             ("customer-posted-pii",),
             "Inbound social post with a phone number and an e-mail address (info, moved to "
             "a private channel).", c)

    # S18: a full IBAN written back by e-mail
    c = case("u0037", "refund")
    c.customer_says(_utc(23, 9, 0), "email",
                    "Please refund my cancelled order NW-70021 to my bank account "
                    "DE89 3704 0044 0532 0130 00.")
    c.agent_says(_utc(23, 10, 30), "email",
                 "We will refund 89.00 EUR to DE89 3704 0044 0532 0130 00 within 14 days.", 4,
                 claims={"refund_days": "14"})
    c.agent_says(_utc(24, 10, 0), "email", "Your refund for NW-70021 has been issued.", 4,
                 status="resolved", purpose="transactional")
    c.agent_says(_utc(26, 9, 0), "email",
                 "Just checking in: has the refund reached your bank?", 4, status="closed")
    scenario("S18", "Full IBAN written back to the customer by e-mail",
             ("no-card-numbers-anywhere",),
             "An outbound e-mail repeats the customer's full IBAN.", c)
    return out


STORYLINES: dict[str, tuple[tuple[str, ...], ...]] = {
    # customer and agent turns alternate, starting with the customer; the last agent turn
    # resolves the case; "{claim}" marks a turn that states the case's claim
    "delivery": (
        ("Where is my order {order}? It was supposed to arrive two days ago.",
         "Sorry for the delay! I have checked with the carrier: {order} is at the local depot.",
         "OK, so when will it come?",
         "It is scheduled for delivery on {claim}. You will get a tracking message that "
         "morning."),
        ("Can you tell me when my {product} ({order}) will arrive? I need it before the "
         "weekend.",
         "Your {product} is scheduled for delivery on {claim}, so before the weekend.",
         "Perfect, thanks!",
         "You're welcome! I will close this request now."),
        ("The parcel with my {product} arrived damaged. What now?",
         "I'm sorry to hear that! Could you send us a photo of the damage?",
         "Sure, photo attached.",
         "Thanks. A replacement is on its way and will arrive on {claim}."),
    ),
    "billing": (
        ("I was charged twice for order {order}. Can you please check?",
         "Thanks for reaching out. I can see two payment attempts; one of them is only a "
         "reservation by the bank.",
         "When will it disappear?",
         "The reservation is released automatically within 3-5 days. Nothing else to do."),
        ("My invoice for {order} shows a higher amount than the price in the shop.",
         "You're right, sorry about that: the correct price for your {product} is {claim} "
         "EUR. I have corrected the invoice."),
        ("Can I get the invoice for {order} as a PDF?",
         "Of course, I have just sent it to you.",
         "Got it, thanks.",
         "Happy to help! The price on the invoice is {claim} EUR as in the shop."),
    ),
    "refund": (
        ("I returned my {product} two weeks ago and still have no refund.",
         "Thanks for your patience. The return of your {product} arrived at our warehouse "
         "yesterday.",
         "How long will the refund take?",
         "Refunds are paid within {claim} days after we receive the item, so it is on its "
         "way."),
        ("I cancelled {order} before it shipped. When do I get my money back?",
         "The cancellation is confirmed. You will get your money back within {claim} days."),
    ),
    "technical": (
        ("My {product} stopped connecting to the app after the last update.",
         "Sorry about that. Could you restart the {product} and then the app?",
         "Done, same problem.",
         "Please remove the device in the app and add it again; the update changed the "
         "pairing.",
         "That worked, thanks!",
         "Great! I will close this ticket then."),
        ("The {product} shows error E42 and will not turn on.",
         "E42 means the battery protection kicked in. Please charge it for 30 minutes "
         "before switching it on.",
         "It works again, thank you!",
         "Glad to hear it! Closing this ticket now."),
        ("I cannot log in to the app, it says 'unknown error' every time.",
         "Thanks for letting us know. We had a short outage this morning; please try again "
         "now.",
         "Yes, it works now.",
         "Perfect. Sorry for the trouble!"),
    ),
    "account": (
        ("I cannot reset my password, the reset mail never arrives.",
         "Thanks. For security reasons I will send a new reset link now; please check the "
         "spam folder too.",
         "Found it, it worked.",
         "Great, you're all set!"),
        ("I want to change the e-mail address I use to log in.",
         "Sure. I have sent a confirmation link to the new address.",
         "Confirmed.",
         "Done: the new login e-mail is active."),
    ),
    "cancellation": (
        ("I want to cancel my subscription at the end of this month.",
         "Sorry to see you go. The subscription ends on 31 March; anything paid beyond that "
         "is refunded within {claim} days."),
        ("How do I cancel order {order}? I ordered the wrong size.",
         "No problem, I have cancelled {order} for you.",
         "Thanks! Will I get the money back?",
         "Yes, the amount is refunded within {claim} days."),
    ),
    "general": (
        ("Do you have the {product} in stock in black?",
         "Yes, the black {product} is in stock and ships within 2 days."),
        ("Is there a warranty extension for the {product}?",
         "Yes: you can extend the warranty to 3 years within 30 days of purchase.",
         "Great, I will do that.",
         "Perfect. Enjoy your {product}!"),
        ("What are your opening hours over Easter?",
         "Our stores are closed on Good Friday and Easter Monday; the chat is open on the "
         "other days."),
    ),
}
"""Coherent little conversations for the clean cases of the sample."""


def _business_time(at: datetime, seconds: float, rnd: random.Random) -> datetime:
    """``seconds`` after ``at``; past 16:45 UTC it moves to the next weekday morning."""
    out = at + timedelta(seconds=round(seconds))
    if out.hour < 8 and out.weekday() < 5:
        return out.replace(hour=8, minute=rnd.randint(5, 40), second=rnd.randint(0, 59))
    if out.hour * 60 + out.minute >= 16 * 60 + 45 or out.weekday() >= 5:
        day = out.date() + timedelta(days=1)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        out = datetime(day.year, day.month, day.day, 8, rnd.randint(5, 40),
                       rnd.randint(0, 59), tzinfo=UTC)
    return out


def _fill_template(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


def _clean_case(
    customer: SampleCustomer, day: int, topic: str, channel: str, rnd: random.Random,
    promise: bool = False, marketing: bool = False,
) -> _SampleCase:
    """A well-handled case: fast replies, consistent facts, resolved and followed up."""
    vip = customer.tier == "vip"
    priority = rnd.choice(("normal", "normal", "normal", "low", "high"))
    c = _SampleCase(customer, topic, priority)
    agent = rnd.randint(1, 8)
    us_customer = customer.timezone.startswith("America/")
    start_hour = rnd.randint(13, 14) if us_customer else rnd.randint(8, 10 if promise else 12)
    at = _utc(day, start_hour, rnd.randint(0, 59), rnd.randint(0, 59))
    verified_topic = topic in ("billing", "account", "cancellation")
    claim_key = {"delivery": "delivery_date", "billing": "price", "refund": "refund_days",
                 "cancellation": "refund_days"}.get(topic)
    claim_value = {
        "delivery_date": (at + timedelta(days=rnd.randint(2, 4))).strftime("%Y-%m-%d"),
        "price": rnd.choice(PRICES), "refund_days": "14",
    }.get(claim_key or "", "")
    values = {
        "order": f"NW-{rnd.randint(10000, 99999)}", "product": rnd.choice(PRODUCTS),
        "first": customer.first, "claim": claim_value,
    }

    def reply_delay() -> float:
        if channel == "chat":
            return rnd.uniform(15, 80)
        if vip:
            return rnd.uniform(60, 540)
        return {
            "social": rnd.uniform(300, 2400),
            "sms": rnd.uniform(300, 1800),
            "phone": rnd.uniform(60, 240),
            "in_person": rnd.uniform(60, 300),
        }.get(channel, rnd.uniform(1500, 9000))

    def customer_delay() -> float:
        return {"chat": rnd.uniform(20, 120), "phone": rnd.uniform(20, 90)}.get(
            channel, rnd.uniform(600, 3600)
        )

    def sentiment() -> float | None:
        return round(rnd.uniform(-0.3, 0.8), 2) if rnd.random() < 0.4 else None

    story = list(rnd.choice(STORYLINES[topic]))
    verified: bool | None = False if verified_topic else None
    c.customer_says(at, channel, _fill_template(story[0], values), verified=verified,
                    sentiment=sentiment())
    verified = True if verified_topic else None
    if promise:
        # a promise that is kept: the next agent message comes well before it is due
        at = _business_time(at, reply_delay(), rnd)
        due = (at + timedelta(hours=3)).replace(second=0, microsecond=0)
        due = due.replace(minute=0 if due.minute < 30 else 30)
        local_due = due.astimezone(ZoneInfo(BERLIN)).strftime("%H:%M")
        c.agent_says(at, channel,
                     f"Thanks, I am looking into it and will get back to you by {local_due} "
                     "today.", agent, promise_due=due, verified=verified)
        at = at + timedelta(minutes=rnd.randint(10, 40))
        c.customer_says(at, channel, "OK, thanks. I'll wait.", verified=verified)
        at = min(at + timedelta(minutes=rnd.randint(20, 60)), due - timedelta(minutes=10))
    for turn, text in enumerate(story[1:], start=1):
        last = turn == len(story) - 1
        filled = _fill_template(text, values)
        if turn % 2 == 1:  # agent
            if not (promise and turn == 1):
                at = _business_time(at, reply_delay(), rnd)
            claims = {claim_key: claim_value} if claim_key and "{claim}" in text else None
            c.agent_says(at, channel, filled, agent,
                         status="resolved" if last else "pending", claims=claims,
                         verified=verified)
        else:
            at = at + timedelta(seconds=round(customer_delay()))
            c.customer_says(at, channel, filled, verified=verified, sentiment=sentiment())
    resolved_at = at
    # a check-in or survey on the customer's preferred channel, the next working day (or a
    # few hours later when the next working day is too far away)
    follow_channel = customer.preferred_channel
    next_day = resolved_at.date() + timedelta(days=1)
    while next_day.weekday() >= 5:
        next_day += timedelta(days=1)
    follow_at = datetime(next_day.year, next_day.month, next_day.day, rnd.randint(8, 14),
                         rnd.randint(0, 59), rnd.randint(0, 59), tzinfo=UTC)
    if follow_at - resolved_at > timedelta(days=2, hours=20):
        follow_at = resolved_at + timedelta(minutes=rnd.randint(60, 150))
    if follow_at < SAMPLE_END - timedelta(hours=1):
        if rnd.random() < 0.4 and follow_channel in ("email", "sms"):
            c.add(follow_at, follow_channel, "outbound", "system",
                  rnd.choice(TEMPLATES["invite"]["*"]), status="closed")
            answer_at = follow_at + timedelta(minutes=rnd.randint(30, 300))
            if answer_at < SAMPLE_END - timedelta(minutes=30):
                score = rnd.choice((3.0, 4.0, 4.0, 5.0, 5.0, 5.0))
                c.add(answer_at, follow_channel, "inbound", "system",
                      f"Survey answer: {int(score)} out of 5.", status="closed", csat=score)
        else:
            c.agent_says(follow_at, follow_channel,
                         rnd.choice(TEMPLATES["follow_up"]["*"]), agent, status="closed")
        if marketing:
            send = (follow_at + timedelta(days=5)).replace(hour=9, minute=0, second=0)
            if send < SAMPLE_END:
                c.add(send, "email", "outbound", "system",
                      "Hi {first}, your favourites are back in stock. Order now with free "
                      "shipping.",
                      status="closed", purpose="marketing", topic=None, priority=None)
    return c


WEEKDAYS = tuple(d for d in range(2, 27) if date(2026, 3, d).weekday() < 5)
"""Working days of the sample period on which cases start (2-26 March 2026)."""


def _clean_cases(
    customers: list[SampleCustomer], extra: dict[str, tuple[set[int], set[str]]]
) -> list[_SampleCase]:
    """Two well-handled cases (different topics, 10+ days apart) per customer without a
    scenario, one for each scenario customer in ``extra`` (away from the days and topics
    given there), and the final case of the log."""
    rnd = random.Random(2026)
    out: list[_SampleCase] = []
    for n, customer in enumerate(customers):
        opted_out = set(filter(None, customer.opted_out_channels.split(";")))
        channels = [ch for ch in ("email", "email", "email", "chat", "chat", "phone", "social",
                                  "sms", "web") if ch not in opted_out]
        if customer.tier == "vip":
            channels = ["chat", "phone"]
        if customer.customer_id in extra:
            busy_days, busy_topics = extra[customer.customer_id]
            days = [rnd.choice([d for d in WEEKDAYS
                                if all(abs(d - b) >= 10 for b in busy_days)])]
            topics = [rnd.choice([t for t in TOPICS if t not in busy_topics])]
        elif customer is customers[-1]:  # also has the last case of the log
            days = [rnd.choice(WEEKDAYS[:5])]
            topics = [rnd.choice([t for t in TOPICS if t != "general"])]
        else:
            first_day = rnd.choice(WEEKDAYS[:9])
            days = [first_day, rnd.choice([d for d in WEEKDAYS if d >= first_day + 10])]
            topics = rnd.sample(TOPICS, 2)
        for k, (day, topic) in enumerate(zip(days, topics, strict=True)):
            channel = rnd.choice(channels)
            if channel == "social" and topic in ("account", "billing", "cancellation"):
                channel = "email" if "email" not in opted_out else "chat"
            promise = channel == "email" and n % 6 == 1 and k == 0
            marketing = (k == 0 and customer.marketing_consent and n % 8 == 2
                         and "email" not in opted_out and customer.preferred_channel == "email")
            out.append(_clean_case(customer, day, topic, channel, rnd, promise, marketing))
    last = _SampleCase(customers[-1], "general", "low")
    last.customer_says(SAMPLE_END - timedelta(minutes=15), "chat",
                       "Are your stores open on Saturday?")
    last.agent_says(SAMPLE_END - timedelta(minutes=14, seconds=20), "chat",
                    "Yes, our stores are open on Saturday from 10:00 to 16:00.", 3)
    last.customer_says(SAMPLE_END - timedelta(minutes=1, seconds=30), "chat",
                       "Great, thank you!")
    last.agent_says(SAMPLE_END, "chat", "You're welcome, have a nice weekend!", 3,
                    status="resolved")
    out.append(last)
    return out


def _channel_showcase(customers: dict[str, SampleCustomer]) -> list[_SampleCase]:
    """Well-handled cases on the less common channels (virtual assistant, store, callback)."""
    bot = _SampleCase(customers["u0013"], "general", "low")
    bot.customer_says(_utc(24, 10, 0), "virtual_assistant", "Do you deliver to Austria?")
    bot.add(_utc(24, 10, 0, 4), "virtual_assistant", "outbound", "bot",
            "Hi, I am Wave, the {brand} assistant. Yes, we deliver to Austria within 3-5 "
            "working days.", status="pending")
    bot.customer_says(_utc(24, 10, 0, 40), "virtual_assistant",
                      "Can I also return items from there for free?")
    bot.add(_utc(24, 10, 0, 45), "virtual_assistant", "outbound", "bot",
            "Let me connect you with a colleague for that.", status="pending")
    bot.agent_says(_utc(24, 10, 1, 30), "virtual_assistant",
                   "Hi, this is Omar. Yes: returns from Austria are free with the prepaid "
                   "label.", 6, status="resolved")
    bot.agent_says(_utc(25, 10, 30), "social",
                   "just checking in: any other questions about delivery to Austria?", 6,
                   status="closed")
    store = _SampleCase(customers["u0021"], "technical", "normal")
    store.customer_says(_utc(3, 14, 10), "in_person",
                        "My e-bike battery does not hold its charge anymore.")
    store.agent_says(_utc(3, 14, 25), "in_person",
                     "Tested the battery: one cell is faulty. Replaced it under warranty.", 7,
                     status="resolved")
    store.agent_says(_utc(4, 15, 0), "sms", "Is the new battery working well?", 7,
                     status="closed")
    call = _SampleCase(customers["u0035"], "delivery", "high")
    call.customer_says(_utc(19, 9, 10), "email",
                       "My parcel NW-58821 was delivered to the wrong address. Can someone "
                       "call me?")
    call.agent_says(_utc(19, 9, 40), "email",
                    "I am sorry! A colleague will call you back by 14:00 today.", 8,
                    promise_due=_utc(19, 13, 0))
    call.agent_says(_utc(19, 11, 20), "callback",
                    "Called the customer back: the carrier collects the parcel and delivers it "
                    "on 2026-03-20.", 8, status="resolved",
                    claims={"delivery_date": "2026-03-20"})
    call.agent_says(_utc(20, 14, 0), "email", "Did the parcel reach you today?", 8,
                    status="closed")
    return [bot, store, call]


EXTRA_CLEAN_CASES = ("u0003", "u0005", "u0011", "u0019", "u0023", "u0025", "u0033", "u0037")
"""Scenario customers who also have one well-handled case, far from their scenario."""


def build_sample() -> tuple[pl.DataFrame, pl.DataFrame, list[Scenario]]:
    """The curated sample log, its customers and the documented scenarios (deterministic)."""
    customers = _sample_customers()
    by_id = {c.customer_id: c for c in customers}
    scenarios = _scenarios(by_id)
    busy: dict[str, tuple[set[int], set[str]]] = {}
    for scenario in scenarios:
        for case in scenario.cases:
            days, topics = busy.setdefault(case.customer.customer_id, (set(), set()))
            days.update(r["timestamp"].day for r in case.rows)  # type: ignore[attr-defined]
            topics.add(case.topic)
    extra = {cid: busy[cid] for cid in EXTRA_CLEAN_CASES}
    clean = _clean_cases(
        [c for c in customers if c.customer_id not in busy or c.customer_id in extra], extra
    )
    cases = [case for s in scenarios for case in s.cases] + clean + _channel_showcase(by_id)
    cases.sort(key=lambda case: (min(r["timestamp"] for r in case.rows),  # type: ignore
                                 case.customer.customer_id))
    records: list[dict[str, object]] = []
    for number, case in enumerate(cases, start=1):
        case.case_id = f"c{number:05d}"
        for row in case.rows:
            records.append({"case_id": case.case_id,
                            "customer_id": case.customer.customer_id, **row})
    records.sort(key=lambda r: (r["timestamp"], r["case_id"]))
    for number, record in enumerate(records, start=1):
        record["interaction_id"] = f"i{number:06d}"
    log = pl.DataFrame(records, schema=INTERACTION_SCHEMA).select(INTERACTION_COLUMNS)
    profiles = pl.DataFrame(
        [{name: getattr(c, name) for name in CUSTOMER_COLUMNS} for c in customers],
        schema=CUSTOMER_SCHEMA,
    )
    return log, profiles, scenarios


def scenario_table(scenarios: Sequence[Scenario]) -> str:
    """The scenarios as a Markdown table (for examples/README.md)."""
    lines = ["| # | case_id | customer | what happens | rules that should flag it |",
             "|---|---|---|---|---|"]
    for s in scenarios:
        ids = ", ".join(f"`{c.case_id}`" for c in s.cases)
        rules = ", ".join(f"`{r}`" for r in s.rules)
        customer = s.cases[0].customer
        lines.append(f"| {s.key} | {ids} | {customer.customer_id} {customer.name} | "
                     f"**{s.title}.** {s.detail} | {rules} |")
    return "\n".join(lines)


def write_sample(out: Path) -> list[Path]:
    """Write ``sample_log.csv`` and ``customers.csv`` into ``out``; print the scenario table."""
    log, profiles, scenarios = build_sample()
    paths = [out / "sample_log.csv", out / "customers.csv"]
    write_frame(log, paths[0])
    write_frame(profiles, paths[1])
    print(scenario_table(scenarios))
    return paths


# ---------------------------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------------------------


def _parse_start(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def main(argv: Sequence[str] | None = None) -> int:
    """``python benchmarks/generate.py --rows N --seed S --out DIR`` (see ``--help``)."""
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Generate a seeded synthetic customer-interaction log (and customers).",
    )
    parser.add_argument("--rows", type=int, default=1_000_000, help="touchpoints to generate")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None,
                        help="output directory (default benchmarks/data, or examples with "
                             "--sample)")
    parser.add_argument("--format", choices=("parquet", "csv"), default="parquet")
    parser.add_argument("--chunk-rows", type=int, default=None,
                        help="write parts of at most this many rows, each with its own "
                             "customers (bounded memory)")
    parser.add_argument("--start", type=_parse_start, default=DEFAULT_START,
                        help="ISO date-time the period starts (default 2026-03-02T00:00Z)")
    parser.add_argument("--days", type=int, default=28, help="days over which cases start")
    parser.add_argument("--sample", action="store_true",
                        help="write the curated sample (sample_log.csv, customers.csv) instead")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.sample:
        out = args.out or Path(__file__).resolve().parent.parent / "examples"
        paths = write_sample(out)
        for path in paths:
            print(path, file=sys.stderr)
        return 0
    if args.rows < MIN_CASE_ROWS:
        parser.error(f"--rows must be at least {MIN_CASE_ROWS}")
    if args.chunk_rows is not None and args.chunk_rows < MIN_CASE_ROWS:
        parser.error(f"--chunk-rows must be at least {MIN_CASE_ROWS}")
    out = args.out or Path(__file__).resolve().parent / "data"
    paths = write_log(
        args.rows, out, seed=args.seed, fmt=args.format, chunk_rows=args.chunk_rows,
        start=args.start, days=args.days,
    )
    seconds = time.perf_counter() - started
    print(
        f"wrote {args.rows:,} interactions in {len(paths) // 2} part(s) to {out} "
        f"in {seconds:.1f}s ({args.rows / seconds:,.0f} rows/s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
