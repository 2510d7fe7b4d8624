"""The parameters of ``phone_queue`` and the input field it needs."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cx_rules.durations import Duration, PositiveDuration, format_duration, to_us
from cx_rules.kinds.base import MORE_IS_STRICTER
from cx_rules.models.enums import Channel, Priority


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    metric: Literal["speed_of_answer", "abandonment"]
    """`speed_of_answer` (a wait answered after `limit`, or still waiting past it at the end
    of the log) | `abandonment` (a caller who hung up in the queue)."""
    limit: PositiveDuration | None = None
    """`speed_of_answer` only, and required there: the longest acceptable time from `queued`
    to `answered` (`20s`, `1m`)."""
    by_priority: dict[Priority, PositiveDuration] = Field(default_factory=dict)
    """`speed_of_answer` only: limits that replace `limit` for some priorities
    (`{urgent: 10s}`); a wait's priority is the case's priority when it was queued."""
    min_wait: Duration = timedelta(0)
    """`abandonment` only: count a caller who hung up only after waiting longer than this
    (`5s`: not those who hang up at once; default `0s`)."""
    channels: list[Channel] = Field(
        default_factory=lambda: [Channel.PHONE, Channel.CALLBACK], min_length=1,
        json_schema_extra=MORE_IS_STRICTER)
    """the queues watched: only queue events on these channels count (default
    `[phone, callback]`)."""

    @model_validator(mode="after")
    def _metric_params(self) -> Params:
        if self.metric == "speed_of_answer":
            if self.limit is None:
                raise ValueError("metric speed_of_answer needs a limit (e.g. limit: 20s)")
            if "min_wait" in self.model_fields_set:
                raise ValueError("min_wait applies to metric: abandonment (speed_of_answer "
                                 "flags waits longer than limit)")
        else:
            if self.limit is not None or self.by_priority:
                raise ValueError("limit and by_priority apply to metric: speed_of_answer "
                                 "(abandonment counts waits longer than min_wait)")
            if self.min_wait < timedelta(0):
                raise ValueError("min_wait must not be negative")
        return self

    def limit_us_for(self, priority: str | None) -> int:
        """The speed-of-answer limit in microseconds for a wait of that priority."""
        if priority is not None and Priority(priority) in self.by_priority:
            return to_us(self.by_priority[Priority(priority)])
        return to_us(self.limit) if self.limit is not None else 0

    def limit_text_for(self, priority: str | None) -> str:
        return format_duration(self.limit_us_for(priority))

    @property
    def min_wait_us(self) -> int:
        return to_us(self.min_wait)


def needs(params: Params) -> frozenset[str]:
    """Queue waits are read off the queue events."""
    return frozenset({"queue_event"})

