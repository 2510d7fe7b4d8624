"""The parameters of ``response_time``: the model is the source of its documented parameters."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cx_rules.durations import PositiveDuration, to_us
from cx_rules.kinds.base import MORE_IS_LOOSER
from cx_rules.models.enums import Actor, Channel, Priority, Status

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
    reply_by: list[Actor] = Field(default_factory=lambda: [Actor.AGENT],
                                  json_schema_extra=MORE_IS_LOOSER)
    """which actors' outbound messages count as a reply (default `[agent]`; add `bot` if automated
    answers count)."""
    unanswered: bool = True
    """also flag waits still open at the end of the log (default true)."""
    paused_while: list[Status] = Field(default_factory=list, json_schema_extra=MORE_IS_LOOSER)
    """`resolution` only: statuses during which the clock stops (`[pending, on_hold]`: waiting
    on the customer or a third party). A status holds from its event until the next event
    that sets one; the elapsed time is the wait minus the stopped time (default: none)."""

    @model_validator(mode="after")
    def _pauses_need_resolution(self) -> Params:
        if self.paused_while and self.metric != "resolution":
            raise ValueError("paused_while applies to metric: resolution (a reply wait ends "
                             "with the reply, whatever the case's status)")
        return self

    def limit_us_for(self, priority: str | None) -> int:
        """The limit in microseconds for a wait of that priority."""
        if priority is not None and Priority(priority) in self.by_priority:
            return to_us(self.by_priority[Priority(priority)])
        return to_us(self.limit)


STOPPED_TEXT = ", not counting {stopped} while waiting on the customer or a third party"
"""Appended to the message of a resolution whose clock stopped (``paused_while``)."""


def needs(params: Params) -> frozenset[str]:
    """Resolution times need the case status; reply times need nothing optional."""
    return frozenset({"status"}) if params.metric == "resolution" else frozenset()
