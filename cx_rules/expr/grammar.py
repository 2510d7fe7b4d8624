"""The lark LALR grammar, and syntax errors translated into :class:`ExprError`.

Precedence, loosest first: ``or`` < ``and`` < ``not`` < comparisons (``== != < <= > >=``,
``in``, ``not in``, ``matches``, ``contains``, ``is [not] null``; not chainable) < ``+ -`` <
``* /`` < unary ``-``. ``and`` / ``or`` chains come out flat (one tree node per chain), so a
long list of conditions is not a deep tree.
"""

from __future__ import annotations

from functools import cache

from lark import Lark, Token, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

from cx_rules.expr.errors import ExprError

GRAMMAR = r"""
?start: or_expr

?or_expr: and_expr ("or" and_expr)*
?and_expr: not_expr ("and" not_expr)*
?not_expr: "not" not_expr                 -> not_op
         | comparison
?comparison: sum
           | sum COMP_OP sum              -> compare
           | sum "in" list                -> in_list
           | sum "not" "in" list          -> not_in_list
           | sum "in" sum                 -> in_field
           | sum "not" "in" sum           -> not_in_field
           | sum "matches" STRING         -> matches
           | sum "contains" STRING        -> contains
           | sum "is" "null"              -> is_null
           | sum "is" "not" "null"        -> is_not_null
list: "[" [sum ("," sum)* [","]] "]"
?sum: product ((PLUS | MINUS) product)*
?product: unary ((STAR | SLASH) unary)*
?unary: MINUS unary                        -> neg
      | atom
?atom: INT                                 -> int_lit
     | FLOAT                               -> float_lit
     | DURATION                            -> duration_lit
     | BAD_NUMBER                          -> bad_number
     | STRING                              -> string_lit
     | "true"                              -> true_lit
     | "false"                             -> false_lit
     | "null"                              -> null_lit
     | NAME ("." NAME)*                    -> field
     | NAME "(" [or_expr ("," or_expr)*] ")" -> call
     | "(" or_expr ")"                     -> paren

COMP_OP: "==" | "!=" | "<=" | ">=" | "<" | ">"
PLUS: "+"
MINUS: "-"
STAR: "*"
SLASH: "/"
DURATION.4: /(?:[0-9]+(?:ms|s|m|h|d|w))+(?![A-Za-z0-9_.])/
BAD_NUMBER.3: /[0-9]+(?:\.[0-9]+)?[A-Za-z_][A-Za-z0-9_.]*/
FLOAT.2: /[0-9]+\.[0-9]+/
INT.2: /[0-9]+/
STRING: /"(?:[^"\\]|\\[\s\S])*"/ | /'(?:[^'\\]|\\[\s\S])*'/
NAME: /[A-Za-z_][A-Za-z0-9_]*/
%ignore /\s+/
"""

_OPERAND_START = {"INT", "FLOAT", "DURATION", "BAD_NUMBER", "STRING", "NAME", "TRUE", "FALSE",
                  "NULL", "MINUS", "LPAR", "NOT"}
_CLOSERS = {"RPAR": "')'", "RSQB": "']'"}
_HINTS = {"=": "use '==' to compare", "&": "write 'and'", "|": "write 'or'",
          "!": "write 'not' or '!='", '"': "unterminated string", "'": "unterminated string"}


@cache
def parser() -> Lark:
    """The compiled LALR parser (built once)."""
    return Lark(GRAMMAR, parser="lalr", propagate_positions=True, maybe_placeholders=False)


def parse_tree(source: str) -> Tree[Token]:
    """The lark parse tree of ``source``, or an :class:`ExprError` pointing at the problem."""
    try:
        return parser().parse(source)
    except UnexpectedInput as exc:
        raise _syntax_error(exc, source) from None


def _expected(names: set[str]) -> str:
    wanted: list[str] = []
    if names & _OPERAND_START:
        wanted.append("a value or field")
    wanted.extend(text for name, text in _CLOSERS.items() if name in names)
    if not wanted:
        wanted.append("an operator")
    return " or ".join(wanted)


def _syntax_error(exc: UnexpectedInput, source: str) -> ExprError:
    if isinstance(exc, UnexpectedCharacters):
        pos = exc.pos_in_stream or 0
        char = source[pos] if pos < len(source) else ""
        hint = _HINTS.get(char)
        if hint == "unterminated string":
            return ExprError("unterminated string", pos + 1, source)
        message = f"unexpected character {char!r}"
        return ExprError(f"{message} ({hint})" if hint else message, pos + 1, source)
    if isinstance(exc, UnexpectedToken) and exc.token.type != "$END":
        token = str(exc.token.value)
        shown = token if len(token) <= 20 else token[:17] + "..."
        position = exc.token.start_pos
        message = f"unexpected {shown!r}; expected {_expected(set(exc.expected))}"
        return ExprError(message, position + 1 if isinstance(position, int) else None, source)
    expected = set(getattr(exc, "expected", None) or ())
    suffix = f"; expected {_expected(expected)}" if expected else ""
    at = len(source.rstrip()) + 1
    if isinstance(exc, UnexpectedToken | UnexpectedEOF):
        return ExprError(f"unexpected end of expression{suffix}", at, source)
    return ExprError("syntax error", at, source)
