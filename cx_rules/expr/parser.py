"""Source text -> type-checked AST, with limits and column-precise errors."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import Any, Literal, cast

from lark import Token, Tree

from cx_rules.expr.ast import (
    FIELD_KINDS,
    NUMERIC,
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
    LitValue,
    Matches,
    Neg,
    Not,
    ValueType,
)
from cx_rules.expr.errors import ExprError
from cx_rules.expr.grammar import parse_tree
from cx_rules.expr.literals import decode_duration, decode_float, decode_int, unquote
from cx_rules.expr.regex import regex_problem

SyntaxTree = Tree[Token]
"""A parse tree of the grammar (its leaves are tokens)."""

MAX_LENGTH = 10_000
"""Longest accepted expression, in characters."""
MAX_DEPTH = 64
"""Deepest accepted nesting (parentheses, ``not``, operators, function calls)."""

FUNCTIONS: dict[str, dict[str, ValueType]] = {
    "lower": {"str": "str"},
    "upper": {"str": "str"},
    "len": {"str": "int", "list[str]": "int"},
    "hour": {"datetime": "int"},
    "weekday": {"datetime": "int"},
    "abs": {"int": "int", "float": "float", "duration": "duration"},
}
"""Built-in functions: argument type -> result type."""

_NOUNS = {"str": "text", "int": "a number", "float": "a number", "bool": "true/false",
          "datetime": "a timestamp", "duration": "a duration", "list[str]": "a list",
          "null": "null"}
_KEYWORDS = {"and", "or", "not", "in", "is", "null", "true", "false", "matches", "contains"}
_ORDERED = {"str", "int", "float", "datetime", "duration"}
_LISTABLE = {"str", "int", "float", "bool", "duration"}

Node = SyntaxTree | Token


def parse(source: str, fields: Mapping[str, str], *, predicate: bool = True) -> Expr:
    """Parse and type-check ``source`` against the allowed ``fields`` (``{name: kind}``).

    With ``predicate`` (the default) the expression must be true/false. Raises
    :class:`ExprError` for any problem, never another exception.
    """
    if not isinstance(source, str):
        raise ExprError("an expression must be text")
    if len(source) > MAX_LENGTH:
        raise ExprError(f"expression is longer than {MAX_LENGTH} characters ({len(source)})")
    if not source.strip():
        raise ExprError("empty expression")
    tree = parse_tree(source)
    _check_depth(tree, source)
    builder = _Builder(fields, source)
    expr = builder.build(tree)
    if predicate:
        expr = builder.as_bool(expr, tree, "a condition")
    return expr


def _position(node: Node) -> int | None:
    """1-based character position of a parse-tree node."""
    if isinstance(node, Token):
        return node.start_pos + 1 if node.start_pos is not None else None
    return None if node.meta.empty else node.meta.start_pos + 1


def _check_depth(tree: SyntaxTree, source: str) -> None:
    """Reject trees deeper than :data:`MAX_DEPTH` (iteratively, so any input is safe)."""
    stack: list[tuple[SyntaxTree, int]] = [(tree, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ExprError(f"expression is nested deeper than {MAX_DEPTH} levels",
                            _position(node), source)
        # an arithmetic chain a + b + c becomes nested operations, one level per operator
        step = max(1, len(node.children) // 2) if node.data in ("sum", "product") else 1
        stack.extend((child, depth + step) for child in node.children
                     if isinstance(child, Tree))


def _noun(expr: Expr) -> str:
    return _NOUNS[expr.type]


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=3)
    if not close:
        return ""
    quoted = [f"'{c}'" for c in close]
    listed = quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]
    return f" (did you mean {listed}?)"


def _comparable(left: str, right: str) -> bool:
    return (left in NUMERIC and right in NUMERIC) or (
        left == right and left in {"str", "bool", "datetime", "duration"})


def _arith_type(op: str, left: str, right: str) -> ValueType | None:
    """The result type of ``left op right``, or ``None`` when it is not allowed."""
    if left in NUMERIC and right in NUMERIC:
        return "float" if op == "/" or "float" in (left, right) else "int"
    if op == "-" and left == right == "datetime":
        return "duration"
    if op in "+-" and (left, right) == ("datetime", "duration"):
        return "datetime"
    if op == "+" and (left, right) == ("duration", "datetime"):
        return "datetime"
    if op in "+-" and left == right == "duration":
        return "duration"
    if op == "*" and {left, right} == {"duration", "int"}:
        return "duration"
    return None


class _Builder:
    """Turns a lark tree into typed AST nodes, raising positioned errors."""

    def __init__(self, fields: Mapping[str, str], source: str) -> None:
        self.fields = fields
        self.source = source
        self.rules: dict[str, Callable[[SyntaxTree], Expr]] = {
            "or_expr": self._bool_op, "and_expr": self._bool_op, "not_op": self._not,
            "compare": self._compare, "in_list": self._in_list, "not_in_list": self._in_list,
            "in_field": self._in_field, "not_in_field": self._in_field,
            "matches": self._matches, "contains": self._contains,
            "is_null": self._is_null, "is_not_null": self._is_null,
            "sum": self._arith, "product": self._arith, "neg": self._neg,
            "int_lit": self._literal, "float_lit": self._literal,
            "duration_lit": self._literal, "string_lit": self._literal,
            "bad_number": self._bad_number, "true_lit": self._constant,
            "false_lit": self._constant, "null_lit": self._constant,
            "field": self._field, "call": self._call, "paren": self._paren,
        }

    def error(self, message: str, node: Node | None) -> ExprError:
        return ExprError(message, _position(node) if node is not None else None, self.source)

    def build(self, node: Node) -> Expr:
        if isinstance(node, Token):
            raise self.error(f"unexpected {node.value!r}", node)
        rule = self.rules.get(str(node.data))
        if rule is None:
            raise self.error(f"unsupported construct '{node.data}'", node)
        return rule(node)

    # ---- type helpers ---------------------------------------------------------------------

    def as_bool(self, expr: Expr, node: Node, what: str) -> Expr:
        """``expr`` as a true/false operand (a bare ``null`` becomes a boolean null)."""
        if expr.type == "null":
            return Lit(None, "bool")
        if expr.type != "bool":
            raise self.error(f"{what} must be true/false, not {_noun(expr)}", node)
        return expr

    def need(self, expr: Expr, allowed: set[str] | Mapping[str, Any], what: str,
             node: Node) -> None:
        """Raise unless ``expr`` has one of the ``allowed`` types."""
        if expr.type == "null":
            raise self.error(f"{what}, not null (test for missing values with 'is null')",
                             node)
        if expr.type not in allowed:
            raise self.error(f"{what}, not {_noun(expr)}", node)

    # ---- logic ------------------------------------------------------------------------------

    def _bool_op(self, node: SyntaxTree) -> Expr:
        op: Literal["and", "or"] = "or" if node.data == "or_expr" else "and"
        operands = tuple(self.as_bool(self.build(c), c, f"each side of '{op}'")
                         for c in node.children)
        return BoolOp(op, operands)

    def _not(self, node: SyntaxTree) -> Expr:
        child = node.children[0]
        return Not(self.as_bool(self.build(child), child, "the operand of 'not'"))

    def _paren(self, node: SyntaxTree) -> Expr:
        return self.build(node.children[0])

    # ---- comparisons ------------------------------------------------------------------------

    def _compare(self, node: SyntaxTree) -> Expr:
        left_node, op_token, right_node = node.children
        left, right = self.build(left_node), self.build(right_node)
        op = str(op_token)
        if "null" in (left.type, right.type):
            raise self.error("a comparison with null is never true; test for missing values "
                             "with 'is null' or 'is not null'", op_token)
        left, right = self._as_time(left, right, left_node), \
            self._as_time(right, left, right_node)
        if not _comparable(left.type, right.type):
            raise self.error(f"cannot compare {_noun(left)} with {_noun(right)}", op_token)
        if op not in ("==", "!=") and left.type not in _ORDERED:
            raise self.error(f"'{op}' cannot order {_noun(left)} values", op_token)
        return Compare(cast(Any, op), left, right)

    def _as_time(self, side: Expr, other: Expr, node: Node) -> Expr:
        """A text literal compared with a timestamp is an ISO 8601 time with a UTC offset
        (``timestamp >= "2026-03-05T10:00:00Z"``)."""
        if other.type != "datetime" or not isinstance(side, Lit) or side.type != "str":
            return side
        from datetime import UTC, datetime

        text = str(side.value)
        try:
            when = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            when = None
        if when is None or when.tzinfo is None:
            raise self.error(f"{text!r} is not a timestamp with a UTC offset (compare a "
                             "timestamp with e.g. \"2026-03-05T10:00:00Z\")", node)
        return Lit(when.astimezone(UTC), "datetime")

    def _in_list(self, node: SyntaxTree) -> Expr:
        operand_node, list_node = node.children
        operand = self.build(operand_node)
        self.need(operand, _LISTABLE,
                  "'in [...]' needs text, a number, true/false or a duration on the left",
                  operand_node)
        values: list[LitValue] = []
        for item_node in cast(SyntaxTree, list_node).children:
            item = self.build(item_node)
            if not isinstance(item, Lit):
                raise self.error("list items must be literal values", item_node)
            if item.type == "null":
                raise self.error("a list cannot hold null; test for it with 'is null'",
                                 item_node)
            if not _comparable(operand.type, item.type):
                raise self.error(f"list item is {_noun(item)} but the left side is "
                                 f"{_noun(operand)}", item_node)
            values.append(item.value)
        return InList(operand, tuple(values), negate=node.data == "not_in_list")

    def _in_field(self, node: SyntaxTree) -> Expr:
        operand_node, container_node = node.children
        operand, container = self.build(operand_node), self.build(container_node)
        self.need(container, {"list[str]"},
                  "'in' needs a [...] list or a list field on the right", container_node)
        self.need(operand, {"str"}, "only text can be looked up in a list field", operand_node)
        return InField(operand, container, negate=node.data == "not_in_field")

    def _matches(self, node: SyntaxTree) -> Expr:
        operand_node, token = node.children
        operand = self.build(operand_node)
        self.need(operand, {"str"}, "'matches' needs text on the left", operand_node)
        pattern, offsets = unquote(str(token))
        problem = regex_problem(pattern)
        if problem is not None:
            message, offset = problem
            start = cast(Token, token).start_pos or 0
            if offset is not None and offset < len(offsets):
                start += offsets[offset]
            elif offset is not None:
                start += len(str(token)) - 1
            raise ExprError(f"invalid regex: {message}", start + 1, self.source)
        return Matches(operand, pattern)

    def _contains(self, node: SyntaxTree) -> Expr:
        operand_node, token = node.children
        operand = self.build(operand_node)
        self.need(operand, {"str"}, "'contains' needs text on the left", operand_node)
        return Contains(operand, unquote(str(token))[0])

    def _is_null(self, node: SyntaxTree) -> Expr:
        return IsNull(self.build(node.children[0]), negate=node.data == "is_not_null")

    # ---- arithmetic -------------------------------------------------------------------------

    def _arith(self, node: SyntaxTree) -> Expr:
        kids = node.children
        left = self.build(kids[0])
        for i in range(1, len(kids), 2):
            op_token, right = kids[i], self.build(kids[i + 1])
            op = str(op_token)
            for side in (left, right):
                if side.type == "null":
                    raise self.error(f"'{op}' with null has no value; test for missing values "
                                     "with 'is null'", op_token)
            result = _arith_type(op, left.type, right.type)
            if result is None:
                raise self.error(self._arith_problem(op, left, right), op_token)
            left = BinOp(cast(Any, op), left, right, result)
        return left

    @staticmethod
    def _arith_problem(op: str, left: Expr, right: Expr) -> str:
        message = f"cannot compute {_noun(left)} {op} {_noun(right)}"
        if "duration" in (left.type, right.type) and op in "*/":
            return message + " (a duration can only be multiplied by a whole number)"
        if op == "+" and left.type == right.type == "datetime":
            return message + " (subtract timestamps to get a duration)"
        return message

    def _neg(self, node: SyntaxTree) -> Expr:
        child = node.children[1]
        operand = self.build(child)
        self.need(operand, {"int", "float", "duration"}, "'-' needs a number or a duration",
                  child)
        if isinstance(operand, Lit) and operand.value is not None:
            return Lit(-cast(Any, operand.value), operand.type)
        return Neg(operand, operand.type)

    # ---- leaves -----------------------------------------------------------------------------

    def _literal(self, node: SyntaxTree) -> Expr:
        token = cast(Token, node.children[0])
        text = str(token)
        try:
            if node.data == "int_lit":
                return Lit(decode_int(text), "int")
            if node.data == "float_lit":
                return Lit(decode_float(text), "float")
            if node.data == "duration_lit":
                return Lit(decode_duration(text), "duration")
        except ValueError as exc:
            raise self.error(str(exc), token) from None
        return Lit(unquote(text)[0], "str")

    def _bad_number(self, node: SyntaxTree) -> Expr:
        token = node.children[0]
        raise self.error(f"{str(token)[:24]!r} is neither a number nor a duration (durations "
                         "are whole numbers with a unit: ms, s, m, h, d, w; e.g. 90m)", token)

    def _constant(self, node: SyntaxTree) -> Expr:
        if node.data == "null_lit":
            return Lit(None, "null")
        return Lit(node.data == "true_lit", "bool")

    def _field(self, node: SyntaxTree) -> Expr:
        name = ".".join(str(t) for t in node.children)
        if name not in self.fields:
            if name.lower() in _KEYWORDS:
                raise self.error(f"unknown field '{name}' (keywords are lowercase: "
                                 f"'{name.lower()}')", node)
            raise self.error(f"unknown field '{name}'{_suggest(name, list(self.fields))}",
                             node)
        kind = self.fields[name]
        if kind not in FIELD_KINDS:
            raise self.error(f"field '{name}' has an unsupported kind {kind!r}", node)
        return FieldRef(name, name.replace(".", "_"), cast(ValueType, kind))

    def _call(self, node: SyntaxTree) -> Expr:
        name_token, *arg_nodes = node.children
        fn = str(name_token)
        signature = FUNCTIONS.get(fn)
        if signature is None:
            hint = _suggest(fn, list(FUNCTIONS)) or f" (known: {', '.join(FUNCTIONS)})"
            raise self.error(f"unknown function '{fn}'{hint}", name_token)
        if len(arg_nodes) != 1:
            raise self.error(f"{fn}() takes exactly one argument ({len(arg_nodes)} given)",
                             name_token)
        arg = self.build(arg_nodes[0])
        wanted = " or ".join(sorted({_NOUNS[t] for t in signature}))
        self.need(arg, signature, f"{fn}() needs {wanted}", arg_nodes[0])
        return Call(cast(Any, fn), arg, signature[arg.type])
