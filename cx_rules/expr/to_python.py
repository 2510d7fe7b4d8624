"""Typed AST -> value for one row, in plain Python: the reference the polars form is checked
against. It shares no code with the polars compiler and does not import polars.

It follows the semantics of the polars form, written out by hand:

* null (``None``) propagates through comparisons, arithmetic and functions; ``and``/``or``/
  ``not`` are Kleene (``null and false`` is false, ``null or true`` is true);
* integers are 64-bit and wrap on overflow; ``/`` is float division where ``x / 0`` is
  ``inf``/``-inf``/``nan`` as in IEEE 754 with the zero taken as +0 whatever its sign (polars
  does not keep the sign of a zero sum stably); an integer meeting a float becomes a float;
* floats are totally ordered with NaN equal to itself and above every other number;
* ``matches`` is :func:`re.search` (Python ``re`` must accept the pattern; the patterns both
  engines accept mean the same except ``$`` before a final newline).
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

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
from cx_rules.expr.errors import ExprError

_INT_SPAN = 2**64
_INT_MIN = -(2**63)
_US_PER_DAY = 86_400_000_000


def evaluate_row(expr: Expr, row: Mapping[str, Any]) -> Any:
    """The value of ``expr`` for one row of python values (a missing column is null)."""
    match expr:
        case Lit(value=value):
            return value
        case FieldRef(column=column, type=kind):
            return _read(row.get(column), kind, column)
        case Not(operand=operand):
            value = evaluate_row(operand, row)
            return None if value is None else not value
        case Neg(operand=operand):
            return _negate(evaluate_row(operand, row))
        case BoolOp(op=op, operands=operands):
            values = [evaluate_row(o, row) for o in operands]
            return _all(values) if op == "and" else _any(values)
        case BinOp(op=op, left=left, right=right):
            a, b = evaluate_row(left, row), evaluate_row(right, row)
            return None if a is None or b is None else _arith(op, a, b)
        case Compare(op=op, left=left, right=right):
            a, b = evaluate_row(left, row), evaluate_row(right, row)
            return None if a is None or b is None else _compare(op, a, b)
        case InList(operand=operand, values=values, negate=negate):
            item = evaluate_row(operand, row)
            if item is None:
                return None
            return any(_compare("==", item, v) for v in values) != negate
        case InField(operand=operand, container=container, negate=negate):
            item, box = evaluate_row(operand, row), evaluate_row(container, row)
            if item is None or box is None:
                return None
            return (item in box) != negate
        case Matches(operand=operand, pattern=pattern):
            text = evaluate_row(operand, row)
            return None if text is None else _regex(pattern).search(text) is not None
        case Contains(operand=operand, substring=substring):
            text = evaluate_row(operand, row)
            return None if text is None else substring in text
        case IsNull(operand=operand, negate=negate):
            return (evaluate_row(operand, row) is None) != negate
        case Call(fn=fn, arg=arg):
            value = evaluate_row(arg, row)
            return None if value is None else _CALLS[fn](value)
    raise unsupported(expr)


# ---- values -----------------------------------------------------------------------------------

def _read(value: Any, kind: str, column: str) -> Any:
    """A row value checked against the field's kind (ints widen to float, times to UTC)."""
    if value is None:
        return None
    ok = {
        "str": isinstance(value, str),
        "int": isinstance(value, int) and not isinstance(value, bool),
        "float": isinstance(value, int | float) and not isinstance(value, bool),
        "bool": isinstance(value, bool),
        "datetime": isinstance(value, datetime),
        "duration": isinstance(value, timedelta),
        "list[str]": isinstance(value, list | tuple),
    }.get(kind, False)
    if not ok:
        raise ExprError(f"column '{column}' holds {type(value).__name__}, not {kind}")
    if kind == "float":
        return float(value)
    if kind == "int":
        return _wrap(value)
    if kind == "datetime":
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


