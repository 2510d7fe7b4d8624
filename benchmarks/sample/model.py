"""The building blocks of the curated sample: its customer profiles, cases written event by
event (with each channel's framing of a text), and the documented scenarios."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

from benchmarks.synthetic.vocab import AGENT_NAMES, BRAND, BRAND_HANDLE

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
    cases: list[SampleCase] = field(default_factory=list)


@dataclass
class SampleCase:
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


def utc(day: int, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A time on ``day`` March 2026, in UTC."""
    return datetime(2026, 3, day, hour, minute, second, tzinfo=UTC)
