"""The parameters of ``proactive_contact``: the model is the source of its documented
parameters."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field

from cx_rules.durations import PositiveDuration
from cx_rules.kinds.base import MORE_IS_LOOSER, MORE_IS_STRICTER
from cx_rules.models.enums import Actor

TIME_FORMAT = "%Y-%m-%d %H:%M UTC"


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    events: list[str] = Field(default_factory=lambda: ["incident_started", "delay", "outage"],
                              min_length=1, json_schema_extra=MORE_IS_STRICTER)
    """the `event` values that are a problem the customer must be told of (default
    `[incident_started, delay, outage]`)."""
    resolved_events: list[str] = Field(default_factory=lambda: ["incident_resolved"],
                                       json_schema_extra=MORE_IS_LOOSER)
    """the `event` values that end it: a problem ended within `notify_within`, before the
    customer wrote, needs no notice (default `[incident_resolved]`)."""
    notify_within: PositiveDuration = Field(default=timedelta(hours=24))
    """how soon after the event the customer must be told (default `24h`)."""
    window: PositiveDuration = Field(default=timedelta(days=7))
    """how long after the event the customer's first message counts as asking about it
    (default `7d`)."""
    notify_by: list[Actor] = Field(
        default_factory=lambda: [Actor.AGENT, Actor.BOT, Actor.SYSTEM], min_length=1,
        json_schema_extra=MORE_IS_LOOSER)
    """whose outbound messages to the customer count as telling them (default
    `[agent, bot, system]`)."""


def needs(params: Params) -> frozenset[str]:
    """Incidents and delays are rows with an ``event``: without any, nothing can be judged."""
    return frozenset({"event"})


ASKED_OBSERVED = "customer wrote first, {after} after the {event}"
LATE_OBSERVED = "not told within {within}"
LIMIT = "told within {within}, before the customer asks"
"""The observed and limit texts of a finding: the reference formats them, the plan fills them
with columns (the messages are in ``messages.py``)."""
