"""What the streaming session needs to know about a rule kind beyond its reference check.

The violations themselves always come from the kind's shared reference ``check`` (or, for a
plugin kind without one, from its vectorized plan on the few rows at hand): the session never
re-implements a rule. Per kind it only needs four small facts, declared here for the built-ins
and defaulted conservatively for every other kind:

``scope``
    the smallest set of rows a check must see so that its violations for those rows are the
    batch's: ``event`` (the event alone), ``case`` (the case's rows) or ``customer`` (every
    retained row of the customer; the default).
``next_change(params, rows, calendar, after)``
    the earliest time after ``after`` at which the check's output for these rows can change by
    time alone (a reply limit running out, a promise falling due, a follow-up window closing);
    ``None`` when it cannot. It sets the timers that :meth:`Session.advance` fires. A kind
    without it is re-checked at every ``advance`` while it has open items.
``final(params, violation, rows, now)``
    whether a violation produced identically at "now" and far in the future can still change
    with a *later* event. The generic rule (same key at both times = final) is not enough for
    three built-in cases, found while writing these adapters (the property test fails without
    each guard):

    * ``response_time`` with ``metric: resolution``: the limit comes from the first priority
      set anywhere in the case, so a later event that sets one can change (or remove) a
      violation that was already complete;
    * ``repeat_contact`` with ``same_topic``: a case's topic is its first non-null topic; a
      resolution in a case whose topic is still unknown can later become the better match and
      replace the violation's earlier resolution;
    * ``personalization`` with ``trigger: frequent_contact``: a case opened at the very same
      instant (a later event with an equal timestamp) still counts towards "3 cases in 30d",
      so the count is final only once the stream has moved past that instant.
``unbounded(params)``
    the rule may need a customer's rows forever (``consistency`` by customer without a
    window): the session then never evicts anything.
``channels(params)``
    the channels a case must have a row on for the rule to find anything in it (``None``:
    any). ``response_time`` only measures waits that start on its channels, so a chat rule
    is neither checked nor timed for a case that never touched chat.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

from cx_rules.calendar import add_business_time
from cx_rules.durations import to_us
from cx_rules.models.enums import RESOLVED_STATUSES
from cx_rules.reference import Check, RefViolation, Row, by_case, checker

Scope = Literal["event", "case", "customer"]
NextChange = Callable[[Any, list[Row], Any, datetime], datetime | None]
Final = Callable[[Any, RefViolation, list[Row], datetime], bool]
_US = timedelta(microseconds=1)


def _always(params: Any, violation: RefViolation, rows: list[Row], now: datetime) -> bool:
    return True


def _never_unbounded(params: Any) -> bool:
    return False


def _any_channel(params: Any) -> frozenset[str] | None:
    return None


def _earliest(times: list[datetime], after: datetime) -> datetime | None:
    later = [t for t in times if t > after]
    return min(later) if later else None


@dataclass(frozen=True)
class StreamKind:
    """Streaming facts about one rule kind (see the module documentation)."""

    scope: Callable[[Any], Scope]
    time_dependent: Callable[[Any], bool]
    next_change: NextChange | None = None
    final: Final = _always
    unbounded: Callable[[Any], bool] = _never_unbounded
    channels: Callable[[Any], frozenset[str] | None] = _any_channel


# ---- response_time ----------------------------------------------------------------------------

def _reply_waits(params: Any, rows: list[Row]) -> list[tuple[Row, Row | None, str | None]]:
    """The waits exactly as the reference computes them (its own helper, not a copy)."""
    from cx_rules.reference import response_time

    return response_time._waits(params, rows)


def _response_next(params: Any, rows: list[Row], calendar: Any, after: datetime
                   ) -> datetime | None:
    if not params.unanswered:
        return None
    business = params.hours == "business" and calendar is not None
    channels = {c.value for c in params.channels} if params.channels is not None else None
    times: list[datetime] = []
    for case_rows in by_case(rows).values():
        for start, end, priority in _reply_waits(params, case_rows):
            if end is not None or (channels is not None and start["channel"] not in channels):
                continue
            # the first instant at which the wait is longer than its limit
            limit = params.limit_us_for(priority) + 1
            try:
                times.append(add_business_time(calendar if business else None,
                                               start["timestamp"], limit))
            except ValueError:  # a calendar without business hours for 50 years
                continue
    return _earliest(times, after)


def _response_final(params: Any, violation: RefViolation, rows: list[Row],
                    now: datetime) -> bool:
    if params.metric != "resolution" or not params.by_priority:
        return True
    case = violation["case_id"]
    return any(r["priority"] is not None for r in rows if r["case_id"] == case)


def _wait_channels(params: Any) -> frozenset[str] | None:
    """A wait is on the channel of the message that starts it (see ``_waits``)."""
    return None if params.channels is None else frozenset(c.value for c in params.channels)


RESPONSE_TIME = StreamKind(scope=lambda p: "case", time_dependent=lambda p: bool(p.unanswered),
                           channels=_wait_channels,
                           next_change=_response_next, final=_response_final)


# ---- promise_kept -----------------------------------------------------------------------------

def _promise_next(params: Any, rows: list[Row], calendar: Any, after: datetime
                  ) -> datetime | None:
    fulfil_by = {a.value for a in params.fulfil_by}
    channels = {c.value for c in params.channels} if params.channels is not None else None
    times: list[datetime] = []
    for case_rows in by_case(rows).values():
        for promise in case_rows:
            if promise["direction"] != "outbound" or promise["promise_due"] is None:
                continue
            if channels is not None and promise["channel"] not in channels:
                continue
            kept = any(r["direction"] == "outbound" and r["actor"] in fulfil_by
                       and r["timestamp"] > promise["timestamp"] for r in case_rows)
            if not kept:  # broken once "now" is later than the due time
                times.append(promise["promise_due"] + params.grace + _US)
    return _earliest(times, after)


PROMISE_KEPT = StreamKind(scope=lambda p: "case", time_dependent=lambda p: True,
                          next_change=_promise_next)


# ---- follow_up --------------------------------------------------------------------------------

def _follow_up_next(params: Any, rows: list[Row], calendar: Any, after: datetime
                    ) -> datetime | None:
    if not params.require:
        return None
    actors = {a.value for a in params.actors}
    channels = {c.value for c in params.channels} if params.channels is not None else None
    times: list[datetime] = []
    for case_rows in by_case(rows).values():
        if channels is not None and case_rows[0]["channel"] not in channels:
            continue
        res = next((r for r in case_rows if r["status"] in RESOLVED_STATUSES), None)
        if res is None:
            continue
        end = res["timestamp"] + params.within
        followed = any(r["direction"] == "outbound" and r["actor"] in actors
                       and res["timestamp"] < r["timestamp"] <= end for r in case_rows)
        if not followed:  # missing once "now" reaches the end of the window
            times.append(end)
    return _earliest(times, after)


FOLLOW_UP = StreamKind(scope=lambda p: "case", time_dependent=lambda p: bool(p.require),
                       next_change=_follow_up_next)


# ---- repeat_contact ---------------------------------------------------------------------------

def _repeat_final(params: Any, violation: RefViolation, rows: list[Row],
                  now: datetime) -> bool:
    if params.mode != "after_resolution" or not params.same_topic:
        return True
    best_id, start_id = violation["interaction_ids"]
    by_id = {r["interaction_id"]: r for r in rows}
    best, start = by_id.get(best_id), by_id.get(start_id)
    if best is None or start is None:
        return False
    topic_known = {r["case_id"] for r in rows if r["topic"] is not None}
    for res in rows:
        if res["status"] not in RESOLVED_STATUSES or res["case_id"] in topic_known:
            continue
        if res["customer_id"] != start["customer_id"]:
            continue
        if not res["timestamp"] < start["timestamp"]:
            continue
        if start["timestamp"] - res["timestamp"] > params.window:
            continue
        if (res["timestamp"], res["interaction_id"]) > (best["timestamp"],
                                                        best["interaction_id"]):
            return False  # this resolution wins if its case later gets the same topic
    return True


REPEAT_CONTACT = StreamKind(
    scope=lambda p: "case" if p.mode == "channel_switch" else "customer",
    time_dependent=lambda p: False, final=_repeat_final,
)


# ---- personalization ------------------------------------------------------------------------

def _vip_next(params: Any, rows: list[Row], calendar: Any, after: datetime,
              ) -> datetime | None:
    from cx_rules.reference import personalization

    business = params.hours == "business" and calendar is not None
    reply_by = {a.value for a in params.reply_by}
    times: list[datetime] = []
    for case_rows in by_case(rows).values():
        for start, reply in personalization._waits(case_rows, reply_by):
            if reply is None:  # the tier is checked by the rule itself; an early look is free
                try:
                    times.append(add_business_time(calendar if business else None,
                                                   start["timestamp"], to_us(params.limit) + 1))
                except ValueError:
                    continue
    return _earliest(times, after)


def _personal_scope(params: Any) -> Scope:
    if params.trigger == "negative_feedback":
        return "event"
    return "customer" if params.trigger == "frequent_contact" else "case"


def _personal_final(params: Any, violation: RefViolation, rows: list[Row],
                    now: datetime) -> bool:
    if params.trigger != "frequent_contact":
        return True
    return bool(violation["timestamp"] <= now)


PERSONALIZATION = StreamKind(
    scope=_personal_scope, time_dependent=lambda p: p.trigger == "vip_waiting",
    next_change=lambda p, rows, cal, after: _vip_next(p, rows, cal, after)
    if p.trigger == "vip_waiting" else None,
    final=_personal_final,
)


# ---- the rest ---------------------------------------------------------------------------------

CONSISTENCY = StreamKind(
    scope=lambda p: "case" if p.scope == "case" else "customer",
    time_dependent=lambda p: False,
    unbounded=lambda p: p.scope != "case" and p.window is None,
)
def _condition_scope(params: Any) -> Scope:
    from cx_rules.expr import referenced_fields

    case_fields = {"since_prev", "since_case_start"}
    return "case" if case_fields & referenced_fields(params.expr) else "event"


CONDITION = StreamKind(scope=_condition_scope, time_dependent=lambda p: False)
"""Case scope only when ``since_prev`` or ``since_case_start`` (the case's earlier events) are
read; any other condition is decided by the event (and its customer's profile) alone."""
CONSENT = StreamKind(scope=lambda p: "case", time_dependent=lambda p: False)
"""Case scope: a reply on the channel the customer wrote on is allowed despite an opt-out."""
PII_EXPOSURE = StreamKind(scope=lambda p: "event", time_dependent=lambda p: False)
GENERIC = StreamKind(scope=lambda p: "customer", time_dependent=lambda p: True,
                     unbounded=lambda p: True)
"""Any other kind: re-checked on all of the customer's rows, at every advance while open,
and never evicted (nothing says how far back it may look)."""

BUILTIN: dict[str, StreamKind] = {
    "response_time": RESPONSE_TIME,
    "promise_kept": PROMISE_KEPT,
    "follow_up": FOLLOW_UP,
    "repeat_contact": REPEAT_CONTACT,
    "consistency": CONSISTENCY,
    "condition": CONDITION,
    "consent": CONSENT,
    "pii_exposure": PII_EXPOSURE,
    "personalization": PERSONALIZATION,
}


def stream_kind(kind: str) -> StreamKind:
    """The streaming facts of a kind (conservative defaults for kinds not listed here)."""
    return BUILTIN.get(kind, GENERIC)


def durations_in(value: Any) -> list[timedelta]:
    """Every duration in a parameter model (windows, limits, grace periods), recursively."""
    from pydantic import BaseModel

    if isinstance(value, timedelta):
        return [value]
    if isinstance(value, BaseModel):
        return [d for name in type(value).model_fields
                for d in durations_in(getattr(value, name))]
    if isinstance(value, dict):
        return [d for v in value.values() for d in durations_in(v)]
    if isinstance(value, list | tuple | set | frozenset):
        return [d for v in value for d in durations_in(v)]
    return []


def reference_check(kind: str) -> Check:
    """The kind's reference check, or an adapter running its vectorized plan on the rows."""
    found = checker(kind)
    if found is not None:
        return found
    return _plan_check(kind)


def _plan_check(kind_name: str) -> Check:
    import polars as pl

    from cx_rules.engine.run import prepare
    from cx_rules.rules.base import EvalContext
    from cx_rules.rules.registry import get_kind
    from cx_rules.schema import CUSTOMER_SCHEMA, INTERACTION_SCHEMA

    kind = get_kind(kind_name)
    if kind is None:
        raise ValueError(f"unknown rule kind {kind_name!r}")

    def check(params: Any, rows: list[Row], customers: dict[str, Row], calendar: Any,
              as_of: datetime) -> list[RefViolation]:
        frame = prepare(pl.DataFrame(rows, schema=INTERACTION_SCHEMA))
        profiles = pl.DataFrame(list(customers.values()), schema=CUSTOMER_SCHEMA).lazy() \
            if customers else None
        ctx = EvalContext(interactions=frame.lazy(), customers=profiles, calendar=calendar,
                          as_of=as_of)
        out = kind.evaluate(params, ctx).collect()
        return [{**v, "interaction_ids": tuple(v["interaction_ids"])}
                for v in out.iter_rows(named=True)]

    return check

