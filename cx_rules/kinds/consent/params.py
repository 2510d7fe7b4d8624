"""The parameters of ``consent``: the model is the source of its documented parameters."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cx_rules.models.enums import Actor, Purpose

Check = Literal["opt_out", "marketing_consent", "quiet_hours"]
ALL_CHECKS: tuple[Check, ...] = ("opt_out", "marketing_consent", "quiet_hours")


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    checks: list[Check] = Field(default_factory=lambda: list(ALL_CHECKS), min_length=1)
    """any of `opt_out`, `marketing_consent`, `quiet_hours` (default all three)."""
    quiet_hours_purposes: list[Purpose] = Field(default_factory=lambda: [Purpose.MARKETING])
    """purposes quiet hours apply to (default `[marketing]`; a message without a purpose counts as
    `service`)."""
    actors: list[Actor] = Field(
        default_factory=lambda: [Actor.AGENT, Actor.BOT, Actor.SYSTEM], min_length=1)
    """whose outbound messages are checked (default agent, bot, system)."""


def needs(params: Params) -> frozenset[str]:
    """Marketing consent and quiet hours depend on the message's purpose (an opt-out does
    not: a rule that also checks opt-outs applies without it)."""
    if "opt_out" not in params.checks:
        return frozenset({"purpose"})
    return frozenset()
