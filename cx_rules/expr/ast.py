"""Typed AST of the expression language: frozen dataclasses, each node knows its result type.

Nodes are built only by :func:`cx_rules.expr.parse`, which type-checks them; the compilers
(:mod:`~cx_rules.expr.to_polars`, :mod:`~cx_rules.expr.to_python`) trust that typing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Literal, TypeAlias

from cx_rules.expr.errors import ExprError

ValueType: TypeAlias = Literal[
    "str", "int", "float", "bool", "datetime", "duration", "list[str]", "null"
]
"""The type of a value; ``null`` is only the type of the bare ``null`` literal."""

FIELD_KINDS: frozenset[str] = frozenset(
    {"str", "int", "float", "bool", "datetime", "duration", "list[str]"}
)
"""The kinds a caller may declare for a field."""

NUMERIC: frozenset[str] = frozenset({"int", "float"})

LitValue: TypeAlias = str | int | float | bool | timedelta | datetime | None


class Expr:
    """Base class of all nodes. ``type`` is what the node evaluates to."""

    __slots__ = ()
    type: ValueType


@dataclass(frozen=True)
class Lit(Expr):
    """A literal value (``None`` for ``null``)."""

    value: LitValue
    type: ValueType


@dataclass(frozen=True)
class FieldRef(Expr):
    """A field as written (``customer.tier``) and the column it reads (``customer_tier``)."""

    name: str
    column: str
    type: ValueType


@dataclass(frozen=True)
class Not(Expr):
    """Kleene ``not``."""

    operand: Expr
    type: ValueType = "bool"


@dataclass(frozen=True)
class Neg(Expr):
    """Unary minus of a number or duration."""

    operand: Expr
    type: ValueType


@dataclass(frozen=True)
class BoolOp(Expr):
    """Kleene ``and`` / ``or`` over two or more operands (chains are kept flat)."""

    op: Literal["and", "or"]
    operands: tuple[Expr, ...]
    type: ValueType = "bool"


@dataclass(frozen=True)
class BinOp(Expr):
    """Arithmetic ``+ - * /`` on numbers, datetimes and durations."""

    op: Literal["+", "-", "*", "/"]
    left: Expr
    right: Expr
    type: ValueType


@dataclass(frozen=True)
class Compare(Expr):
    """``== != < <= > >=``; null when either side is null."""

    op: Literal["==", "!=", "<", "<=", ">", ">="]
    left: Expr
    right: Expr
    type: ValueType = "bool"


@dataclass(frozen=True)
class InList(Expr):
    """``x in [..]`` / ``x not in [..]`` with literal items."""

    operand: Expr
    values: tuple[LitValue, ...]
    negate: bool
    type: ValueType = "bool"


@dataclass(frozen=True)
class InField(Expr):
    """``x in some.list_field`` / ``x not in some.list_field``."""

    operand: Expr
    container: Expr
    negate: bool
    type: ValueType = "bool"


@dataclass(frozen=True)
class Matches(Expr):
    """``x matches "regex"``: the pattern is found anywhere in ``x`` (a search)."""

    operand: Expr
    pattern: str
    type: ValueType = "bool"


@dataclass(frozen=True)
class Contains(Expr):
    """``x contains "text"``: literal substring test."""

    operand: Expr
    substring: str
    type: ValueType = "bool"


@dataclass(frozen=True)
class IsNull(Expr):
    """``x is null`` / ``x is not null`` (never null itself)."""

    operand: Expr
    negate: bool
    type: ValueType = "bool"


@dataclass(frozen=True)
class Call(Expr):
    """One of the built-in functions (``lower``, ``upper``, ``len``, ``hour``, ``weekday``,
    ``abs``) applied to one argument."""

    fn: Literal["lower", "upper", "len", "hour", "weekday", "abs"]
    arg: Expr
    type: ValueType


def children(expr: Expr) -> Iterator[Expr]:
    """The direct sub-expressions of a node."""
    for item in fields(expr):  # type: ignore[arg-type]
        value = getattr(expr, item.name)
        if isinstance(value, Expr):
            yield value
        elif isinstance(value, tuple):
            yield from (v for v in value if isinstance(v, Expr))


def walk(expr: Expr) -> Iterator[Expr]:
    """Every node of the tree, parents before children (iterative, any depth)."""
    stack = [expr]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(list(children(node))))


def referenced_fields(expr: Expr) -> set[str]:
    """The column names the expression reads, e.g. ``{'text', 'customer_tier'}``."""
    return {node.column for node in walk(expr) if isinstance(node, FieldRef)}


def unsupported(expr: Expr) -> ExprError:
    """The error for a node a compiler does not know (a bug, or a hand-built tree)."""
    return ExprError(f"cannot compile a {type(expr).__name__} node")
