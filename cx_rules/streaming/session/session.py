"""The streaming session's public API and event intake (see :mod:`cx_rules.streaming`).

``observe``, ``advance`` and ``close``; the lateness buffer that applies events in
(timestamp, interaction_id) order; routing each event to its case and customer. What becomes
final, deadlines and eviction are the parts :class:`Session` inherits (``verdicts``,
``deadlines``, ``eviction``, on the state in ``base``).
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from cx_rules.errors import InputError
from cx_rules.kinds.base import Row
from cx_rules.models.ruleset import Ruleset
from cx_rules.streaming.events import canonical_event
from cx_rules.streaming.outputs import EvictedCaseError, LateEventError, LimitError, Output
from cx_rules.streaming.session.base import EPOCH, US, case_hash, epoch_us
from cx_rules.streaming.session.deadlines import Deadlines
from cx_rules.streaming.session.eviction import Eviction
from cx_rules.streaming.state import CaseState, CustomerState
from cx_rules.streaming.timers import RETENTION


class Session(Deadlines, Eviction):
    """Evaluate a ruleset on a stream of events, with exactly the batch engine's violations.

    ``observe(event)`` returns the violations that became final with that event (and the
    next-best actions they trigger); ``advance(now)`` fires deadlines and returns
    :class:`DeadlineAlert` for waits and promises past their limit, plus violations that became
    final by time alone; ``close(as_of)`` returns everything still open, as the batch engine
    would report it for a log ending at ``as_of``. Over a whole stream,
    ``observe`` outputs + ``close(end)`` == ``evaluate(log, ruleset, as_of=end)``.

    ``max_lateness``: events may arrive up to this much out of order; they are buffered and
    applied in (timestamp, interaction_id) order, so outputs lag by that much. An event older
    than that (or, with no lateness, older than the last one) raises :class:`LateEventError`
    and is not applied. ``retention``: how long a resolved/closed case stays after its last
    event (default: the longest duration of any rule, at least a day; ``None`` keeps
    everything); an event for an evicted case raises :class:`EvictedCaseError`.
    ``timers``: ``"durable"`` (durable-rules facts, the default) or ``"heap"``.
    ``outcomes``: what customers did with earlier actions (a file, frame or records, as for
    ``evaluate``; its rejects in :attr:`outcome_rejects`); with it, even empty, actions are
    weighed by propensity, and :meth:`record_outcome` adds more as they happen.
    ``show_suppressed``: also return each action the contact policy suppressed, as a
    :class:`SuppressedAction` with its reason (they are counted either way). The ruleset's
    propositions are offered at each ``advance`` and at ``close``.
    ``language``: the language of violation and warning messages (``en``, ``ru``, ``az``,
    ``uz``, ``fa``, ``ar``), or ``customer`` for each customer's profile ``language``
    (English when unknown); each violation keeps its ``message_id`` and ``message_args``.
    """

    # ---- public API ----------------------------------------------------------------------

    def observe(self, event: Any) -> list[Output]:
        """Apply one event (a mapping or :class:`~cx_rules.models.Interaction`).

        Returns the violations that became final with it, and the actions they trigger.
        Raises :class:`~cx_rules.errors.InputError` (naming the field) for an invalid event,
        :class:`LateEventError` for one beyond the lateness bound and
        :class:`EvictedCaseError` for a case already evicted; none of them changes the state.
        """
        self._check_open()
        row = canonical_event(event, limits=self._limits,
                              now=self._clock_fn() if self._clock_fn else None)
        ts, iid, cid = row["timestamp"], row["interaction_id"], row["case_id"]
        if iid in self._ids:
            raise InputError(f"duplicate '{iid}' (already observed in case {self._ids[iid]})",
                             field="interaction_id")
        held = self._cases.get(cid)
        if (held is not None and held.held) or (self._evicted and case_hash(cid) in
                                                self._evicted):
            self.stats["evicted_case_events"] += 1
            raise EvictedCaseError(
                f"'{cid}' was closed and evicted (idle longer than the retention of "
                f"{self.retention}); this event can no longer be evaluated", field="case_id")
        if (self._horizon is not None and ts < self._horizon) or (
                self._last is not None and (ts, iid) < self._last):
            self.stats["late_events"] += 1
            bound = self._horizon or ts
            raise LateEventError(
                f"{ts.isoformat()} is older than the session allows (events before "
                f"{bound.isoformat()} were already applied; max_lateness "
                f"{self.max_lateness})", field="timestamp")
        self._check_limits(row)
        self._ids[iid] = cid
        self.stats["events"] += 1
        heapq.heappush(self._buffer, (ts, iid, next(self._seq), row))
        self._pending_events[cid] += 1
        if cid not in self._cases:
            self._pending_cases.setdefault(row["customer_id"], set()).add(cid)
        if self._max_ts is None or ts > self._max_ts:
            self._max_ts = ts
        if self.max_lateness:
            assert self._max_ts is not None
            self._raise_horizon(self._max_ts - self.max_lateness)
        return self._release(everything=not self.max_lateness)

    def advance(self, now: datetime) -> list[Output]:
        """Move the stream's clock to ``now``: fire deadlines and retention timers.

        Returns :class:`DeadlineAlert` (once per wait/promise past its limit at ``now``),
        violations that became final because time passed (a follow-up window that closed),
        and their actions. Events older than ``now - max_lateness`` are late afterwards.
        """
        self._check_open()
        if now.tzinfo is None:
            raise ValueError("now must be timezone-aware")
        now = now.astimezone(UTC)
        if self._now is not None and now < self._now:
            now = self._now
        self._now = now
        self._raise_horizon(now - self.max_lateness)
        out = self._release(everything=False)
        now_us = epoch_us(now)
        for key, kind in self._timers.fire(now_us):
            if kind == RETENTION:
                out.extend(self._try_evict(key, now))
            elif key.startswith("k:"):
                case = self._cases.get(key[2:])
                if case is not None:
                    out.extend(self._recheck_case(case, now))
            else:
                customer = self._customers.get(key[2:])
                if customer is not None:
                    out.extend(self._recheck_customer(customer, now))
        for key in list(self._poll):
            if key.startswith("k:") and (case := self._cases.get(key[2:])) is not None:
                out.extend(self._recheck_case(case, now))
            elif key.startswith("u:") and (customer := self._customers.get(key[2:])):
                out.extend(self._recheck_customer(customer, now))
        out.extend(self._propositions(now))
        return out

    def close(self, as_of: datetime | None = None) -> list[Output]:
        """Finalise everything still open as the batch engine would at ``as_of``.

        ``as_of`` defaults to the latest event time (or the latest ``advance``), like
        :func:`cx_rules.evaluate`. Afterwards the session accepts nothing more.
        """
        self._check_open()
        out = self._release(everything=True)
        end = as_of.astimezone(UTC) if as_of is not None else self._default_end()
        floor = self._finality_floor()
        if end is not None and floor is not None and end < floor:
            raise ValueError(f"as_of {end.isoformat()} is before the session's clock "
                             f"({floor.isoformat()}): violations final by then were reported")
        if end is not None:
            out.extend(self._propositions(end))
            for case in list(self._cases.values()):
                for rule in self._case_rules:
                    out.extend(self._finish(rule, case.rows, case.emitted, end))
            for customer in list(self._customers.values()):
                rows = customer.rows()
                for rule in self._customer_rules:
                    out.extend(self._finish(rule, rows, customer.emitted, end))
        self._closed = True
        self._timers.close()
        return out

    # ---- limits --------------------------------------------------------------------------

    def _check_limits(self, row: Row) -> None:
        """Refuse an event beyond :attr:`Limits.max_events_per_case` or a new case beyond
        :attr:`Limits.max_cases_per_customer` (counting buffered events), state unchanged."""
        cid, uid = row["case_id"], row["customer_id"]
        case = self._cases.get(cid)
        events = (len(case.rows) if case is not None else 0) + self._pending_events[cid]
        if events >= self._limits.max_events_per_case:
            self._refuse(f"'{cid}' already has {events} events, the most one case may hold",
                         "max_events_per_case", "case_id")
        if case is not None or self._pending_events[cid]:
            return
        customer = self._customers.get(uid)
        cases = (len(customer.cases) if customer is not None else 0) \
            + len(self._pending_cases.get(uid, ()))
        if cases >= self._limits.max_cases_per_customer:
            self._refuse(f"'{uid}' already has {cases} live cases, the most one customer may "
                         "hold", "max_cases_per_customer", "customer_id",
                         ", or a retention that evicts closed cases sooner")

    def _refuse(self, what: str, limit: str, field: str, more: str = "") -> None:
        self.stats["limit_refused"] += 1
        raise LimitError(f"{what} (Limits({limit}={getattr(self._limits, limit)}); pass a larger "
                         f"one to Session to raise it{more})", field=field)

    def _unpend(self, row: Row) -> None:
        cid, uid = row["case_id"], row["customer_id"]
        left = self._pending_events[cid] - 1
        if left:
            self._pending_events[cid] = left
        else:
            del self._pending_events[cid]
            waiting = self._pending_cases.get(uid)
            if waiting is not None:
                waiting.discard(cid)
                if not waiting:
                    del self._pending_cases[uid]

    # ---- buffer --------------------------------------------------------------------------

    def _release(self, *, everything: bool) -> list[Output]:
        out: list[Output] = []
        buffer = self._buffer
        while buffer and (everything or (self._horizon is not None
                                         and buffer[0][0] < self._horizon)):
            ts, iid, _, row = heapq.heappop(buffer)
            self._unpend(row)
            self._last = (ts, iid)
            if not self.max_lateness:
                self._raise_horizon(ts)
            out.extend(self._apply(row))
        return out

    # ---- applying one event --------------------------------------------------------------

    def _apply(self, row: Row) -> list[Output]:
        cid, uid, ts = row["case_id"], row["customer_id"], row["timestamp"]
        case = self._cases.get(cid)
        if case is None:
            customer = self._customers.get(uid)
            if customer is None:
                customer = self._customers[uid] = CustomerState(uid)
            case = self._cases[cid] = CaseState(cid, uid)
            customer.cases[cid] = case
        else:
            customer = self._customers[case.customer_id]
            if uid != case.customer_id:
                self.stats["case_customer_mismatch"] += 1
        case.add(row)
        case.last_ts = ts
        status = row["status"]
        if status is not None:
            was = case.dormant
            case.dormant = status in ("resolved", "closed")
            if case.dormant and not was and self.retention is not None:
                self._timers.arm("r:" + cid, RETENTION, epoch_us(ts + self.retention), epoch_us(ts))
        a1 = ts - US
        out: list[Output] = []
        overdue = False
        case_rules = case.rules_for(self._case_rules)
        for rule in case_rules:
            rows = [row] if rule.scope == "event" else case.rows
            found, _, late = self._settle(rule, rows, case.emitted, case.alerted, a1, None)
            out.extend(found)
            overdue = overdue or late
        self._arm_unit("k:" + cid, case_rules, case.rows, a1, ts, overdue)
        if self._customer_rules:
            rows = customer.rows()
            overdue = False
            for rule in self._customer_rules:
                found, _, late = self._settle(rule, rows, customer.emitted, customer.alerted,
                                              a1, None)
                out.extend(found)
                overdue = overdue or late
            self._arm_unit("u:" + case.customer_id, self._customer_rules, rows, a1, ts, overdue)
        return self._with_actions(out)

    # ---- introspection -------------------------------------------------------------------

    @property
    def open_cases(self) -> int:
        """Cases kept for routing (not evicted)."""
        return sum(len(c.cases) for c in self._customers.values())

    @property
    def retained_rows(self) -> int:
        """Rows in memory (live and held cases)."""
        return sum(len(c.rows) for c in self._cases.values())

    def timers(self) -> list[tuple[str, str, datetime]]:
        """Armed timers: (key, kind, due)."""
        return [(k, kind, EPOCH + timedelta(microseconds=due))
                for k, kind, due in self._timers.items()]

    # ---- snapshots -----------------------------------------------------------------------

    def snapshot(self) -> bytes:
        """The whole state as bytes (JSON, compressed): restore it with :meth:`restore`."""
        from cx_rules.streaming.snapshot import dump

        return dump(self)

    @classmethod
    def restore(cls, data: bytes, ruleset: Ruleset | str | Path, *,
                timers: Literal["durable", "heap"] | None = None,
                clock: Callable[[], datetime] | None = None) -> Session:
        """A session continuing exactly where :meth:`snapshot` left off (same ruleset)."""
        from cx_rules.streaming.snapshot import load

        return load(cls, data, ruleset, timers=timers, clock=clock)

    def record_outcome(self, customer_id: str, action_id: str, timestamp: datetime,
                       outcome: str) -> None:
        """What the customer did with an action (``accepted``, ``rejected`` or ``ignored``):
        later candidates' propensity and the contact policy's ``suppress_after`` use it, as
        ``evaluate(..., outcomes=...)`` does. A bad value is an :class:`InputError` naming
        the field, and nothing is recorded."""
        from cx_rules.io.outcomes import OUTCOMES

        self._check_open()
        for field, value in (("customer_id", customer_id), ("action_id", action_id)):
            if not isinstance(value, str) or not value.strip():
                raise InputError(f"outcome {field}: missing", field=field)
        if not isinstance(timestamp, datetime) or timestamp.tzinfo is None:
            raise InputError(f"outcome timestamp: {timestamp!r} is not a datetime with a UTC "
                             "offset", field="timestamp")
        word = outcome.strip().lower() if isinstance(outcome, str) else None
        if word not in OUTCOMES:
            raise InputError(f"outcome: {outcome!r} is not one of {', '.join(OUTCOMES)}",
                             field="outcome")
        self._actions.record(customer_id.strip(), action_id.strip(),
                             timestamp.astimezone(UTC), word)

    def feed(self, events: Iterable[Any]) -> list[Output]:
        """``observe`` every event in turn; the concatenated outputs."""
        out: list[Output] = []
        for event in events:
            out.extend(self.observe(event))
        return out
