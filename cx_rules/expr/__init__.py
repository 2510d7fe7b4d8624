"""The small, safe expression language of the ``condition`` rule kind (never ``eval``).

``direction == "outbound" and text matches "(?i)refund" and not identity_verified``

Parsed by a lark LALR grammar (:mod:`~cx_rules.expr.grammar`) into a typed AST of frozen
dataclasses (:mod:`~cx_rules.expr.ast`), type-checked against the fields the caller allows
(:func:`parse`), then either compiled to a polars expression (:func:`to_polars`) or evaluated
row by row in plain Python (:func:`evaluate_row`, the reference). Null follows SQL/Kleene
three-valued logic; a row matches only when the whole expression is true.
"""

from cx_rules.expr.ast import FIELD_KINDS, Expr, referenced_fields
from cx_rules.expr.errors import ExprError
from cx_rules.expr.parser import FUNCTIONS, MAX_DEPTH, MAX_LENGTH, parse
from cx_rules.expr.to_polars import to_polars
from cx_rules.expr.to_python import evaluate_row

__all__ = [
    "FIELD_KINDS",
    "FUNCTIONS",
    "MAX_DEPTH",
    "MAX_LENGTH",
    "Expr",
    "ExprError",
    "evaluate_row",
    "parse",
    "referenced_fields",
    "to_polars",
]
