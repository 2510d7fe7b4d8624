"""What rules with ``from_text: true`` read from message text, one definition for the batch
plan and the row-wise reference (both call these on the same values, so they agree).

The time zone a text is read in: the customer profile's ``timezone``, else the ruleset
calendar's, else UTC.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import polars as pl

from cx_rules.calendar import DAYS, Calendar
from cx_rules.text import MONDAY_TO_FRIDAY, extract_facts, extract_promises

FACT_DTYPE = pl.List(pl.Struct({"key": pl.String, "value": pl.String, "quote": pl.String}))
PROMISE_DTYPE = pl.List(pl.Struct({"kind": pl.String, "due": pl.Datetime("us", "UTC"),
                                   "quote": pl.String}))


def zone_for(customer_zone: str | None, calendar: Calendar | None) -> str:
    """The zone a customer's messages are read in."""
    if customer_zone:
        return customer_zone
    return calendar.timezone if calendar is not None else "UTC"


def business_days(calendar: Calendar | None) -> tuple[tuple[int, ...], tuple[Any, ...]]:
    """(open weekdays, holidays) that "working days" count: the calendar's, else Mon-Fri."""
    if calendar is None:
        return MONDAY_TO_FRIDAY, ()
    open_days = tuple(i for i in range(len(DAYS)) if calendar.schedule[i])
    return open_days or MONDAY_TO_FRIDAY, tuple(sorted(calendar.holidays))


def aware(ts: datetime) -> datetime:
    return ts if ts.tzinfo is not None else ts.replace(tzinfo=UTC)


def short_quote(quote: str) -> str:
    """The sentence a fact or promise came from, as quoted in a message."""
    return quote.strip().rstrip(".!?؟").strip()


def text_facts(text: str | None, ts: datetime, zone: str) -> list[dict[str, str]]:
    """key, value, quote of each fact in ``text`` (empty for no text or bad input)."""
    if not text:
        return []
    return [{"key": f.key, "value": f.value, "quote": short_quote(f.quote)}
            for f in extract_facts(text, aware(ts), zone)]


def text_promises(text: str | None, ts: datetime, zone: str, calendar: Calendar | None
                  ) -> list[dict[str, Any]]:
    """kind, due (UTC), quote of each promise in ``text``."""
    if not text:
        return []
    open_days, holidays = business_days(calendar)
    return [{"kind": p.kind, "due": p.due, "quote": short_quote(p.quote)}
            for p in extract_promises(text, aware(ts), zone, open_days, holidays)]


def zone_expr(calendar: Calendar | None) -> pl.Expr:
    """The zone column of :func:`zone_for` over ``customer_timezone``."""
    return pl.col("customer_timezone").fill_null(
        calendar.timezone if calendar is not None else "UTC")
