"""The parameters of ``personalization``: the model is the source of its documented parameters."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cx_rules.durations import PositiveDuration
from cx_rules.models.enums import Actor

Trigger = Literal["vip_waiting", "negative_feedback", "preferred_channel_ignored",
                  "frequent_contact"]


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    trigger: Trigger
    """`vip_waiting` | `negative_feedback` | `preferred_channel_ignored` | `frequent_contact`."""
    tiers: list[str] = Field(default_factory=lambda: ["vip"], min_length=1)
    """vip_waiting: the profile tiers that count as VIP (default `[vip]`)."""
    limit: PositiveDuration = Field(default=timedelta(minutes=15))
    """vip_waiting: the longest acceptable wait for a reply (default `15m`)."""
    hours: Literal["calendar", "business"] = "calendar"
    """vip_waiting: `calendar` (24x7, default) or `business` (the ruleset calendar's hours)."""
    reply_by: list[Actor] = Field(default_factory=lambda: [Actor.AGENT], min_length=1)
    """vip_waiting: which actors' outbound messages count as a reply (default `[agent]`)."""
    csat_at_most: float = 2
    """negative_feedback: a CSAT at or below this is negative (default 2)."""
    sentiment_at_most: float = -0.5
    """negative_feedback: a sentiment at or below this is negative (default -0.5)."""
    actors: list[Actor] = Field(default_factory=lambda: [Actor.AGENT, Actor.SYSTEM],
                                min_length=1)
    """preferred_channel_ignored: whose outbound messages are checked (default
    `[agent, system]`)."""
    min_cases: int = Field(default=3, ge=2)
    """frequent_contact: this many cases or more within `window` (default 3)."""
    window: PositiveDuration = Field(default=timedelta(days=30))
    """frequent_contact: the window the cases are counted in (default `30d`)."""


def needs(params: Params) -> frozenset[str]:
    """Negative feedback needs a CSAT or a sentiment score (``a|b``: either field)."""
    return frozenset({"csat|sentiment"}) if params.trigger == "negative_feedback" \
        else frozenset()
