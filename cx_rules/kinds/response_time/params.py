"""The parameters of ``response_time``: the model is the source of its documented parameters."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from cx_rules.durations import PositiveDuration, parse_duration, to_us
from cx_rules.kinds.base import MORE_IS_LOOSER
from cx_rules.models.enums import Actor, Channel, Priority, Status

CASE_CLOCKS = {
    "resolution": frozenset(),
    "requester_wait": frozenset({"pending"}),
    "agent_work": frozenset({"pending", "on_hold"}),
}
"""The metrics measured from the case's first event to its first resolution, and the statuses
each always stops at (Zendesk's requester wait excludes time pending on the customer; agent
work time also excludes time on hold with a third party)."""


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    metric: Literal["first_reply", "next_reply", "resolution", "requester_wait", "agent_work",
                    "periodic_update"]
    """`first_reply` | `next_reply` | `resolution` | `requester_wait` (resolution time without
    the time pending on the customer) | `agent_work` (without pending and on-hold time) |
    `periodic_update` (from the case's start, and from each update, to the company's next
    message while the case is not resolved)."""
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

    warn_at: str | None = Field(default=None, json_schema_extra={"diff": "adds_warnings"})
    """a warning point before the limit, for waits still open: a share of the limit (`75%`)
    or a time before it (`15m`). Waits past it are listed by `lint --at-risk` and warned
    by the streaming session before the deadline alert; they are never violations."""

    @field_validator("warn_at", mode="before")
    @classmethod
    def _warn_point(cls, value: object) -> object:
        if value is None:
            return None
        text = str(value).strip()
        share = re.fullmatch(r"(\d{1,3})\s*%", text)
        if share:
            if not 1 <= int(share.group(1)) <= 99:
                raise ValueError("warn_at: a share must be between 1% and 99% of the limit")
            return f"{int(share.group(1))}%"
        try:
            lead = parse_duration(text)
        except ValueError:
            raise ValueError(f"warn_at: {text!r} is neither a share of the limit (75%) nor a "
                             "time before it (15m)") from None
        if lead.total_seconds() <= 0:
            raise ValueError("warn_at: a time before the limit must be positive")
        return text

    def warn_us_for(self, priority: str | None) -> int | None:
        """The warning point in microseconds for a wait of that priority (None: no warning)."""
        if self.warn_at is None:
            return None
        limit = self.limit_us_for(priority)
        if self.warn_at.endswith("%"):
            return limit * int(self.warn_at[:-1]) // 100
        return max(0, limit - to_us(parse_duration(self.warn_at)))

    @model_validator(mode="after")
    def _pauses_need_resolution(self) -> Params:
        if self.paused_while and not self.case_clock:
            raise ValueError("paused_while applies to metric: resolution (a reply wait ends "
                             "with the reply, whatever the case's status)")
        return self

    @property
    def case_clock(self) -> bool:
        """Measured from the case's first event to its first resolution."""
        return self.metric in CASE_CLOCKS

    @property
    def done(self) -> str:
        """What ends a wait, in messages (``still not <done>``)."""
        return "resolved" if self.case_clock else (
            "sent" if self.metric == "periodic_update" else "answered")

    @property
    def pauses(self) -> frozenset[str]:
        """The statuses that stop this rule's clock."""
        if not self.case_clock:
            return frozenset()
        return CASE_CLOCKS[self.metric] | {s.value for s in self.paused_while}

    def limit_us_for(self, priority: str | None) -> int:
        """The limit in microseconds for a wait of that priority."""
        if priority is not None and Priority(priority) in self.by_priority:
            return to_us(self.by_priority[Priority(priority)])
        return to_us(self.limit)


def needs(params: Params) -> frozenset[str]:
    """Resolution times need the case status; reply times need nothing optional."""
    needs_status = params.case_clock or params.metric == "periodic_update"
    return frozenset({"status"}) if needs_status else frozenset()
