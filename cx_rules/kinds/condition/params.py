"""The parameters of ``condition``: the model is the source of its documented parameters."""

from __future__ import annotations

from functools import cached_property

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, field_validator

from cx_rules.expr import Expr, ExprError, parse
from cx_rules.schema import CUSTOMER_SCHEMA, INTERACTION_SCHEMA


def _kind_of(dtype: pl.DataType) -> str | None:
    if dtype == pl.String:
        return "str"
    if dtype == pl.Boolean:
        return "bool"
    if dtype.is_numeric():
        return "float"
    if isinstance(dtype, pl.Datetime):
        return "datetime"
    if isinstance(dtype, pl.Duration):
        return "duration"
    if dtype == pl.List(pl.String):
        return "list[str]"
    return None


def field_types() -> dict[str, str]:
    """Name -> type of every field an expression may read."""
    fields = {n: k for n, t in INTERACTION_SCHEMA.items() if (k := _kind_of(t))}
    fields |= {f"customer.{n}": k for n, t in CUSTOMER_SCHEMA.items()
               if n != "customer_id" and (k := _kind_of(t))}
    fields |= {"since_prev": "duration", "since_case_start": "duration"}
    return fields


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
