"""The vocabulary of the synthetic log.

The columns and dtypes of the canonical interaction record and of the customer profiles (read
off cx_rules' record models, the one definition), the
channels, topics, tiers, locales, names and products values are drawn from, the contact
centre's calendar, the case sizes and the structural roles of a case's rows. The curated
sample (``benchmarks.sample``) writes the same record and shares these names.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import polars as pl

from cx_rules import schema as cx_schema
from cx_rules.models.enums import Channel
from cx_rules.models.record import CUSTOMER_FIELDS, INTERACTION_FIELDS

NOT_GENERATED: tuple[str, ...] = ("reply_not_in_log", "sla_met", "sla_metrics", "queue_event",
                                 "event", "renewal_due")
"""Record fields the generator leaves out (set only by an export's transform, or, for
``queue_event``, by phone-queue exports the generator does not imitate; ``renewal_due`` is a
profile field read only by propositions)."""

INTERACTION_COLUMNS: tuple[str, ...] = tuple(
    f.name for f in INTERACTION_FIELDS if f.name not in NOT_GENERATED)
"""The columns the generator writes, in the record's order."""

CUSTOMER_COLUMNS: tuple[str, ...] = tuple(f.name for f in CUSTOMER_FIELDS
                                           if f.name not in NOT_GENERATED)

UTC_TS = cx_schema.UTC_TS


def _as_written(schema: dict[str, pl.DataType], columns: tuple[str, ...]) -> dict[str, pl.DataType]:
    """The record's dtypes as the generator writes them: maps as JSON text, lists as
    ``a;b`` text (what a CSV export carries)."""
    return {n: pl.String() if isinstance(schema[n], pl.List) else schema[n] for n in columns}


INTERACTION_SCHEMA: dict[str, pl.DataType] = _as_written(
    cx_schema.INTERACTION_SCHEMA, INTERACTION_COLUMNS)
"""Polars dtypes of the generated interactions (claims as JSON text)."""

CUSTOMER_SCHEMA: dict[str, pl.DataType] = _as_written(cx_schema.CUSTOMER_SCHEMA, CUSTOMER_COLUMNS)
"""Polars dtypes of the generated customer profiles (opted-out channels as ``a;b`` text)."""

CHANNELS: tuple[str, ...] = tuple(c.value for c in Channel)
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
