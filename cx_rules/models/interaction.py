"""The canonical interaction record and the customer profile (one event, one customer).

These two pydantic models are the one definition of the record: the polars schema
(:mod:`cx_rules.schema`), the required and optional fields, the enum vocabularies, the
streaming event parser and the benchmark generator's columns are all read off them by
:mod:`cx_rules.models.record`. Adding a field here adds it everywhere.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from cx_rules.models.enums import Actor, Channel, Direction, Priority, Purpose, QueueEvent, Status

_LABEL: JsonDict = {"repeats": True}
"""Marks a text field whose values repeat across many events (ids of cases, customers and
agents, topics): the streaming parser keeps one string per distinct value."""


class Interaction(BaseModel):
    """One touchpoint event: a message, call, reply or status change of a case."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    interaction_id: str = Field(min_length=1, description="Unique id of this event.")
    case_id: str = Field(min_length=1, json_schema_extra=_LABEL,
                         description="The case (ticket, conversation, thread) it belongs to.")
    customer_id: str = Field(min_length=1, json_schema_extra=_LABEL,
                             description="The customer the case is about.")
    timestamp: AwareDatetime = Field(description="When it happened, with a UTC offset.")
    channel: Channel = Field(description="Where it happened (email, chat, phone...).")
    direction: Direction = Field(description="inbound (from the customer) or outbound.")
    actor: Actor = Field(description="Who wrote or did it: customer, agent, bot or system.")
    agent_id: str | None = Field(default=None, json_schema_extra=_LABEL,
                                 description="The agent who handled it, for agent events.")
    text: str | None = Field(default=None, description="The message text.")
    topic: str | None = Field(default=None, json_schema_extra=_LABEL,
                              description="What the case is about (billing, delivery...).")
    priority: Priority | None = Field(default=None, description="The case's priority.")
    status: Status | None = Field(default=None,
                                  description="The case's status after this event.")
    purpose: Purpose | None = Field(default=None,
                                    description="Why an outbound contact was made.")
    claims: dict[str, str] | None = Field(
        default=None, description="Facts the message states (key -> value), e.g. a refund "
        "amount; polars holds them as a list of key/value structs.")
    promise_due: AwareDatetime | None = Field(
        default=None, description="When a promise made in this message falls due.")
    csat: float | None = Field(default=None, description="Satisfaction score given.")
    sentiment: float | None = Field(default=None, description="Sentiment of the text, -1..1.")
    identity_verified: bool | None = Field(
        default=None, description="Whether the customer's identity was checked.")
    reply_not_in_log: bool | None = Field(
        default=None, description="The export names a reply to this message that it does "
        "not contain (a sampled or cut export): the customer was answered at an unknown "
        "time, not left waiting.")
    queue_event: QueueEvent | None = Field(
        default=None, description="An event of a call in a phone (or callback, chat) queue: "
        "queued when the customer enters the queue, answered when an agent picks up, "
        "abandoned when the customer hangs up before.")
    event: str | None = Field(
        default=None, json_schema_extra=_LABEL,
        description="A business event this row records, from an order, billing or incident "
        "feed (shipped, delivered, refunded, callback_made, incident_started, "
        "incident_resolved...): what a promise is kept by, or what the customer must be told "
        "of.")
    sla_met: bool | None = Field(
        default=None, description="The export's own SLA verdict for the case as of this "
        "event (ServiceNow made_sla): never read by a rule, compared with ours in the summary.")
    sla_metrics: str | None = Field(
        default=None, description="The targets the export's own verdict (sla_met) judges, "
        "comma-separated SLA metrics (first_reply, next_reply, requester_wait...; Zendesk's "
        "SLA events); missing: resolution (ServiceNow made_sla). Never read by a rule.")


class CustomerProfile(BaseModel):
    """What the company knows about a customer: tier, preferences and consent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    customer_id: str = Field(min_length=1, json_schema_extra=_LABEL,
                             description="The customer's id, as in the interactions.")
    name: str | None = Field(default=None, description="The name to address them by.")
    tier: str | None = Field(default=None, description="Service tier (vip, standard...).")
    segment: str | None = Field(default=None, description="Marketing segment.")
    preferred_channel: Channel | None = Field(default=None,
                                              description="The channel they prefer.")
    language: str | None = Field(default=None, description="Preferred language (BCP 47).")
    timezone: str | None = Field(default=None, description="IANA time zone.")
    quiet_hours: str | None = Field(default=None, pattern=r"^\d{2}:\d{2}-\d{2}:\d{2}$",
                                    description="Local hours not to contact them, HH:MM-HH:MM.")
    marketing_consent: bool | None = Field(default=None,
                                           description="Whether marketing is allowed.")
    opted_out_channels: list[Channel] = Field(default_factory=list,
                                              description="Channels they opted out of.")
    lifetime_value: float | None = Field(default=None, description="Customer lifetime value.")
    renewal_due: AwareDatetime | None = Field(
        default=None, description="When their contract or subscription is due for renewal (a "
        "date alone is read as 00:00 UTC that day).")


def as_utc(value: datetime) -> datetime:
    """Normalise an aware datetime to UTC."""
    from datetime import UTC

    return value.astimezone(UTC)
