"""The parameters of ``condition``: the model is the source of its documented parameters."""

from __future__ import annotations

from functools import cached_property

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cx_rules.expr import Expr, ExprError, parse
from cx_rules.kinds.scope import expression_fields


def field_types() -> dict[str, str]:
    """Name -> type of every field a condition may read: the record, the profile and two
    derived durations."""
    return {**expression_fields(), "since_prev": "duration", "since_case_start": "duration"}


FIELDS = field_types()


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True, frozen=True)

    when: str = Field(min_length=1)
    """the expression (required)."""
    message: str | None = None
    """the sentence for a violation (default: `Condition met: <when>`)."""

    @field_validator("when")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            parse(value, FIELDS)
        except ExprError as exc:
            raise ValueError(str(exc)) from None
        return value

    @cached_property
    def expr(self) -> Expr:
        return parse(self.when, FIELDS)

    @property
    def sentence(self) -> str:
        return self.message or f"Condition met: {self.when}"


def needs(params: Params) -> frozenset[str]:
    """Nothing: a condition decides for itself what a missing field means (``csat is null``,
    or ``x or y`` where one side still holds), so it always applies."""
    return frozenset()
