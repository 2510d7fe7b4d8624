"""The condition expression language: operators, precedence, null logic, errors and limits.

Every evaluation goes through both compilers (polars and the pure-Python reference) and
checks that they agree before checking the expected values.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest

from cx_rules.errors import CxError
from cx_rules.expr import (
    MAX_DEPTH,
    MAX_LENGTH,
    ExprError,
    evaluate_row,
    parse,
    referenced_fields,
    to_polars,
)
from cx_rules.expr.ast import BinOp, BoolOp, Compare, FieldRef, Lit, Neg, Not

FIELDS = {
    "interaction_id": "str", "case_id": "str", "text": "str", "channel": "str",
    "direction": "str", "topic": "str", "timestamp": "datetime", "promise_due": "datetime",
    "csat": "float", "sentiment": "float", "count": "int", "identity_verified": "bool",
    "since_prev": "duration", "since_case_start": "duration",
    "customer.tier": "str", "customer.lifetime_value": "float",
    "customer.marketing_consent": "bool", "customer.opted_out_channels": "list[str]",
}
SCHEMA: dict[str, Any] = {
    "interaction_id": pl.String, "case_id": pl.String, "text": pl.String,
    "channel": pl.String, "direction": pl.String, "topic": pl.String,
    "timestamp": pl.Datetime("us", "UTC"), "promise_due": pl.Datetime("us", "UTC"),
    "csat": pl.Float64, "sentiment": pl.Float64, "count": pl.Int64,
    "identity_verified": pl.Boolean, "since_prev": pl.Duration("us"),
    "since_case_start": pl.Duration("us"), "customer_tier": pl.String,
    "customer_lifetime_value": pl.Float64, "customer_marketing_consent": pl.Boolean,
    "customer_opted_out_channels": pl.List(pl.String),
}
T0 = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)  # a Monday
ROW: dict[str, Any] = {
    "interaction_id": "i1", "case_id": "c1", "text": "Your REFUND is on its way",
    "channel": "chat", "direction": "outbound", "topic": "billing", "timestamp": T0,
    "promise_due": T0 + timedelta(days=2), "csat": 2.0, "sentiment": -0.5, "count": 3,
    "identity_verified": False, "since_prev": timedelta(minutes=5),
    "since_case_start": timedelta(hours=3), "customer_tier": "vip",
    "customer_lifetime_value": 1200.0, "customer_marketing_consent": True,
    "customer_opted_out_channels": ["sms"],
}
NULLS: dict[str, Any] = dict.fromkeys(ROW)


def run(source: str, rows: list[dict[str, Any]], *, predicate: bool = True) -> list[Any]:
    """Values of ``source`` for ``rows``, after checking that polars and the reference agree."""
    expr = parse(source, FIELDS, predicate=predicate)
    frame = pl.DataFrame(rows, schema=SCHEMA)
    fast = frame.with_columns(to_polars(expr).alias("v"))["v"].to_list()
    slow = [evaluate_row(expr, row) for row in frame.to_dicts()]
    assert _same(fast, slow), (source, fast, slow)
    return fast


def _same(a: list[Any], b: list[Any]) -> bool:
    return len(a) == len(b) and all(
        (isinstance(x, float) and isinstance(y, float) and math.isnan(x) and math.isnan(y))
        or x == y for x, y in zip(a, b, strict=True))


def one(source: str, **changes: Any) -> Any:
    """Value of ``source`` on ROW with ``changes`` applied."""
    return run(source, [{**ROW, **changes}], predicate=False)[0]


def error(source: str, fields: dict[str, str] | None = None) -> ExprError:
    with pytest.raises(ExprError) as info:
        parse(source, FIELDS if fields is None else fields)
    return info.value


# ---- operators -------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "expected"), [
    ('channel == "chat"', True), ('channel != "chat"', False), ("csat < 2", False),
    ("csat <= 2", True), ("csat > 1.5", True), ("csat >= 2.5", False),
    ('channel < "email"', True), ("count == 3.0", True), ("count > 2.5", True),
    ("timestamp < promise_due", True), ("since_prev > 2m", True), ("since_prev <= 90s", False),
    ("identity_verified == false", True), ("identity_verified != customer.marketing_consent",
                                           True),
    ("customer.lifetime_value >= 1000", True), ('customer.tier == "vip"', True),
])
def test_comparisons(source: str, expected: bool) -> None:
    assert run(source, [ROW, NULLS]) == [expected, None]


@pytest.mark.parametrize(("source", "expected"), [
    ('channel in ["chat", "email"]', True), ('channel in ["sms"]', False),
    ('channel not in ["sms"]', True), ('channel not in ["chat"]', False),
    ("channel in []", False), ("channel not in []", True),
    ("count in [1, 2, 3]", True), ("count in [2.5, 3.0]", True), ("csat in [2]", True),
    ("csat in [-2, 5]", False), ("since_prev in [5m, 1h]", True),
    ("identity_verified in [false]", True),
    ('channel in customer.opted_out_channels', False),
    ('"sms" in customer.opted_out_channels', True),
    ('"sms" not in customer.opted_out_channels', False),
])
def test_membership(source: str, expected: bool) -> None:
    assert run(source, [ROW, NULLS]) == [expected, None]


def test_membership_in_an_empty_list_field_is_false_not_null() -> None:
    assert run('channel in customer.opted_out_channels',
               [{**ROW, "customer_opted_out_channels": []}]) == [False]


@pytest.mark.parametrize(("source", "expected"), [
    ('text matches "REFUND"', True), ('text matches "refund"', False),
    ('text matches "(?i)refund"', True), ('text matches "^Your"', True),
    ('text matches "^REFUND"', False), (r'text matches "\bis\b"', True),
    (r'text matches "\d"', False), ('text matches "way$"', True),
    ('text matches "x|R"', True), ('text matches ""', True),
    ('text contains "REFUND"', True), ('text contains "refund"', False),
    ('text contains "(?i)"', False), ('text contains ""', True),
    ("text contains 'on its'", True),
])
def test_text_tests(source: str, expected: bool) -> None:
    assert run(source, [ROW, NULLS]) == [expected, None]


def test_contains_is_literal_and_matches_is_a_regex() -> None:
    assert run('text contains "a.b"', [{**ROW, "text": "axb"}, {**ROW, "text": "a.b"}]) == [
        False, True]
    assert run('text matches "a.b"', [{**ROW, "text": "axb"}, {**ROW, "text": "a-c"}]) == [
        True, False]


@pytest.mark.parametrize(("source", "on_row", "on_nulls"), [
    ("text is null", False, True), ("text is not null", True, False),
    ("csat is null", False, True), ("customer.opted_out_channels is null", False, True),
    ("since_prev is not null", True, False), ("lower(text) is null", False, True),
    ("csat + 1 is null", False, True), ("null is null", True, True),
])
def test_is_null_is_never_null(source: str, on_row: bool, on_nulls: bool) -> None:
    assert run(source, [ROW, NULLS]) == [on_row, on_nulls]


@pytest.mark.parametrize(("source", "expected"), [
    ("count + 2", 5), ("count - 5", -2), ("count * 4", 12), ("count / 2", 1.5),
    ("csat + count", 5.0), ("csat * -1.5", -3.0), ("-count", -3), ("- -csat", 2.0),
    ("abs(sentiment)", 0.5), ("abs(-count)", 3), ("count / 0", math.inf),
    ("-count / 0", -math.inf), ("0 / 0", math.nan), ("csat - csat / 0", -math.inf),
])
def test_arithmetic(source: str, expected: Any) -> None:
    value = one(source)
    assert value == expected or (math.isnan(expected) and math.isnan(value))
    assert type(value) is type(expected)


def test_integer_arithmetic_wraps_like_int64() -> None:
    big = 2**62
    assert one("count * 4", count=big) == 0
    assert one("count + count", count=big) == -(2**63)
    assert one("abs(count)", count=-(2**63)) == -(2**63)


def test_nan_sorts_above_numbers_and_equals_itself() -> None:
    nan = math.nan
    assert run("csat / 0 == csat / 0", [{**ROW, "csat": 0.0}]) == [True]
    assert run("csat > 1000000", [{**ROW, "csat": nan}, ROW]) == [True, False]
    assert run("csat == csat", [{**ROW, "csat": nan}]) == [True]
    assert run("csat != 0 and csat is not null", [{**ROW, "csat": nan}]) == [True]


@pytest.mark.parametrize(("source", "expected"), [
    ("promise_due - timestamp", timedelta(days=2)),
    ("timestamp - promise_due", -timedelta(days=2)),
    ("timestamp + 1h30m", T0 + timedelta(hours=1, minutes=30)),
    ("timestamp - 1w", T0 - timedelta(weeks=1)),
    ("2d + timestamp", T0 + timedelta(days=2)),
    ("since_prev + since_case_start", timedelta(hours=3, minutes=5)),
    ("since_case_start - since_prev", timedelta(hours=2, minutes=55)),
    ("since_prev * 3", timedelta(minutes=15)), ("2 * since_prev", timedelta(minutes=10)),
    ("-since_prev", -timedelta(minutes=5)), ("abs(timestamp - promise_due)", timedelta(days=2)),
    ("250ms + 90s", timedelta(seconds=90, milliseconds=250)),
])
def test_time_arithmetic(source: str, expected: Any) -> None:
    assert one(source) == expected


@pytest.mark.parametrize(("source", "expected"), [
    ("promise_due - timestamp > 1d", True), ("promise_due - timestamp == 2d", True),
    ("timestamp + since_prev > timestamp", True), ("since_case_start >= 1h30m + 90m", True),
    ("since_prev < 1h30m", True), ("timestamp - timestamp == 0s", True),
])
def test_time_comparisons(source: str, expected: bool) -> None:
    assert run(source, [ROW, NULLS]) == [expected, None]


@pytest.mark.parametrize(("source", "expected"), [
    ("lower(text)", "your refund is on its way"), ("upper(channel)", "CHAT"),
    ("len(text)", 25), ("len(customer.opted_out_channels)", 1), ("hour(timestamp)", 9),
    ("weekday(timestamp)", 1), ("weekday(timestamp + 6d)", 7), ("abs(csat - 5)", 3.0),
])
def test_functions(source: str, expected: Any) -> None:
    assert one(source) == expected
    assert run(source, [NULLS], predicate=False) == [None]


def test_len_counts_characters_and_case_functions_handle_unicode() -> None:
    assert one("len(text)", text="Crème brûlée") == 12
    assert one("upper(text)", text="straße") == "STRASSE"
    assert one("lower(text)", text="ÉCOLE") == "école"


def test_hour_and_weekday_are_utc() -> None:
    late = datetime(2026, 3, 8, 23, 59, tzinfo=UTC)  # a Sunday
    assert one("hour(timestamp)", timestamp=late) == 23
    assert one("weekday(timestamp)", timestamp=late) == 7


def test_string_escapes() -> None:
    assert one(r'text matches "\d{4}"', text="card 1234") is True
    assert one(r"text == 'it\'s'", text="it's") is True
    assert one(r'text == "say \"hi\""', text='say "hi"') is True
    assert one(r'text == "a\\b"', text="a\\b") is True
    assert one(r'text contains "\n"', text="two\nlines") is True
    assert one(r'text matches "a\.b"', text="axb") is False


# ---- precedence ------------------------------------------------------------------------------

def test_precedence_shapes() -> None:
    fields = {"a": "bool", "b": "bool", "c": "bool", "x": "int", "y": "int"}
    tree = parse("a or b and c", fields)
    assert isinstance(tree, BoolOp) and tree.op == "or"
    assert isinstance(tree.operands[1], BoolOp) and tree.operands[1].op == "and"
    tree = parse("not a and b", fields)
    assert isinstance(tree, BoolOp) and isinstance(tree.operands[0], Not)
    tree = parse("not x == y", fields)
    assert isinstance(tree, Not) and isinstance(tree.operand, Compare)
    tree = parse("x + y * 2 > -x", fields)
    assert isinstance(tree, Compare) and isinstance(tree.left, BinOp)
    assert tree.left.op == "+" and isinstance(tree.left.right, BinOp)
    assert isinstance(tree.right, Neg)
    tree = parse("x - y - 1 == 0", fields)
    assert isinstance(tree, Compare) and isinstance(tree.left, BinOp)
    assert isinstance(tree.left.left, BinOp) and tree.left.right == Lit(1, "int")
    tree = parse("a or b or c", fields)
    assert isinstance(tree, BoolOp) and len(tree.operands) == 3


@pytest.mark.parametrize(("source", "expected"), [
    ("1 + 2 * 3 == 7", True), ("(1 + 2) * 3 == 9", True), ("10 - 4 - 3 == 3", True),
    ("8 / 4 / 2 == 1", True), ("-2 * 3 == -6", True), ("2 - -3 == 5", True),
    ("true or true and false", True), ("(true or true) and false", False),
    ("not false and false", False), ("not (false and false)", True),
    ("not 1 == 2", True), ("not true or true", True),
])
def test_precedence_values(source: str, expected: bool) -> None:
    assert run(source, [ROW]) == [expected]


# ---- three-valued logic ----------------------------------------------------------------------

KLEENE = [("true", True), ("false", False), ("null", None)]


@pytest.mark.parametrize(("a", "va"), KLEENE)
@pytest.mark.parametrize(("b", "vb"), KLEENE)
def test_and_or_truth_tables(a: str, va: bool | None, b: str, vb: bool | None) -> None:
    expected_and = False if False in (va, vb) else None if None in (va, vb) else True
    expected_or = True if True in (va, vb) else None if None in (va, vb) else False
    assert run(f"{a} and {b}", [ROW]) == [expected_and]
    assert run(f"{a} or {b}", [ROW]) == [expected_or]


def test_not_and_null_propagation() -> None:
    assert run("not null", [ROW]) == [None]
    assert run("not identity_verified", [ROW, NULLS]) == [True, None]
    assert run("csat > 1 and identity_verified", [NULLS]) == [None]
    assert run("csat > 1 and false", [NULLS]) == [False]
    assert run("csat > 1 or true", [NULLS]) == [True]
    assert run("not (csat > 1) or csat is null", [NULLS]) == [True]
    assert run('channel not in ["sms"]', [NULLS]) == [None]
    assert run('not (text matches "x")', [NULLS]) == [None]


def test_brief_example() -> None:
    source = 'direction == "outbound" and text matches "(?i)refund" and not identity_verified'
    rows = [ROW, {**ROW, "identity_verified": True}, {**ROW, "identity_verified": None},
            {**ROW, "direction": "inbound", "identity_verified": None}]
    assert run(source, rows) == [True, False, None, False]


# ---- referenced fields -----------------------------------------------------------------------

def test_referenced_fields_are_column_names() -> None:
    expr = parse('customer.tier == "vip" and since_prev > 1m and "x" in '
                 "customer.opted_out_channels or len(lower(text)) > 2", FIELDS)
    assert referenced_fields(expr) == {"customer_tier", "since_prev",
                                       "customer_opted_out_channels", "text"}
    assert referenced_fields(parse("true", FIELDS)) == set()


def test_field_refs_keep_name_and_column() -> None:
    expr = parse('customer.tier == "vip"', FIELDS)
    assert isinstance(expr, Compare)
    assert expr.left == FieldRef("customer.tier", "customer_tier", "str")


# ---- errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("source", "text"), [
    ('txet == "a"', "col 1: unknown field 'txet' (did you mean 'text'?)"),
    ('direction == "x" and chanel == "y"',
     "col 22: unknown field 'chanel' (did you mean 'channel'?)"),
    ('customer_tier == "vip"', "unknown field 'customer_tier' (did you mean 'customer.tier' or"),
    ("zzz", "col 1: unknown field 'zzz'"),
    ("True", "keywords are lowercase: 'true'"),
    ("text > 3", "col 6: cannot compare text with a number"),
    ("csat matches \"1\"", "col 1: 'matches' needs text on the left, not a number"),
    ("count contains \"1\"", "'contains' needs text on the left"),
    ("csat and identity_verified", "col 1: each side of 'and' must be true/false, not a number"),
    ("identity_verified or text", "col 22: each side of 'or' must be true/false, not text"),
    ("not csat", "col 5: the operand of 'not' must be true/false"),
    ('text + 1 == "a"', "col 6: cannot compute text + a number"),
    ("timestamp + timestamp > 1h", "subtract timestamps to get a duration"),
    ("since_prev * 1.5 > 1h", "a duration can only be multiplied by a whole number"),
    ("since_prev / 2 > 1h", "cannot compute a duration / a number"),
    ("identity_verified < true", "col 19: '<' cannot order true/false values"),
    ("csat == null", "col 6: a comparison with null is never true"),
    ("csat + null > 1", "with null has no value"),
    ("lower(null) == 'a'", "lower() needs text, not null"),
    ('channel in ["a", 1]', "col 18: list item is a number but the left side is text"),
    ('channel in ["a", null]', "a list cannot hold null"),
    ("count in [1 + 1]", "col 11: list items must be literal values"),
    ("channel in csat", "'in' needs a [...] list or a list field on the right, not a number"),
    ("csat in customer.opted_out_channels", "only text can be looked up in a list field"),
    ("customer.opted_out_channels in ['a']", "'in [...]' needs text, a number"),
    ("-text == 'a'", "'-' needs a number or a duration, not text"),
    ("lower(csat) == 'a'", "col 7: lower() needs text, not a number"),
    ("hour(text) > 1", "hour() needs a timestamp, not text"),
    ("len(csat) > 1", "len() needs a list or text, not a number"),
    ("lowr(text) == 'a'", "col 1: unknown function 'lowr' (did you mean 'lower'?)"),
    ("frobnicate(text)", "unknown function 'frobnicate' (known: lower, upper, len, hour"),
    ("lower(text, text) == 'a'", "lower() takes exactly one argument (2 given)"),
    ("lower() == 'a'", "lower() takes exactly one argument (0 given)"),
    ("text", "col 1: a condition must be true/false, not text"),
    ("csat + 1", "a condition must be true/false, not a number"),
])
def test_type_and_name_errors(source: str, text: str) -> None:
    assert text in str(error(source))


@pytest.mark.parametrize(("source", "text"), [
    ("identity_verified ==", "col 21: unexpected end of expression; expected a value or field"),
    ("csat > > 1", "col 8: unexpected '>'; expected a value or field"),
    ("(csat > 1", "unexpected end of expression; expected ')'"),
    ("csat > 1)", "col 9: unexpected ')'; expected an operator"),
    ("csat = 1", "col 6: unexpected character '=' (use '==' to compare)"),
    ("csat > 1 && true", "col 10: unexpected character '&' (write 'and')"),
    ("text == \"abc", "col 9: unterminated string"),
    ("csat > 1 2", "col 10: unexpected '2'"),
    ("since_prev > 30min", "col 14: '30min' is neither a number nor a duration"),
    ("since_prev > 1.5h", "'1.5h' is neither a number nor a duration"),
    ("csat > 99999999999999999999", "col 8: number 99999999999999999999 is too large"),
    ("since_prev > 99999999999999w", "is too long"),
    ("csat == 1 == 1", "col 11: unexpected '=='"),
    ("text in ['a' 'b']", "col 14: unexpected"),
    ("", "empty expression"), ("   \n ", "empty expression"),
])
def test_syntax_errors(source: str, text: str) -> None:
    assert text in str(error(source))


@pytest.mark.parametrize(("source", "text"), [
    ('text matches "a(b"', "col 16: invalid regex: unclosed group"),
    ('text matches "(?i)[a-"', "invalid regex"),
    (r'text matches "\q"', "col 15: invalid regex: unrecognized escape sequence"),
    (r'text matches "(a)\1"', "invalid regex: backreferences are not supported"),
    ('text matches "(?>a)"', "invalid regex"),
    ('text matches "a{1000}{1000}"', "invalid regex: pattern is too large once compiled"),
])
def test_bad_regexes_are_compile_errors(source: str, text: str) -> None:
    assert text in str(error(source))


def test_polars_decides_regex_validity() -> None:
    # valid for polars (Rust regex) but not for Python re: accepted, runs vectorized
    expr = parse(r'text matches "\p{Lu}{3}"', FIELDS)
    frame = pl.DataFrame([ROW, {**ROW, "text": "abc"}], schema=SCHEMA)
    assert frame.select(to_polars(expr))["text"].to_list() == [True, False]
    # ... and the pure-Python reference says clearly that it cannot run it
    with pytest.raises(ExprError, match="reference evaluator cannot run regex"):
        evaluate_row(expr, ROW)
    with pytest.raises(ExprError, match="reference evaluator"):
        evaluate_row(parse('text matches "[[:alpha:]]"', FIELDS), ROW)


def test_limits() -> None:
    deep = "(" * (MAX_DEPTH + 1) + "true" + ")" * (MAX_DEPTH + 1)
    assert f"nested deeper than {MAX_DEPTH} levels" in str(error(deep))
    assert run("(" * 40 + "true" + ")" * 40, [ROW]) == [True]
    assert "nested deeper" in str(error("not " * 2000 + "true"))
    assert "nested deeper" in str(error("-" * 5000 + "csat > 1"))
    assert "nested deeper" in str(error("count" + " + 1" * 2000 + " > 1"))
    assert "nested deeper" in str(error("lower(" * 1400 + "text" + ")" * 1400 + " == 'a'"))
    too_long = "true or " * (MAX_LENGTH // 8) + "true"
    assert f"longer than {MAX_LENGTH} characters" in str(error(too_long))
    assert error(too_long).position is None


def test_long_flat_chains_are_fine() -> None:
    many = " and ".join(f"csat != {i}" for i in range(600))
    assert len(many) < MAX_LENGTH
    assert run(many, [ROW, {**ROW, "csat": 599.0}, NULLS]) == [False, False, None]
    big_list = "count in [" + ", ".join(str(i) for i in range(1500)) + "]"
    assert run(big_list, [ROW, {**ROW, "count": -1}]) == [True, False]


def test_error_object() -> None:
    exc = error('direction == "x" and txet == "y"')
    assert isinstance(exc, CxError) and isinstance(exc, ValueError)
    assert (exc.message, exc.position, exc.column, exc.line) == (
        "unknown field 'txet' (did you mean 'text'?)", 22, 22, 1)
    assert exc.caret() == (
        "col 22: unknown field 'txet' (did you mean 'text'?)\n"
        '  direction == "x" and txet == "y"\n'
        "                       ^")
    multi = error('direction == "x"\n  and txet == "y"')
    assert (multi.line, multi.column) == (2, 7)
    assert str(multi).startswith("line 2, col 7: unknown field 'txet'")
    assert multi.caret().endswith('  and txet == "y"\n        ^')
    assert str(ExprError("plain")) == "plain"
    assert str(ExprError("at five", 5)) == "col 5: at five"


def test_unsupported_field_kind_and_non_text_source() -> None:
    assert "unsupported kind 'struct'" in str(error("x is null", {"x": "struct"}))
    with pytest.raises(ExprError, match="must be text"):
        parse(123, FIELDS)  # type: ignore[arg-type]


def test_reference_rejects_values_of_the_wrong_type() -> None:
    with pytest.raises(ExprError, match="column 'csat' holds str"):
        evaluate_row(parse("csat > 1", FIELDS), {"csat": "high"})


def test_reference_reads_missing_columns_as_null_and_ints_as_floats() -> None:
    assert evaluate_row(parse("csat is null", FIELDS), {}) is True
    assert evaluate_row(parse("csat / 2 == 1.5", FIELDS), {"csat": 3}) is True
