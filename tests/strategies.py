"""Hypothesis strategies shared by the property tests: random logs, profiles and rulesets.

Logs are small but dense in edge cases: equal timestamps, ids whose order differs from time
order, cases with only outbound events, nulls in every optional field.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
from hypothesis import strategies as st

from cx_rules.engine.reference import reference_evaluate
from cx_rules.engine.run import run_rules
from cx_rules.models.ruleset import Ruleset
from cx_rules.ruleset.load import parse_ruleset_text
from cx_rules.schema import CUSTOMER_SCHEMA, INTERACTION_SCHEMA

BASE = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)  # a Monday
CHANNELS = ["email", "chat", "phone", "social", "sms"]
TOPICS = ["billing", "delivery", None]
CLAIM_KEYS = ["price", "delivery_date"]
CLAIM_VALUES = ["10", "12", " 10 ", "2026-03-05"]
TEXTS = [
    None,
    "Thanks for waiting",
    "Your card 4111 1111 1111 1111 is on file",
    "Mail me at jane.doe@example.com",
    "Call +44 20 7946 0958 tomorrow",
    "IBAN DE89 3704 0044 0532 0130 00 received",
    "Refund REFUND refund",
    "",
]

PHRASE_TEXTS = [
    "Please call us, the chat cannot change that",
    "Позвоните нам по номеру +7 495 123 45 67",
    "لطفا با ما تماس بگیرید",
    "Bizə zəng edin, sizə zəng edəcəyik",
    "How much is the express delivery?",
    "Сколько стоит доставка?",
    "It costs 25 ₼",
    "۲۵ هزار تومان",
    "Let me check that for you",
    "See our refund policy at https://shop.example/refunds",
    "What is your order number?",
    "Укажите номер заказа, пожалуйста",
    "My order #48213377 has not arrived",
    "Sifariş nömrəm 7712, hələ gəlməyib",
]
"""Texts that trigger the text-reading kinds (``interactions(rich=True)`` only)."""
EVENTS = [None, None, None, None, None, "incident_started", "delay", "outage",
          "incident_resolved", "shipped"]
"""Business events (``interactions(rich=True)`` only)."""

QUEUE_EVENTS_ON_PHONE = [None, None, None, "queued", "queued", "answered", "abandoned"]
QUEUE_EVENTS_ELSEWHERE = [None] * 9 + ["queued", "answered"]

ROLES = [
    ("inbound", "customer"),
    ("inbound", "customer"),
    ("outbound", "agent"),
    ("outbound", "agent"),
    ("outbound", "bot"),
    ("outbound", "system"),
]


@st.composite
def interactions(draw: st.DrawFn, max_cases: int = 5, max_events: int = 7, *,
                 rich: bool = False) -> list[dict[str, Any]]:
    """A random canonical log as python rows.

    ``rich`` also draws texts that trigger the text-reading kinds (:data:`PHRASE_TEXTS`) and
    business ``event`` rows (:data:`EVENTS`); without it the draws are those of before, so the
    other properties keep trying the same examples."""
    texts = st.one_of(st.sampled_from(TEXTS), st.sampled_from(PHRASE_TEXTS)) if rich \
        else st.sampled_from(TEXTS)
    n_customers = draw(st.integers(1, 3))
    n_cases = draw(st.integers(1, max_cases))
    rows: list[dict[str, Any]] = []
    for case in range(n_cases):
        customer = f"u{draw(st.integers(0, n_customers - 1))}"
        start = draw(st.integers(0, 6 * 24 * 60))
        n = draw(st.integers(1, max_events))
        minute = start
        for _ in range(n):
            minute += draw(st.sampled_from([0, 0, 1, 3, 10, 60, 300, 1500, 4000]))
            direction, actor = draw(st.sampled_from(ROLES))
            promise = draw(st.one_of(st.none(), st.integers(-30, 3000)))
            claims = draw(st.one_of(st.none(), st.lists(
                st.tuples(st.sampled_from(CLAIM_KEYS), st.sampled_from(CLAIM_VALUES)),
                min_size=1, max_size=2, unique_by=lambda kv: kv[0])))
            channel = draw(st.sampled_from(CHANNELS))
            rows.append({
                "case_id": f"c{case}",
                "customer_id": customer,
                "timestamp": BASE + timedelta(minutes=minute,
                                              seconds=draw(st.sampled_from([0, 30]))),
                "channel": channel,
                "direction": direction,
                "actor": actor,
                "agent_id": draw(st.sampled_from(["a1", "a1", "a2", "a3"])) if actor == "agent"
                else None,
                "text": draw(texts),
                "topic": draw(st.sampled_from(TOPICS)),
                "priority": draw(st.sampled_from([None, None, "normal", "urgent", "low"])),
                "status": draw(st.sampled_from([None, None, None, "open", "pending", "on_hold",
                                                 "resolved", "closed"])),
                "purpose": draw(st.sampled_from([None, "service", "marketing", "transactional"])),
                "claims": [{"key": k, "value": v} for k, v in sorted(claims)] if claims else None,
                "promise_due": (BASE + timedelta(minutes=minute + promise)) if promise is not None
                else None,
                "csat": draw(st.sampled_from([None, None, 1.0, 2.0, 5.0])),
                "sentiment": draw(st.sampled_from([None, None, -0.8, 0.0, 0.6])),
                "identity_verified": draw(st.sampled_from([None, True, False])),
                # calls wait in a queue; now and then an event of another channel carries one
                "queue_event": draw(st.sampled_from(
                    QUEUE_EVENTS_ON_PHONE if channel == "phone" else QUEUE_EVENTS_ELSEWHERE)),
            })
            if rich:
                rows[-1]["event"] = draw(st.sampled_from(EVENTS))
    ids = draw(st.permutations(list(range(len(rows)))))
    for row, i in zip(rows, ids, strict=True):
        row["interaction_id"] = f"i{i:03d}"
    return rows


@st.composite
def customers(draw: st.DrawFn, n: int = 3) -> list[dict[str, Any]]:
    """Profiles for u0..u{n-1} (some customers may have none)."""
    out = []
    for i in range(n):
        if draw(st.booleans()) and i > 0:
            continue
        out.append({
            "customer_id": f"u{i}",
            "name": f"Customer {i}",
            "tier": draw(st.sampled_from([None, "standard", "vip"])),
            "segment": None,
            "preferred_channel": draw(st.sampled_from([None, *CHANNELS])),
            "language": "en",
            "timezone": draw(st.sampled_from([None, "UTC", "Europe/Berlin", "America/New_York"])),
            "quiet_hours": draw(st.sampled_from([None, "21:00-08:00", "12:00-14:00"])),
            "marketing_consent": draw(st.sampled_from([None, True, False])),
            "opted_out_channels": draw(st.lists(st.sampled_from(CHANNELS), max_size=2,
                                                unique=True)),
            "lifetime_value": draw(st.sampled_from([None, 100.0, 5000.0])),
            "renewal_due": draw(st.sampled_from(
                [None, BASE + timedelta(days=10), BASE + timedelta(days=90)])),
        })
    return out


def frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Canonical frame of python rows (as io would produce)."""
    return pl.DataFrame(rows, schema=INTERACTION_SCHEMA).with_columns(
        pl.lit("<test>").alias("_source"), pl.int_range(1, len(rows) + 1).alias("_row")
    )


