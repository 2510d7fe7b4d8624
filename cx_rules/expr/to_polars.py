"""Typed AST → polars expression (vectorized; Kleene logic comes from polars itself)."""

from __future__ import annotations

import polars as pl

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


def _lit(node: Lit) -> pl.Expr:
    if node.type == "duration":
        return pl.lit(node.value, dtype=pl.Duration("us"))
    if node.type == "null":
        return pl.lit(None)
    return pl.lit(node.value)


def to_polars(expr: Expr) -> pl.Expr:
    """The vectorized form of an expression."""
    if isinstance(expr, Lit):
        return _lit(expr)
    if isinstance(expr, Field):
        return pl.col(expr.column)
    if isinstance(expr, Unary):
        inner = to_polars(expr.operand)
        return ~inner if expr.op == "not" else -inner
    if isinstance(expr, Binary):
        left, right = to_polars(expr.left), to_polars(expr.right)
        ops = {
            "and": lambda a, b: a & b, "or": lambda a, b: a | b,
            "+": lambda a, b: a + b, "-": lambda a, b: a - b,
            "*": lambda a, b: a * b, "/": lambda a, b: a / b,
            "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
            "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
            ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
        }
        if expr.op == "/" and expr.left.type == "num":
            left = left.cast(pl.Float64)
        return ops[expr.op](left, right)
    if isinstance(expr, InList):
        operand = to_polars(expr.operand)
        if expr.field is not None:
            test = to_polars(expr.field).list.contains(operand)
        else:
            test = operand.is_in(list(expr.values or ()))
        test = pl.when(operand.is_null()).then(pl.lit(None, pl.Boolean)).otherwise(test)
        return ~test if expr.negate else test
    if isinstance(expr, StrTest):
        operand = to_polars(expr.operand)
        if expr.op == "matches":
            return operand.str.contains(expr.pattern)
        return operand.str.contains(expr.pattern, literal=True)
    if isinstance(expr, IsNull):
        operand = to_polars(expr.operand)
        return operand.is_not_null() if expr.negate else operand.is_null()
    if isinstance(expr, Call):
        arg = to_polars(expr.arg)
        calls = {
            "lower": lambda a: a.str.to_lowercase(), "upper": lambda a: a.str.to_uppercase(),
            "len": lambda a: a.str.len_chars().cast(pl.Int64),
            "hour": lambda a: a.dt.hour().cast(pl.Int64),
            "weekday": lambda a: a.dt.weekday().cast(pl.Int64), "abs": lambda a: a.abs(),
        }
        return calls[expr.fn](arg)
    raise ExprError(f"cannot compile {type(expr).__name__}")
