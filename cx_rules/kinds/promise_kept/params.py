"""The parameters of ``promise_kept``: the model is the source of its documented parameters."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cx_rules.durations import Duration
from cx_rules.kinds.base import MORE_IS_LOOSER
from cx_rules.models.enums import Actor, Channel

TIME_FORMAT = "%Y-%m-%d %H:%M UTC"


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    grace: Duration = Field(default=timedelta(0))
    """extra time after `promise_due` before a promise counts as broken (default `0s`)."""
    fulfil_by: list[Actor] = Field(
        default_factory=lambda: [Actor.AGENT, Actor.BOT, Actor.SYSTEM], min_length=1,
        json_schema_extra=MORE_IS_LOOSER,
    )
    """whose outbound messages count as keeping the promise (default `[agent, bot, system]`)."""
    channels: list[Channel] | None = None
    """only promises made on these channels (default: all)."""

    @field_validator("grace")
    @classmethod
    def _not_negative(cls, value: timedelta) -> timedelta:
        if value < timedelta(0):
            raise ValueError("grace must not be negative")
        return value


def needs(params: Params) -> frozenset[str]:
    """What was promised by when."""
    return frozenset({"promise_due"})