def customer_frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=CUSTOMER_SCHEMA)


def ruleset_with(kind: str, params: Mapping[str, Any], *, calendar: str | None = None,
                 category: str = "speed") -> Ruleset:
    """A one-rule ruleset (through the real loader, so params are validated)."""
    import json

    cal = f"calendar: {calendar}\n" if calendar else ""
    text = (f"ruleset: prop\nversion: 1.0.0\n{cal}rules:\n  - id: r1\n    kind: {kind}\n"
            f"    category: {category}\n    params: {json.dumps(dict(params), default=str)}\n")
    return parse_ruleset_text(text, "<property>")


def violation_key(v: Mapping[str, Any]) -> tuple[Any, ...]:
    """What two engines must agree on, the message's catalogue id and values included (a
    reference's message is a :class:`~cx_rules.messages.Text` that carries them)."""
    from cx_rules.messages import message_of

    if "message_id" in v:
        message_id, args = v["message_id"], v["message_args"]
    else:
        message_id, args = message_of(v["message"])
    return (v["rule_id"], v["case_id"], v["customer_id"], tuple(v["interaction_ids"]),
            v["observed"], v["limit"], str(v["message"]), message_id,
            tuple(args) if args is not None else None)


def assert_engines_agree(ruleset: Ruleset, rows: list[dict[str, Any]],
                         profiles: list[dict[str, Any]] | None = None) -> Counter[Any]:
    """Vectorized core and reference evaluator return exactly the same violations."""
    as_of = max(r["timestamp"] for r in rows)
    df = frame(rows)
    prof = customer_frame(profiles) if profiles is not None else None
    fast, _ = run_rules(ruleset, df, prof, as_of)
    slow = reference_evaluate(rows, ruleset, profiles, as_of)
    got = Counter(violation_key(v) for v in fast.iter_rows(named=True))
    want = Counter(violation_key(v) for v in slow)
    assert got == want, f"vectorized-only: {got - want}\nreference-only: {want - got}"
    return got
