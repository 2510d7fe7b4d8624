"""The parameters of ``consistency``: the model is the source of its documented parameters."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from cx_rules.durations import PositiveDuration
from cx_rules.models.enums import Actor


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    keys: list[str] | None = Field(default=None, min_length=1)
    """the claim keys to check (default: every key)."""
    scope: Literal["case", "customer"] = "case"
    """`case` (default) compares statements within a case; `customer` across all the customer's
    cases."""
    window: PositiveDuration | None = None
    """with `scope: customer`, statements further apart than this are not compared (default: no
    limit). Not allowed with `scope: case`."""
    actors: list[Actor] = Field(
        default_factory=lambda: [Actor.AGENT, Actor.BOT, Actor.SYSTEM], min_length=1
    )
    """whose outbound messages count as statements (default `[agent, bot, system]`)."""


    @model_validator(mode="after")
    def _window_needs_customer_scope(self) -> Params:
        if self.window is not None and self.scope != "customer":
            raise ValueError("window only applies with scope: customer")
        return self


def needs(params: Params) -> frozenset[str]:
    """The facts stated to the customer."""
    return frozenset({"claims"})
