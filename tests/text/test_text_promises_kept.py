
"""promise_kept with from_text: each kind kept only by its own outcome; plan == reference."""

from __future__ import annotations

from typing import Any

import pytest

from cx_rules.kinds.promise_kept.params import Params
from cx_rules.kinds.promise_kept.reference import check
from tests.kinds._rows import event, run
from tests.strategies import BASE

DAY = 24 * 60
PARAMS = {"from_text": True}


def both(rows: list[dict[str, Any]]) -> list[tuple[str, ...]]:
    plan = sorted(tuple(v["interaction_ids"]) for v in
                  run("promise_kept", PARAMS, rows, category="honesty"))
    as_of = max(r["timestamp"] for r in rows)
    ref = sorted(tuple(v["interaction_ids"]) for v in
                 check(Params(**PARAMS), rows, {}, None, as_of))
    assert plan == ref
    return plan


def promise(text: str) -> dict[str, Any]:
    return event("p", 0, "outbound", "agent", text=text)


def later(i: str, days: float, **extra: Any) -> dict[str, Any]:
    fields = {"direction": "outbound", "actor": "agent", **extra}
    return event(i, days * DAY, fields.pop("direction"), fields.pop("actor"), **fields)


@pytest.mark.parametrize(("rows", "broken"), [
    # a callback: a chat message does not keep it, a call does
    ([promise("Мы перезвоним вам завтра."), later("x", 0.5, text="Извините, всё ещё задерживается."),
      later("end", 3, direction="inbound", actor="customer", text="?")], True),
    ([promise("Мы перезвоним вам завтра."), later("x", 0.5, channel="phone"),
      later("end", 3, direction="inbound", actor="customer", text="?")], False),
    ([promise("We will call you tomorrow."), later("x", 1, channel="web", event="callback_made",
                                                   actor="system"),
      later("end", 3, direction="inbound", actor="customer", text="?")], False),
    # a reply: a delay notice does not keep it, an answer does
    ([promise("We will get back to you tomorrow."), later("x", 0.5, text="Sorry, still delayed."),
      later("end", 3, direction="inbound", actor="customer", text="?")], True),
    ([promise("We will get back to you tomorrow."), later("x", 0.5, text="Here is the answer."),
      later("end", 3, direction="inbound", actor="customer", text="?")], False),
    # a shipment and a refund: only their events, in a case the order feed reports on
    ([promise("Your order ships today."), later("o", 0.1, actor="system", event="packed"),
      later("x", 0.2, text="Here is the answer."),
      later("end", 3, direction="inbound", actor="customer", text="?")], True),
    # no event row at all in the case: the feed says nothing, so it is unknown, not broken
    ([promise("Your order ships today."), later("x", 0.2, text="Here is the answer."),
      later("end", 3, direction="inbound", actor="customer", text="?")], False),
    ([promise("Your order ships today."), later("x", 0.2, actor="system", event="shipped"),
      later("end", 3, direction="inbound", actor="customer", text="?")], False),
    ([promise("The refund arrives within 2 days."), later("x", 1, actor="system",
                                                          event="refunded"),
      later("end", 3, direction="inbound", actor="customer", text="?")], False),
])
def test_kept_only_by_its_outcome(rows: list[dict[str, Any]], broken: bool) -> None:
    assert both(rows) == ([("p",)] if broken else [])


def test_structured_promise_keeps_todays_semantics() -> None:
    rows = [event("p", 0, "outbound", "agent", text="Мы перезвоним вам завтра.",
                  promise_due=BASE.replace(hour=9)),
            later("x", 0.01, text="Here is the answer.")]
    assert both(rows) == []


def test_needs_text() -> None:
    from cx_rules.kinds.promise_kept.params import needs

    # shipments and refunds are kept only by events: without any, not applicable
    assert needs(Params(from_text=True)) == frozenset({"promise_due|text", "event"})
    assert needs(Params(from_text=True, text_kinds=["reply", "callback"])) == frozenset(
        {"promise_due|text"})
    assert needs(Params()) == frozenset({"promise_due"})