def _wrap(value: int) -> int:
    """Two's-complement 64-bit wrap-around, as polars integer arithmetic does."""
    return (value - _INT_MIN) % _INT_SPAN + _INT_MIN


def _us(value: timedelta) -> int:
    return value.days * _US_PER_DAY + value.seconds * 1_000_000 + value.microseconds


def _duration(us: int) -> timedelta:
    return timedelta(microseconds=_wrap(us))


# ---- logic -------------------------------------------------------------------------------------

def _all(values: list[Any]) -> bool | None:
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def _any(values: list[Any]) -> bool | None:
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


# ---- arithmetic --------------------------------------------------------------------------------

def _negate(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, timedelta):
        return _duration(-_us(value))
    if isinstance(value, int):
        return _wrap(-value)
    return -value


def _divide(a: float, b: float) -> float:
    if b != 0:
        return a / b
    if a == 0 or math.isnan(a):
        return math.nan
    return math.copysign(math.inf, a)


def _arith(op: str, a: Any, b: Any) -> Any:
    if isinstance(a, datetime) or isinstance(b, datetime):
        return _time_arith(op, a, b)
    if isinstance(a, timedelta) or isinstance(b, timedelta):
        if op == "*":
            count, span = (b, a) if isinstance(a, timedelta) else (a, b)
            return _duration(_us(span) * count)
        return _duration(_us(a) + _us(b) if op == "+" else _us(a) - _us(b))
    if op == "/":
        return _divide(float(a), float(b))
    if isinstance(a, float) or isinstance(b, float):
        a, b = float(a), float(b)
        return a + b if op == "+" else a - b if op == "-" else a * b
    return _wrap(a + b if op == "+" else a - b if op == "-" else a * b)


def _time_arith(op: str, a: Any, b: Any) -> Any:
    try:
        if isinstance(a, datetime) and isinstance(b, datetime):
            return a - b
        if op == "-":
            return a - b
        return a + b
    except OverflowError:
        raise ExprError("timestamp arithmetic out of range (year 1 to 9999)") from None


# ---- comparison --------------------------------------------------------------------------------

def _key(value: Any) -> Any:
    """A sort key giving floats a total order: NaN equals NaN and is above all numbers."""
    if isinstance(value, float):
        return (1, 0.0) if math.isnan(value) else (0, value)
    if isinstance(value, int) and not isinstance(value, bool):
        return (0, value)
    return value


def _compare(op: str, a: Any, b: Any) -> bool:
    if isinstance(a, int | float) and isinstance(b, int | float) and not isinstance(a, bool) \
            and (isinstance(a, float) or isinstance(b, float)):
        a, b = float(a), float(b)
    return _ORDER[op](_key(a), _key(b))


_ORDER: dict[str, Callable[[Any, Any], bool]] = {
    "==": lambda a, b: a == b, "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b, "<=": lambda a, b: a <= b,
    ">": lambda a, b: a > b, ">=": lambda a, b: a >= b,
}


# ---- functions and patterns -------------------------------------------------------------------

def _abs(value: Any) -> Any:
    if isinstance(value, timedelta):
        return _duration(abs(_us(value)))
    return _wrap(abs(value)) if isinstance(value, int) else abs(value)


_CALLS: dict[str, Callable[[Any], Any]] = {
    "lower": str.lower,
    "upper": str.upper,
    "len": len,
    "hour": lambda ts: ts.hour,
    "weekday": lambda ts: ts.isoweekday(),
    "abs": _abs,
}


@lru_cache(maxsize=512)
def _regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled by Python ``re``; an error if ``re`` rejects it or would read it
    differently (it warns about syntax such as ``[[:alpha:]]`` that Rust reads as a class)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return re.compile(pattern)
        except (re.error, Warning, RecursionError, OverflowError, ValueError) as exc:
            raise ExprError(f"the reference evaluator cannot run regex {pattern!r} (Python re: "
                            f"{exc}); it is valid for polars only") from None
