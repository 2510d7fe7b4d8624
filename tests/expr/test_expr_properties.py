"""Property tests of the expression language.

* Random well-typed expressions (every operator, function and type) over small random frames
  full of nulls, NaN, -0.0, int64 extremes and unicode text: the polars form gives, row by
  row, exactly what the pure-Python reference gives.
* Arbitrary text, and soups of the language's own tokens: ``parse`` raises only ``ExprError``
  (with a position inside the text), never anything else.

Regexes stay within what Python ``re`` and Rust ``regex`` read the same way.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from functools import cache
from typing import Any, TypeVar

import polars as pl
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cx_rules.expr import ExprError, evaluate_row, parse, to_polars

FIELDS = {"s1": "str", "s2": "str", "customer.tier": "str", "f1": "float", "f2": "float",
          "i1": "int", "b1": "bool", "b2": "bool", "t1": "datetime", "t2": "datetime",
          "d1": "duration", "l1": "list[str]"}
SCHEMA: dict[str, Any] = {
    "s1": pl.String, "s2": pl.String, "customer_tier": pl.String, "f1": pl.Float64,
    "f2": pl.Float64, "i1": pl.Int64, "b1": pl.Boolean, "b2": pl.Boolean,
    "t1": pl.Datetime("us", "UTC"), "t2": pl.Datetime("us", "UTC"), "d1": pl.Duration("us"),
    "l1": pl.List(pl.String),
}
T = TypeVar("T")
T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
WORDS = ["", "a", "A", "ab", "ba", "b", "xab", "Refund", "REFUND now", "x y", "é", "É", "straße", "42",
         "a.b", "sms", "chat"]
PATTERNS = ["a", "(?i)refund", "^a", "b$", "[a-c]+", "x|y", r"\d", "^$", "(?i)é", ".",
            "a.?b", r"\s", "[^a]", "(?i)[A-Z]{2}", r"\bx", "é", "(a|b)c?", "^(?i:re)"]
SETTINGS = settings(max_examples=150, deadline=None)
VALUE_SETTINGS = settings(max_examples=250, deadline=None)

# ---- rows --------------------------------------------------------------------------------------


def _weighted(*choices: tuple[int, st.SearchStrategy[T]]) -> st.SearchStrategy[T]:
    """Pick one strategy with the given weights (``one_of`` flattens nested choices and
    weighs every branch alike, which starves e.g. field references)."""
    pool = [strategy for weight, strategy in choices for _ in range(weight)]
    return st.sampled_from(pool).flatmap(lambda strategy: strategy)


def _nullable(values: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return _weighted((1, st.none()), (3, values))


texts = _weighted((2, st.sampled_from(WORDS)), (1, st.text(alphabet="aAbB é.1", max_size=5)))
ROW = st.fixed_dictionaries({
    "s1": _nullable(texts), "s2": _nullable(texts),
    "customer_tier": st.sampled_from([None, "vip", "basic", ""]),
    "f1": st.sampled_from([None, 0.0, -0.0, 1.5, -2.0, 3.0, math.nan, math.inf, -math.inf]),
    "f2": _nullable(st.floats(-1e6, 1e6, allow_nan=False) | st.just(math.nan)),
    "i1": _nullable(st.integers(-5, 5) | st.sampled_from([2**62, -(2**63), 2**63 - 1])),
    "b1": st.sampled_from([None, True, False]), "b2": st.sampled_from([None, True, False]),
    "t1": _nullable(st.integers(-(10**13), 10**13).map(
        lambda us: T0 + timedelta(microseconds=us))),
    "t2": st.sampled_from([None, T0, T0 + timedelta(days=1, hours=3)]),
    "d1": _nullable(st.integers(-(10**12), 10**12).map(lambda us: timedelta(microseconds=us))),
    "l1": _nullable(st.lists(st.none() | st.sampled_from(["a", "sms", "é", ""]), max_size=3)),
})
ROWS = st.lists(ROW, min_size=2, max_size=6)

# ---- expressions -------------------------------------------------------------------------------

FIELD_LEAVES: dict[str, list[str]] = {
    "int": ["i1"], "float": ["f1", "f2"], "str": ["s1", "s2", "customer.tier"],
    "bool": ["b1", "b2"], "datetime": ["t1", "t2"], "duration": ["d1"], "list[str]": ["l1"],
}
LITERAL_LEAVES: dict[str, list[str]] = {
    "int": ["0", "1", "-2", "7", "9223372036854775807"],
    "float": ["0.5", "1.5", "0.0", "-2.25"],
    "str": ['""', '"a"', "'Refund'", '"x y"', '"é"'],
    "bool": ["true", "false", "null"],
    "datetime": ["t2"],
    "duration": ["0s", "90s", "2m", "1h30m", "3d", "1w", "250ms"],
    "list[str]": ["l1"],
}
SCALARS = ["int", "float", "str", "datetime", "duration"]


def _bin(left: st.SearchStrategy[str], ops: list[str],
         right: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(lambda a, op, b: f"({a} {op} {b})", left, st.sampled_from(ops), right)


def _fn(name: str, arg: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return arg.map(lambda a: f"{name}({a})")


def _literal_list(kind: str) -> st.SearchStrategy[str]:
    items = {"str": st.sampled_from(['"a"', '"Refund"', '"é"', '""', "'sms'"]),
             "num": st.sampled_from(["0", "1", "-2", "1.5", "3.0", "-0.0"]),
             "duration": st.sampled_from(["0s", "90s", "1h30m", "-2m"])}[kind]
    return st.lists(items, max_size=4).map(lambda xs: "[" + ", ".join(xs) + "]")


@cache
def expr(kind: str, depth: int) -> st.SearchStrategy[str]:
    """Source text of a random well-typed expression of type ``kind``."""
    leaf = _weighted((2, st.sampled_from(FIELD_LEAVES[kind])),
                     (1, st.sampled_from(LITERAL_LEAVES[kind])))
    if depth == 0 or kind == "list[str]":
        return leaf
    sub = lambda k: expr(k, depth - 1)  # noqa: E731
    num = _weighted((1, sub("int")), (1, sub("float")))
    small = st.sampled_from(["-3", "-1", "0", "2", "3"])
    options: dict[str, list[st.SearchStrategy[str]]] = {
        "int": [_bin(sub("int"), ["+", "-", "*"], sub("int")),
                st.one_of(sub("int").map(lambda a: f"-{a}"), _fn("abs", sub("int"))),
                st.one_of(_fn("len", sub("str")), _fn("len", sub("list[str]")),
                          _fn("hour", sub("datetime")), _fn("weekday", sub("datetime")))],
        "float": [_bin(num, ["/"], num), _bin(sub("float"), ["+", "-", "*", "/"], num),
                  _bin(num, ["+", "-", "*"], sub("float")),
                  st.one_of(sub("float").map(lambda a: f"-{a}"), _fn("abs", sub("float")))],
        "str": [_fn("lower", sub("str")), _fn("upper", sub("str"))],
        "datetime": [_bin(sub("datetime"), ["+", "-"], sub("duration")),
                     _bin(sub("duration"), ["+"], sub("datetime"))],
        "duration": [_bin(sub("datetime"), ["-"], sub("datetime")),
                     _bin(sub("duration"), ["+", "-"], sub("duration")),
                     _bin(sub("duration"), ["*"], small), _bin(small, ["*"], sub("duration")),
                     sub("duration").map(lambda a: f"-{a}"), _fn("abs", sub("duration"))],
        "bool": _predicates(depth),
    }
    return _weighted((1, leaf), (2, st.one_of(*options[kind])))


def _predicates(depth: int) -> list[st.SearchStrategy[str]]:
    sub = lambda k: expr(k, depth - 1)  # noqa: E731
    num = _weighted((1, sub("int")), (1, sub("float")))
    order = ["==", "!=", "<", "<=", ">", ">="]
    known_bool = sub("bool").filter(lambda s: s != "null")
    anything = st.sampled_from([*SCALARS, "bool", "list[str]"]).flatmap(sub)
    return [
        _bin(num, order, num),
        *(_bin(sub(k), order, sub(k)) for k in ("str", "datetime", "duration")),
        _bin(known_bool, ["==", "!="], known_bool),  # comparing with null is an error
        _bin(sub("str"), ["in", "not in"], _literal_list("str")),
        _bin(num, ["in", "not in"], _literal_list("num")),
        _bin(sub("duration"), ["in", "not in"], _literal_list("duration")),
        _bin(sub("str"), ["in", "not in"], sub("list[str]")),
        st.builds(lambda a, p: f'({a} matches "{p}")', sub("str"), PATTERNS_ST),
        st.builds(lambda a, p: f'({a} contains "{p}")', sub("str"),
                  st.sampled_from(["", "a", "R", "und", "é", " ", "."])),
        st.builds(lambda a, n: f"({a} {n})", anything, st.sampled_from(["is null",
                                                                        "is not null"])),
        _bin(sub("bool"), ["and", "or"], sub("bool")),
        st.lists(sub("bool"), min_size=3, max_size=5).map(lambda xs: "(" + " and ".join(xs)
                                                          + ")"),
        st.lists(sub("bool"), min_size=3, max_size=5).map(lambda xs: "(" + " or ".join(xs)
                                                          + ")"),
        sub("bool").map(lambda a: f"(not {a})"),
    ]


_ATOMS = st.sampled_from(["a", "b", "A", ".", "[ab]", r"\d", "é", " ", "[^b]", r"\w"])
_PIECES = st.tuples(_ATOMS, st.sampled_from(["", "*", "+", "?", "{1,2}"])).map("".join)
_GENERATED = st.builds(
    lambda flag, anchor, parts, alt: flag + anchor + "".join(parts) + ("|" + alt if alt else ""),
    st.sampled_from(["", "(?i)"]), st.sampled_from(["", "^"]),
    st.lists(_PIECES, min_size=1, max_size=4), st.sampled_from(["", "x", "é$"]))
PATTERNS_ST = st.one_of(st.sampled_from(PATTERNS), _GENERATED)

# ---- comparison helpers ------------------------------------------------------------------------


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return type(a) is type(b) and a == b if a is not None and b is not None else a is b


def _same_value(a: Any, b: Any) -> bool:
    """Like :func:`_same`, but floats may differ in the last place: polars folds a constant
    divisor into a multiplication by its reciprocal (``5 / -7`` comes out one ulp away)."""
    if _same(a, b):
        return True
    return (isinstance(a, float) and isinstance(b, float) and math.isfinite(a)
            and math.isfinite(b) and math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0))


def _both(source: str, rows: list[dict[str, Any]], predicate: bool) -> tuple[list[Any],
                                                                               list[Any]]:
    tree = parse(source, FIELDS, predicate=predicate)
    frame = pl.DataFrame(rows, schema=SCHEMA)
    fast = frame.with_columns(to_polars(tree).alias("_v"))["_v"].to_list()
    lazy = frame.lazy().with_columns(to_polars(tree).alias("_v")).collect()["_v"].to_list()
    assert all(_same_value(a, b) for a, b in zip(fast, lazy, strict=True)), (source, fast, lazy)
    return fast, [evaluate_row(tree, row) for row in frame.to_dicts()]


_ZERO_ROW = {**dict.fromkeys(SCHEMA), "f1": 0.0}


@SETTINGS
@given(source=expr("bool", 3), rows=ROWS)
@example(source="0 == (0.5 / f1)", rows=[_ZERO_ROW, _ZERO_ROW])  # every row divides by zero
@example(source="0 == (0.5 / f1)", rows=[{**_ZERO_ROW, "f1": -0.0}, _ZERO_ROW])
def test_predicates_agree_with_the_reference(source: str, rows: list[dict[str, Any]]) -> None:
    fast, slow = _both(source, rows, predicate=True)
    assert all(_same(a, b) for a, b in zip(fast, slow, strict=True)), (source, fast, slow)
    frame = pl.DataFrame(rows, schema=SCHEMA).with_row_index("_i")
    kept = frame.filter(to_polars(parse(source, FIELDS)))["_i"].to_list()
    assert kept == [i for i, v in enumerate(slow) if v is True]


@VALUE_SETTINGS
@given(source=st.sampled_from(SCALARS).flatmap(lambda k: expr(k, 3)), rows=ROWS)
def test_values_agree_with_the_reference(source: str, rows: list[dict[str, Any]]) -> None:
    fast, slow = _both(source, rows, predicate=False)
    assert all(_same_value(a, b) for a, b in zip(fast, slow, strict=True)), (source, fast, slow)


NUMBERS = _weighted((1, expr("int", 3)), (1, expr("float", 3)))
NUMERIC_PREDICATES = st.one_of(
    st.builds(lambda a, op, b: f"{a} {op} {b}", NUMBERS,
              st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), NUMBERS),
    st.builds(lambda a, xs: f"{a} in {xs}", NUMBERS, _literal_list("num")))


@SETTINGS
@given(source=NUMERIC_PREDICATES, rows=ROWS)
def test_number_edge_cases_agree(source: str, rows: list[dict[str, Any]]) -> None:
    """NaN ordering, -0.0, int64 wrap-around, division by zero, int/float mixing."""
    fast, slow = _both(source, rows, predicate=True)
    assert all(_same(a, b) for a, b in zip(fast, slow, strict=True)), (source, fast, slow)


TEXTS = expr("str", 2)
TEXT_PREDICATES = st.one_of(
    st.builds(lambda a, p: f'{a} matches "{p}"', TEXTS, PATTERNS_ST),
    st.builds(lambda a, p: f'{a} contains "{p}"', TEXTS,
              st.sampled_from(["", "a", "b", "R", "und", "é", " ", ".", "SS"])),
    st.builds(lambda a, op, b: f"{a} {op} {b}", TEXTS,
              st.sampled_from(["==", "!=", "<", "<=", ">", ">="]), TEXTS),
    st.builds(lambda a, op: f"{a} {op} l1", TEXTS, st.sampled_from(["in", "not in"])),
    st.builds(lambda a, xs: f"{a} in {xs}", TEXTS, _literal_list("str")))


@SETTINGS
@given(source=TEXT_PREDICATES, rows=ROWS)
def test_text_operators_agree(source: str, rows: list[dict[str, Any]]) -> None:
    """Regex search (not match), literal substrings, code-point order, unicode case mapping."""
    fast, slow = _both(source, rows, predicate=True)
    assert all(_same(a, b) for a, b in zip(fast, slow, strict=True)), (source, fast, slow)


# ---- parse never raises anything but ExprError ------------------------------------------------

TOKENS = st.sampled_from([
    "s1", "f1", "i1", "b1", "t1", "d1", "l1", "customer.tier", "customer.", ".", "and", "or",
    "not", "in", "is", "null", "matches", "contains", "true", "false", "==", "!=", "<", ">=",
    "=", "+", "-", "*", "/", "(", ")", "[", "]", ",", '"x"', "'", '"', '"(?i', '"\\', "1",
    "2.5", "1m", "1h30m", "30min", "1.5h", "99999999999999999999999", "lower(", "len(",
    "hour(", "abs(", "frob(", "\\", " ", "\n", "é", "&&", "|",
])


def _check_parse(source: str) -> None:
    try:
        parse(source, FIELDS)
    except ExprError as exc:
        assert exc.position is None or 1 <= exc.position <= len(source) + 1
        assert str(exc) and exc.caret()


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=80), st.lists(TOKENS, max_size=30).map(" ".join),
                 st.lists(TOKENS, max_size=30).map("".join)))
def test_parse_raises_only_expr_errors(source: str) -> None:
    _check_parse(source)


@settings(max_examples=100, deadline=None)
@given(source=expr("bool", 2), cut=st.integers(0, 200), junk=TOKENS)
def test_damaged_valid_expressions_raise_only_expr_errors(source: str, cut: int,
                                                          junk: str) -> None:
    position = cut % (len(source) + 1)
    _check_parse(source[:position] + junk + source[position:])
    _check_parse(source[:position])
