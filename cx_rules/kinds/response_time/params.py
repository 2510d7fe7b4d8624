"""The parameters of ``response_time``: the model is the source of its documented parameters."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cx_rules.durations import PositiveDuration, to_us
from cx_rules.models.enums import Actor, Channel, Priority

METRIC_TEXT = {
    "first_reply": "First reply",
    "next_reply": "Next reply",
    "resolution": "Resolution",
}


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    metric: Literal["first_reply", "next_reply", "resolution"]
    """`first_reply` | `next_reply` | `resolution`."""
    limit: PositiveDuration
    """the longest acceptable wait (`90s`, `2m`, `4h`, `3d`)."""
    by_priority: dict[Priority, PositiveDuration] = Field(default_factory=dict)
    """limits that replace `limit` for some priorities (`{urgent: 1m}`)."""
    channels: list[Channel] | None = None
    """only waits that start on these channels (default: all)."""
    hours: Literal["calendar", "business"] = "calendar"
    """`calendar` (24x7, default) or `business` (count only the ruleset calendar's hours)."""
    reply_by: list[Actor] = Field(default_factory=lambda: [Actor.AGENT])
    """which actors' outbound messages count as a reply (default `[agent]`; add `bot` if automated
    answers count)."""
    unanswered: bool = True
    """also flag waits still open at the end of the log (default true)."""


    def limit_us_for(self, priority: str | None) -> int:
        """The limit in microseconds for a wait of that priority."""
        if priority is not None and Priority(priority) in self.by_priority:
            return to_us(self.by_priority[Priority(priority)])
        return to_us(self.limit)


def needs(params: Params) -> frozenset[str]:
    """Resolution times need the case status; reply times need nothing optional."""
    return frozenset({"status"}) if params.metric == "resolution" else frozenset()
