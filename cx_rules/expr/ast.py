"""Typed AST of the expression language."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

TYPES = ("str", "num", "bool", "datetime", "duration", "list[str]", "null")


class ExprError(ValueError):
    """A syntax or type error, with the 1-based column where it was found."""

    def __init__(self, message: str, column: int | None = None) -> None:
        self.column = column
        super().__init__(f"col {column}: {message}" if column else message)


@dataclass(frozen=True)
class Expr:
    """Base class: every node knows its result type."""

    type: str


@dataclass(frozen=True)
class Lit(Expr):
    value: Any


@dataclass(frozen=True)
class Field(Expr):
    name: str
    column: str


@dataclass(frozen=True)
class Unary(Expr):
    op: str  # "not" | "neg"
    operand: Expr


@dataclass(frozen=True)
class Binary(Expr):
    op: str  # and or + - * / == != < <= > >=
    left: Expr
    right: Expr


@dataclass(frozen=True)
class InList(Expr):
    operand: Expr
    values: tuple[Any, ...] | None
    field: Expr | None
    negate: bool


@dataclass(frozen=True)
class StrTest(Expr):
    op: str  # "matches" | "contains"
    operand: Expr
    pattern: str


@dataclass(frozen=True)
class IsNull(Expr):
    operand: Expr
    negate: bool


@dataclass(frozen=True)
class Call(Expr):
    fn: str
    arg: Expr
