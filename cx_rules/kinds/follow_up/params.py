"""The parameters of ``follow_up``: the model is the source of its documented parameters."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from cx_rules.durations import PositiveDuration
from cx_rules.models.enums import Actor, Channel

TIME_FORMAT = "%Y-%m-%d %H:%M UTC"


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    within: PositiveDuration
    """the follow-up window after resolution (required, e.g. `3d`)."""
    require: bool = True
    """true (default) to require a follow-up, false to forbid one."""
    actors: list[Actor] = Field(default_factory=lambda: [Actor.AGENT, Actor.SYSTEM], min_length=1)
    """whose outbound messages count as follow-ups (default `[agent, system]`)."""
    channels: list[Channel] | None = None
    """only cases whose first event came on these channels (default: all)."""


def needs(params: Params) -> frozenset[str]:
    """A follow-up is owed after a resolution: the status says when that was."""
    return frozenset({"status"})
