"""Source text → typed AST, with column-precise errors."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from lark import Lark, Token, Tree
from lark.exceptions import LarkError, UnexpectedInput

from cx_rules.durations import parse_duration
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

MAX_LENGTH = 10_000
MAX_DEPTH = 64
FUNCTIONS = {"lower": ("str", "str"), "upper": ("str", "str"), "len": ("str", "num"),
             "hour": ("datetime", "num"), "weekday": ("datetime", "num"), "abs": ("num", "num")}
FIELD_KINDS = {"str": "str", "float": "num", "int": "num", "bool": "bool",
               "datetime": "datetime", "duration": "duration", "list[str]": "list[str]"}

GRAMMAR = r"""
?start: or_
?or_: and_ | or_ "or" and_ -> or_op
?and_: not_ | and_ "and" not_ -> and_op
?not_: cmp | "not" not_ -> not_op
?cmp: sum
    | sum CMP sum -> compare
    | sum "in" list -> in_op
    | sum "not" "in" list -> not_in_op
    | sum "in" field -> in_field
    | sum "not" "in" field -> not_in_field
    | sum "matches" STRING -> matches
    | sum "contains" STRING -> contains
    | sum "is" "null" -> is_null
    | sum "is" "not" "null" -> is_not_null
?sum: product | sum ADDOP product -> arith
?product: unary | product MULOP unary -> arith
?unary: atom | "-" unary -> neg
?atom: DURATION -> duration
     | NUMBER -> number
     | STRING -> string
     | "true" -> true
     | "false" -> false
     | "null" -> null
     | field
     | NAME "(" or_ ")" -> call
     | "(" or_ ")"
