"""The canonical interaction record and the customer profile (one event, one customer)."""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from cx_rules.models.enums import Actor, Channel, Direction, Priority, Purpose, Status


class Interaction(BaseModel):
    """One touchpoint event: a message, call, reply or status change of a case."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    interaction_id: str = Field(min_length=1)
    case_id: str = Field(min_length=1)
    customer_id: str = Field(min_length=1)
    timestamp: AwareDatetime
    channel: Channel
    direction: Direction
    actor: Actor
    agent_id: str | None = None
    text: str | None = None
    topic: str | None = None
    priority: Priority | None = None
    status: Status | None = None
    purpose: Purpose | None = None
    claims: dict[str, str] | None = None
    promise_due: AwareDatetime | None = None
    csat: float | None = None
    sentiment: float | None = None
    identity_verified: bool | None = None
    reply_not_in_log: bool | None = None
    """The export names a reply to this message that it does not contain (a sampled or cut
    export): the customer was answered at an unknown time, not left waiting."""


class CustomerProfile(BaseModel):
    """What the company knows about a customer: tier, preferences and consent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    customer_id: str = Field(min_length=1)
    name: str | None = None
    tier: str | None = None
    segment: str | None = None
    preferred_channel: Channel | None = None
    language: str | None = None
    timezone: str | None = None
    quiet_hours: str | None = Field(default=None, pattern=r"^\d{2}:\d{2}-\d{2}:\d{2}$")
    marketing_consent: bool | None = None
    opted_out_channels: list[Channel] = Field(default_factory=list)
    lifetime_value: float | None = None


def as_utc(value: datetime) -> datetime:
    """Normalise an aware datetime to UTC."""
    from datetime import UTC

    return value.astimezone(UTC)
