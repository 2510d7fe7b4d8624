"""The parameters of ``handoffs`` and the input fields it needs."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from cx_rules.models.enums import Actor, Channel


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_agents: int = Field(default=2, ge=1, description=(
        "the most agents one case may pass through (default 2: an owner and one hand-off)."))
    actors: list[Actor] = Field(default_factory=lambda: [Actor.AGENT], min_length=1,
                                description="whose outbound messages count (default `[agent]`).")
    channels: list[Channel] | None = Field(default=None, description=(
        "only messages on these channels count (default: all)."))


def needs(params: Params) -> frozenset[str]:
    """Who wrote each message."""
    return frozenset({"agent_id"})


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, ... 11th, 12th, 13th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def limit_text(max_agents: int) -> str:
    return f"{max_agents} agent{'s' if max_agents != 1 else ''}"
