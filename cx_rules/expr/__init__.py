"""The small, safe expression language of the ``condition`` rule kind (never ``eval``).

``direction == "outbound" and text matches "(?i)refund" and not identity_verified``

Parsed by a lark LALR grammar into a typed AST (:mod:`cx_rules.expr.ast`), type-checked
against the fields the caller allows, then compiled to a polars expression
(:func:`to_polars`) or evaluated row by row in plain Python (:func:`evaluate_row`, the
reference). Three-valued (SQL/Kleene) logic: a comparison with null is null, and a row
matches only when the whole expression is true.
"""

from cx_rules.expr.ast import Expr, ExprError
from cx_rules.expr.parser import parse, referenced_fields
from cx_rules.expr.to_polars import to_polars
from cx_rules.expr.to_python import evaluate_row

__all__ = ["Expr", "ExprError", "evaluate_row", "parse", "referenced_fields", "to_polars"]
