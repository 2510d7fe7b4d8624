"""Typed AST → value for one row, in plain Python: the reference the polars form is tested
against. Kleene logic: null (None) propagates through comparisons; and/or follow SQL."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from cx_rules.expr.ast import (
    Binary,
    Call,
    Expr,
    ExprError,
    Field,
    InList,
    IsNull,
    Lit,
    StrTest,
    Unary,
)


def _and(a: Any, b: Any) -> Any:
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def _or(a: Any, b: Any) -> Any:
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


def _divide(a: Any, b: Any) -> Any:
    if isinstance(a, timedelta):
        return a / b if b else None
    if b == 0:
        if a == 0 or (isinstance(a, float) and math.isnan(a)):
            return math.nan
        return math.copysign(math.inf, a)
    return a / b


_ARITH = {"+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b,
          "/": _divide}
_CMP = {"==": lambda a, b: a == b, "!=": lambda a, b: a != b, "<": lambda a, b: a < b,
        "<=": lambda a, b: a <= b, ">": lambda a, b: a > b, ">=": lambda a, b: a >= b}


def evaluate_row(expr: Expr, row: Mapping[str, Any]) -> Any:
    """The value of ``expr`` for one row (python values; None is null)."""
    if isinstance(expr, Lit):
        return expr.value
    if isinstance(expr, Field):
        return row.get(expr.column)
    if isinstance(expr, Unary):
        value = evaluate_row(expr.operand, row)
        if value is None:
            return None
        return (not value) if expr.op == "not" else -value
    if isinstance(expr, Binary):
        left = evaluate_row(expr.left, row)
        if expr.op == "and":
            return _and(left, evaluate_row(expr.right, row))
        if expr.op == "or":
            return _or(left, evaluate_row(expr.right, row))
        right = evaluate_row(expr.right, row)
        if left is None or right is None:
            return None
        if expr.op in _ARITH:
            return _ARITH[expr.op](left, right)
        return _CMP[expr.op](left, right)
    if isinstance(expr, InList):
        value = evaluate_row(expr.operand, row)
        if value is None:
            return None
        if expr.field is not None:
            container = evaluate_row(expr.field, row)
            if container is None:
                return None
            found = value in container
        else:
            found = value in (expr.values or ())
        return (not found) if expr.negate else found
    if isinstance(expr, StrTest):
        value = evaluate_row(expr.operand, row)
        if value is None:
            return None
        if expr.op == "matches":
            return re.search(expr.pattern, value) is not None
        return expr.pattern in value
    if isinstance(expr, IsNull):
        value = evaluate_row(expr.operand, row)
        return (value is not None) if expr.negate else (value is None)
    if isinstance(expr, Call):
        value = evaluate_row(expr.arg, row)
        if value is None:
            return None
        if expr.fn == "lower":
            return value.lower()
        if expr.fn == "upper":
            return value.upper()
        if expr.fn == "len":
            return len(value)
        if expr.fn == "hour":
            return value.hour
        if expr.fn == "weekday":
            return value.isoweekday()
        return abs(value)
    raise ExprError(f"cannot evaluate {type(expr).__name__}")
