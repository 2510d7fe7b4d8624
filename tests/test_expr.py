"""The condition expression language: parsing, typing, null logic, polars == reference."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cx_rules.expr import ExprError, evaluate_row, parse, referenced_fields, to_polars

FIELDS = {"text": "str", "channel": "str", "csat": "float", "ok": "bool", "ts": "datetime",
          "wait": "duration", "customer.tier": "str", "customer.opt_out": "list[str]"}
SCHEMA = {"text": pl.String, "channel": pl.String, "csat": pl.Float64, "ok": pl.Boolean,
          "ts": pl.Datetime("us", "UTC"), "wait": pl.Duration("us"),
          "customer_tier": pl.String, "customer_opt_out": pl.List(pl.String)}
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def both(source: str, rows: list[dict[str, Any]]) -> tuple[list[Any], list[Any]]:
    expr = parse(source, FIELDS)
    frame = pl.DataFrame(rows, schema=SCHEMA)
    fast = frame.with_columns(to_polars(expr).alias("v"))["v"].to_list()
    return fast, [evaluate_row(expr, r) for r in frame.to_dicts()]


ROW = {"text": "Your REFUND", "channel": "chat", "csat": 2.0, "ok": False, "ts": T0,
       "wait": timedelta(minutes=5), "customer_tier": "vip", "customer_opt_out": ["sms"]}
NULLS = dict.fromkeys(ROW)


@pytest.mark.parametrize(("source", "expected"), [
    ('text matches "(?i)refund" and not ok', [True, None]),
    ('text contains "REFUND"', [True, None]),
    ("csat <= 2 or ok", [True, None]),
    ("ok or csat > 1", [True, None]),
    ("not ok and csat > 10", [False, None]),
    ("csat is null", [False, True]),
    ('channel in ["chat", "email"]', [True, None]),
    ('channel not in ["sms"]', [True, None]),
    ('"sms" in customer.opt_out', [True, None]),
    ("wait > 2m and wait < 1h30m", [True, None]),
    ("ts + 10m > ts and ts - ts == 0s", [True, None]),
    ("hour(ts) == 9 and weekday(ts) == 1", [True, None]),
    ('len(lower(text)) == 11 and upper(channel) == "CHAT"', [True, None]),
    ("abs(-csat) * 2 / 4 == 1", [True, None]),
    ('customer.tier == "vip" and (csat + 1 > 2 or false)', [True, None]),
])
def test_operators_and_null_logic(source: str, expected: list[Any]) -> None:
    fast, slow = both(source, [ROW, NULLS])
    assert fast == slow == expected


@pytest.mark.parametrize(("source", "message"), [
    ('txet == "a"', "col 1: unknown field 'txet' (did you mean 'text'?)"),
    ('csat > "a"', "cannot compare num with str"),
    ("csat and ok", "'and' needs true/false"),
    ('text matches "("', "bad regular expression"),
    ("csat == null", "is null"),
    ("text", "must be true/false"),
    ("ok ==", "syntax error"),
    ("frobnicate(text)", "unknown function 'frobnicate'"),
    ("(" * 100 + "ok" + ")" * 100, "nested deeper than 64"),
    ("ok or " * 3000 + "ok", "longer than 10000"),
    ("", "empty expression"),
])
def test_errors(source: str, message: str) -> None:
    with pytest.raises(ExprError, match=message.replace("(", r"\(").replace(")", r"\)")
                       .replace("?", r"\?")):
        parse(source, FIELDS)


def test_referenced_fields() -> None:
    expr = parse('customer.tier == "vip" and wait > 1m', FIELDS)
    assert referenced_fields(expr) == {"customer_tier", "wait"}


# ---- property: random well-typed expressions agree on random rows with nulls -----------

def _bool_expr(depth: int) -> st.SearchStrategy[str]:
    leaves = st.one_of(
        st.sampled_from(["ok", "not ok", "true", "false", "csat is null", "text is not null"]),
        st.builds(lambda op, v: f"csat {op} {v}", st.sampled_from(["<", "<=", "==", "!=", ">"]),
                  st.sampled_from(["0", "2", "2.5", "-1"])),
        st.builds(lambda v: f'channel in ["{v}", "email"]', st.sampled_from(["chat", "sms"])),
        st.builds(lambda p: f'text matches "{p}"', st.sampled_from(["(?i)refund", "^Y", "x|R"])),
        st.builds(lambda d: f"wait > {d}", st.sampled_from(["1m", "5m", "1h"])),
        st.just('"sms" in customer.opt_out'),
        st.just("csat * 2 - 1 >= abs(csat)"),
    )
    if depth == 0:
        return leaves
    sub = _bool_expr(depth - 1)
    return st.one_of(
        leaves,
        st.builds(lambda a, b: f"({a}) and ({b})", sub, sub),
        st.builds(lambda a, b: f"({a}) or ({b})", sub, sub),
        st.builds(lambda a: f"not ({a})", sub),
    )


ROWS = st.lists(st.fixed_dictionaries({
    "text": st.sampled_from([None, "Your REFUND", "xyz", ""]),
    "channel": st.sampled_from([None, "chat", "sms", "email"]),
    "csat": st.sampled_from([None, 0.0, 1.0, 2.0, 5.0, -1.0]),
    "ok": st.sampled_from([None, True, False]),
    "ts": st.just(T0),
    "wait": st.sampled_from([None, timedelta(seconds=30), timedelta(minutes=5),
                             timedelta(hours=2)]),
    "customer_tier": st.sampled_from([None, "vip"]),
    "customer_opt_out": st.sampled_from([None, [], ["sms"], ["email", "sms"]]),
}), min_size=1, max_size=8)


@given(source=_bool_expr(3), rows=ROWS)
def test_polars_equals_reference(source: str, rows: list[dict[str, Any]]) -> None:
    fast, slow = both(source, rows)
    assert fast == slow


@given(st.text(max_size=60))
def test_any_text_parses_or_raises_expr_error(source: str) -> None:
    try:
        parse(source, FIELDS)
    except ExprError:
        pass
