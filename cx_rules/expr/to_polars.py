"""Typed AST -> polars expression (vectorized). Kleene logic comes from polars itself."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl

from cx_rules.expr.ast import (
    BinOp,
    BoolOp,
    Call,
    Compare,
    Contains,
    Expr,
    FieldRef,
    InField,
    InList,
    IsNull,
    Lit,
    Matches,
    Neg,
    Not,
    unsupported,
)

_DTYPES: dict[str, pl.DataType] = {
    "str": pl.String(), "int": pl.Int64(), "float": pl.Float64(), "bool": pl.Boolean(),
    "datetime": pl.Datetime("us", "UTC"), "duration": pl.Duration("us"),
    "list[str]": pl.List(pl.String()),
}
_NULL_BOOL = pl.lit(None, dtype=pl.Boolean)

_BINARY: dict[str, Callable[[pl.Expr, pl.Expr], pl.Expr]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b,
    "*": lambda a, b: a * b, "/": lambda a, b: a / b,
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}
_CALLS: dict[str, Callable[[pl.Expr], pl.Expr]] = {
    "lower": lambda a: a.str.to_lowercase(),
    "upper": lambda a: a.str.to_uppercase(),
    "hour": lambda a: a.dt.hour().cast(pl.Int64),
    "weekday": lambda a: a.dt.weekday().cast(pl.Int64),
    "abs": lambda a: a.abs(),
}


def to_polars(expr: Expr) -> pl.Expr:
    """The vectorized form of ``expr``: a Boolean polars expression for a predicate.

    Integers are Int64 (wrapping on overflow, like polars), numbers mixed with floats and
    every ``/`` are Float64, durations are ``Duration("us")``.
    """
    match expr:
        case Lit(value=value, type=kind):
            return pl.lit(value, dtype=_DTYPES.get(kind, pl.Null()))
        case FieldRef(column=column, type=kind):
            col = pl.col(column)
            return col.cast(_DTYPES[kind]) if kind in ("int", "float") else col
        case Not(operand=operand):
            return ~to_polars(operand)
        case Neg(operand=operand):
            return -to_polars(operand)
        case BoolOp(op=op, operands=operands):
            parts = [to_polars(o) for o in operands]
            return pl.all_horizontal(parts) if op == "and" else pl.any_horizontal(parts)
        case BinOp(op=op, left=left, right=right):
            a, b = to_polars(left), to_polars(right)
            if op == "/":
                # a zero divisor counts as +0: polars does not keep the sign of a zero sum
                # stably (``0 + -0.0`` is -0.0 in a column with nulls, 0.0 without)
                # (``abs`` rather than a literal 0.0: polars folds ``lit / when(..).then(lit)``
                # into a length-1 column when every row takes that branch)
                a, b = a.cast(pl.Float64), b.cast(pl.Float64)
                b = pl.when(b == 0).then(b.abs()).otherwise(b)
            return _BINARY[op](a, b)
        case Compare(op=op, left=left, right=right):
            return _BINARY[op](to_polars(left), to_polars(right))
        case InList(operand=operand, values=values, negate=negate):
            return _negate(_in_list(operand, values), negate)
        case InField(operand=operand, container=container, negate=negate):
            item, box = to_polars(operand), to_polars(container)
            found = pl.when(item.is_null() | box.is_null()).then(_NULL_BOOL).otherwise(
                box.list.contains(item))
            return _negate(found, negate)
        case Matches(operand=operand, pattern=pattern):
            return to_polars(operand).str.contains(pattern)
        case Contains(operand=operand, substring=substring):
            return to_polars(operand).str.contains(substring, literal=True)
        case IsNull(operand=operand, negate=negate):
            inner = to_polars(operand)
            return inner.is_not_null() if negate else inner.is_null()
        case Call(fn="len", arg=arg):
            inner = to_polars(arg)
            size = inner.list.len() if arg.type == "list[str]" else inner.str.len_chars()
            return size.cast(pl.Int64)
        case Call(fn=fn, arg=arg):
            return _CALLS[fn](to_polars(arg))
    raise unsupported(expr)


def _negate(found: pl.Expr, negate: bool) -> pl.Expr:
    return ~found if negate else found


def _in_list(operand: Expr, values: Sequence[Any]) -> pl.Expr:
    """``operand in [values]``; null when the operand is null (SQL)."""
    item = to_polars(operand)
    kind = operand.type
    if kind in ("int", "float") and (kind == "float" or any(isinstance(v, float)
                                                           for v in values)):
        kind = "float"
        item = item.cast(pl.Float64)
        values = [float(v) for v in values]
    series = pl.lit(pl.Series(values, dtype=_DTYPES[kind])).implode()  # one list, a scalar
    return pl.when(item.is_null()).then(_NULL_BOOL).otherwise(item.is_in(series))
