"""The parameters of ``repeat_contact``: the model is the source of its documented parameters."""

from __future__ import annotations

from datetime import timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cx_rules.durations import PositiveDuration
from cx_rules.models.enums import Channel


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    mode: Literal["after_resolution", "channel_switch"] = "after_resolution"
    """`after_resolution` (default) or `channel_switch`."""
    window: PositiveDuration = Field(default=timedelta(days=7))
    """how soon after a resolution a new contact counts as a repeat (default `7d`)."""
    same_topic: bool = True
    """only resolutions of a case with the same topic count (default true)."""
    channels: list[Channel] | None = None
    """only cases whose first customer message came on these channels (default: all)."""


def needs(params: Params) -> frozenset[str]:
    """After-resolution contacts need the status (and the topic when matched on it)."""
    if params.mode == "channel_switch":
        return frozenset()
    return frozenset({"status", "topic"}) if params.same_topic else frozenset({"status"})
