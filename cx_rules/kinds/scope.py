"""Case scopes: the ``where`` of a rule (or SLA policy) decides which cases the rule sees.

A case is in scope when every ``where`` expression is true on the case's first event (with the
customer's profile as ``customer.<field>``) and none of the ``where_not`` expressions is (the
earlier SLA policies, so each case gets the first policy that matches it). Unknown (null) is
not true: a case whose ``where`` reads a field it lacks is out of scope.

The plan (:meth:`CaseScope.plan`) and the reference (:meth:`CaseScope.rows`) give the same
cases; the rule's own plan or check then runs on the in-scope cases only.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import polars as pl

from cx_rules.expr import Expr, ExprError, evaluate_row, parse, to_polars
from cx_rules.kinds.base import EvalContext, Row, by_case
from cx_rules.kinds.cases import first_of_case
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


def expression_fields() -> dict[str, str]:
    """Name -> type of every record and profile field an expression may read."""
    fields = {n: k for n, t in INTERACTION_SCHEMA.items() if (k := _kind_of(t))}
    fields |= {f"customer.{n}": k for n, t in CUSTOMER_SCHEMA.items()
               if n != "customer_id" and (k := _kind_of(t))}
    return fields


FIELDS = expression_fields()


ACTION_FIELDS = {**FIELDS, "now": "datetime"}
"""What an action's engagement policy or a context weight may read: the triggering event's
fields, ``customer.<field>`` and ``now`` (when the action is created)."""
PROFILE_FIELDS = {n: k for n, k in ACTION_FIELDS.items() if n.startswith("customer.")
                  or n == "now"}
"""What a proposition (an action without a violation) may read: the customer and ``now``."""


@functools.cache
def parse_action_expr(text: str, profile_only: bool = False) -> Expr:
    """An engagement policy, context weight or proposition condition, type-checked (cached:
    the same text compiles once)."""
    return parse(text, PROFILE_FIELDS if profile_only else ACTION_FIELDS)


def parse_where(text: str) -> Expr:
    """A ``where`` expression, type-checked (:class:`ExprError` with the position if not)."""
    return parse(text, FIELDS)


def with_profile(row: Row, profiles: dict[str, Row]) -> Row:
    """The row's fields plus its customer's profile as ``customer_<field>`` (the columns an
    expression's ``customer.<field>`` reads)."""
    return {**row, **profile_fields(profiles.get(row["customer_id"], {}))}


def profile_fields(profile: Mapping[str, Any]) -> Row:
    """A profile as ``customer_<field>`` values (what ``customer.<field>`` reads, row by row)."""
    return {f"customer_{k}": v for k, v in profile.items() if k != "customer_id"}


@dataclass(frozen=True)
class CaseScope:
    """The compiled ``where`` (all true) and ``where_not`` (none true) of a rule."""

    where: tuple[Expr, ...]
    where_not: tuple[Expr, ...] = ()

    @classmethod
    def compile(cls, where: str | None, where_not: Sequence[str] = ()) -> CaseScope | None:
        """None when there is nothing to restrict."""
        if where is None and not where_not:
            return None
        return cls(tuple(parse_where(w) for w in ([where] if where else [])),
                   tuple(parse_where(w) for w in where_not))

    def _test(self) -> pl.Expr:
        test = pl.lit(True)
        for e in self.where:
            test = test & to_polars(e).fill_null(False)
        for e in self.where_not:
            test = test & ~to_polars(e).fill_null(False)
        return test

    def plan(self, ctx: EvalContext) -> EvalContext:
        """``ctx`` with only the in-scope cases (the frame keeps its order)."""
        firsts = ctx.with_customers(ctx.interactions.filter(first_of_case()))
        cases = firsts.filter(self._test()).select("case_id")
        return replace(ctx, interactions=ctx.interactions.join(
            cases, on="case_id", how="semi", maintain_order="left"))

    def matches(self, first: Row, profiles: dict[str, Row]) -> bool:
        values = with_profile(first, profiles)
        return all(evaluate_row(e, values) is True for e in self.where) and not any(
            evaluate_row(e, values) is True for e in self.where_not)

    def rows(self, rows: list[Row], profiles: dict[str, Row]) -> list[Row]:
        """The rows of the in-scope cases (``rows`` sorted by case, time, id)."""
        keep = {case for case, case_rows in by_case(rows).items()
                if self.matches(case_rows[0], profiles)}
        return [r for r in rows if r["case_id"] in keep]


__all__ = ["ACTION_FIELDS", "FIELDS", "PROFILE_FIELDS", "CaseScope", "ExprError",
           "expression_fields", "parse_action_expr", "parse_where", "profile_fields",
           "with_profile"]