field: NAME ("." NAME)?
list: "[" [literal ("," literal)*] "]"
?literal: STRING -> string | NUMBER -> number | "-" NUMBER -> neg_number
CMP: "==" | "!=" | "<=" | ">=" | "<" | ">"
ADDOP: "+" | "-"
MULOP: "*" | "/"
DURATION.3: /([0-9]+(ms|s|m|h|d|w))+(?![A-Za-z0-9_])/
NUMBER.2: /[0-9]+(\.[0-9]+)?/
STRING: /"([^"\\]|\\.)*"/ | /'([^'\\]|\\.)*'/
NAME: /[A-Za-z_][A-Za-z0-9_]*/
%ignore /[ \t\r\n]+/
"""


@cache
def _parser() -> Lark:
    return Lark(GRAMMAR, parser="lalr", propagate_positions=True, maybe_placeholders=False)


def _unquote(token: str) -> str:
    body = token[1:-1]
    return re.sub(r"\\(.)", r"\1", body)


def _col(node: Tree | Token) -> int | None:
    if isinstance(node, Token):
        return node.column
    meta = getattr(node, "meta", None)
    return getattr(meta, "column", None) if meta is not None and not meta.empty else None


def _depth(source: str) -> int:
    depth = best = 0
    for ch in source:
        if ch in "([":
            depth += 1
            best = max(best, depth)
        elif ch in ")]":
            depth -= 1
    return best


class _Builder:
    def __init__(self, fields: Mapping[str, str]) -> None:
        self.fields = fields

    def build(self, node: Tree | Token, level: int = 0) -> Expr:
        if level > MAX_DEPTH:
            raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels", _col(node))
        if isinstance(node, Token):
            raise ExprError(f"unexpected {node!s}", node.column)
        kind = node.data
        kids = node.children
        nxt = level + 1
        if kind == "number":
            text = str(kids[0])
            return Lit("num", float(text) if "." in text else int(text))
        if kind == "neg_number":
            text = str(kids[0])
            return Lit("num", -(float(text) if "." in text else int(text)))
        if kind == "duration":
            return Lit("duration", parse_duration(str(kids[0])))
        if kind == "string":
            return Lit("str", _unquote(str(kids[0])))
        if kind in ("true", "false"):
            return Lit("bool", kind == "true")
        if kind == "null":
            return Lit("null", None)
        if kind == "field":
            return self._field(kids)
        if kind == "call":
            return self._call(kids, nxt)
        if kind in ("or_op", "and_op"):
            left, right = self.build(kids[0], nxt), self.build(kids[1], nxt)
            op = "or" if kind == "or_op" else "and"
            for side, at in ((left, kids[0]), (right, kids[1])):
                self._need(side, ("bool",), f"'{op}' needs true/false on both sides", at)
            return Binary("bool", op, left, right)
        if kind == "not_op":
            operand = self.build(kids[0], nxt)
            self._need(operand, ("bool",), "'not' needs true/false", kids[0])
            return Unary("bool", "not", operand)
        if kind == "neg":
            operand = self.build(kids[0], nxt)
            self._need(operand, ("num", "duration"), "'-' needs a number or duration", kids[0])
            return Unary(operand.type, "neg", operand)
        if kind == "arith":
            return self._arith(kids, nxt)
        if kind == "compare":
            return self._compare(kids, nxt)
        if kind in ("in_op", "not_in_op"):
            operand = self.build(kids[0], nxt)
            values = tuple(self.build(v, nxt) for v in kids[1].children)
            for v, raw in zip(values, kids[1].children, strict=True):
                if operand.type != "null" and v.type != operand.type:
                    raise ExprError(f"list item of type {v.type} cannot match a {operand.type}",
                                    _col(raw))
            return InList("bool", operand, tuple(v.value for v in values if isinstance(v, Lit)),
                          None, kind == "not_in_op")
        if kind in ("in_field", "not_in_field"):
            operand = self.build(kids[0], nxt)
            container = self._field(kids[1].children)
            self._need(container, ("list[str]",), "'in' needs a list field", kids[1])
            self._need(operand, ("str",), "only text can be in a list field", kids[0])
            return InList("bool", operand, None, container, kind == "not_in_field")
        if kind in ("matches", "contains"):
            operand = self.build(kids[0], nxt)
            self._need(operand, ("str",), f"'{kind}' needs text", kids[0])
            pattern = _unquote(str(kids[1]))
            if kind == "matches":
                try:
                    re.compile(pattern)
                except re.error as exc:
                    raise ExprError(f"bad regular expression: {exc}", _col(kids[1])) from None
            return StrTest("bool", kind, operand, pattern)
        if kind in ("is_null", "is_not_null"):
            return IsNull("bool", self.build(kids[0], nxt), kind == "is_not_null")
        raise ExprError(f"unsupported expression {kind}", _col(node))

    def _need(self, expr: Expr, types: tuple[str, ...], message: str, at: Any) -> None:
        if expr.type not in types and expr.type != "null":
            raise ExprError(f"{message} (got {expr.type})", _col(at))

    def _field(self, kids: list[Any]) -> Expr:
        name = ".".join(str(k) for k in kids)
        if name not in self.fields:
            close = difflib.get_close_matches(name, list(self.fields), n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else ""
            raise ExprError(f"unknown field '{name}'{hint}", _col(kids[0]))
        kind = FIELD_KINDS.get(self.fields[name])
        if kind is None:
            raise ExprError(f"field '{name}' has an unsupported type", _col(kids[0]))
        return Field(kind, name, name.replace(".", "_"))

    def _call(self, kids: list[Any], level: int) -> Expr:
        fn = str(kids[0])
        if fn not in FUNCTIONS:
            raise ExprError(f"unknown function '{fn}' (known: {', '.join(FUNCTIONS)})",
                            _col(kids[0]))
        arg = self.build(kids[1], level)
        want, result = FUNCTIONS[fn]
        self._need(arg, (want,), f"{fn}() needs a {want}", kids[1])
        return Call(result, fn, arg)

    def _arith(self, kids: list[Any], level: int) -> Expr:
        left, right = self.build(kids[0], level), self.build(kids[2], level)
        op = str(kids[1])
        pair = (left.type, right.type)
        table = {
            ("num", "num"): "num",
            ("datetime", "datetime"): "duration" if op == "-" else None,
            ("datetime", "duration"): "datetime" if op in "+-" else None,
            ("duration", "duration"): "duration" if op in "+-" else None,
            ("duration", "num"): "duration" if op in "*/" else None,
        }
        result = table.get(pair)
        if result is None:
            raise ExprError(f"cannot compute {left.type} {op} {right.type}", _col(kids[1]))
        return Binary(result, op, left, right)

    def _compare(self, kids: list[Any], level: int) -> Expr:
        left, right = self.build(kids[0], level), self.build(kids[2], level)
        op = str(kids[1])
        if "null" in (left.type, right.type):
            raise ExprError("compare with null using 'is null' / 'is not null'", _col(kids[1]))
        if left.type != right.type or left.type == "list[str]":
            raise ExprError(f"cannot compare {left.type} with {right.type}", _col(kids[1]))
        if op not in ("==", "!=") and left.type == "bool":
            raise ExprError(f"'{op}' does not order true/false", _col(kids[1]))
        return Binary("bool", op, left, right)


def parse(source: str, fields: Mapping[str, str]) -> Expr:
    """Parse and type-check ``source``; the result must be true/false."""
    if not isinstance(source, str) or not source.strip():
        raise ExprError("empty expression")
    if len(source) > MAX_LENGTH:
        raise ExprError(f"expression longer than {MAX_LENGTH} characters")
    if _depth(source) > MAX_DEPTH:
        raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels")
    try:
        tree = _parser().parse(source)
    except UnexpectedInput as exc:
        column = getattr(exc, "column", None)
        got = source[exc.pos_in_stream:exc.pos_in_stream + 12] if exc.pos_in_stream is not None \
            else ""
        raise ExprError(f"syntax error near {got!r}" if got else "unexpected end of expression",
                        column if isinstance(column, int) and column > 0 else None) from None
    except (LarkError, RecursionError) as exc:
        raise ExprError(f"cannot parse: {type(exc).__name__}") from None
    try:
        expr = _Builder(fields).build(tree)
    except RecursionError:
        raise ExprError(f"expression nested deeper than {MAX_DEPTH} levels") from None
    except ValueError as exc:
        if isinstance(exc, ExprError):
            raise
        raise ExprError(str(exc)) from None
    if expr.type not in ("bool", "null"):
        raise ExprError(f"a condition must be true/false, this is a {expr.type}")
    return expr


def referenced_fields(expr: Expr) -> set[str]:
    """The column names the expression reads."""
    found: set[str] = set()
    stack: list[Any] = [expr]
    while stack:
        node = stack.pop()
        if isinstance(node, Field):
            found.add(node.column)
        elif isinstance(node, Expr):
            stack.extend(v for v in node.__dict__.values() if isinstance(v, Expr))
    return found


