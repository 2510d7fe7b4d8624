"""Event-time timers: "look at this case again at time t", kept in a durable-rules ruleset.

A timer is a *fact* ``{kind: deadline|retention, due: <µs since epoch>, key: ...}`` asserted
into a durable-rules ruleset with two rules::

    when_all(c.timer << (m.kind == "deadline"),
             c.clock << (m.kind == "clock") & (m.now >= c.timer.due))
    when_all(c.timer << (m.kind == "retention"),
             c.clock << (m.kind == "clock") & (m.now >= c.timer.due))

:meth:`DurableTimers.fire` asserts a ``clock`` fact; durable-rules' join finds every timer that
is due and the action loop collects them (and retracts them). Time is the stream's own clock
(``Session.advance(now)``), never the wall clock: durable-rules' built-in timers count real
seconds, which would make a replayed log behave differently from a live one.

Limits of durable-rules that shape this module (measured, see ``benchmarks/streaming.py``):

* a ruleset holds at most 1024 *states* (``sid``) over its whole life (``MemoryError``
  beyond; ``delete_state`` does not free one, it crashes the process), so timers are filed
  in a ring of 512 hour slots (``sid`` = due hour modulo 512), not by customer;
* a fact assertion costs about 20-35 µs and a clock assertion about 2 µs per timer stored in
  that hour, so the session keeps at most one timer per case and only moves it when it must;
* the engine crashes the process (segmentation fault) when the *last* rule of a ruleset fires
  under some patterns of repeated clock facts (several ``advance`` calls within one hour with
  retention timers due; ``tests/test_timers.py`` crashes within a few hundred generated
  sequences without the guard). The ruleset therefore ends with a ``guard`` rule that never
  matches, after which no crash was seen in over 8,000 generated sequences;
* the engine's memory grows by 6-7 KB for every timer re-armed while many are live, and does
  not level off (``benchmarks/durable_memory.py``; a fact asserted and retracted at once costs
  nothing): over 1M events RSS grew 3.1 GB with these timers and 0.8 GB with
  :class:`HeapTimers` (``benchmarks/STREAMING.md``). A long-running process should prefer
  ``timers="heap"`` or restart from a snapshot now and then (a new process starts afresh).

:class:`HeapTimers` is the same interface on a binary heap (``Session(timers="heap")``), for
comparison and for processes that cannot load the durable-rules extension.
"""

from __future__ import annotations

import heapq
import itertools
import json
import threading
from typing import Any, Protocol

DEADLINE = "deadline"
RETENTION = "retention"
HOUR_US = 3_600_000_000
SLOTS = 512
"""Hour slots of the timer wheel (durable-rules states); a lap is 21 days."""


class Timers(Protocol):
    """Named event-time timers; arming a name again replaces its previous due time."""

    def arm(self, key: str, kind: str, due_us: int, now_us: int) -> None:
        """Set timer ``key`` to ``due_us``; ``now_us`` is the stream's current time."""
        ...

    def disarm(self, key: str) -> None: ...

    def due(self, key: str) -> int | None: ...

    def fire(self, now_us: int) -> list[tuple[str, str]]:
        """Remove and return (key, kind) of every timer due at or before ``now_us``."""
        ...

    def items(self) -> list[tuple[str, str, int]]: ...

    def close(self) -> None: ...


class HeapTimers:
    """Timers on a binary heap with lazy deletion."""

    def __init__(self) -> None:
        self._due: dict[str, tuple[str, int]] = {}
        self._heap: list[tuple[int, int, str]] = []
        self._seq = itertools.count()

    def arm(self, key: str, kind: str, due_us: int, now_us: int) -> None:
        self._due[key] = (kind, due_us)
        heapq.heappush(self._heap, (due_us, next(self._seq), key))

    def disarm(self, key: str) -> None:
        self._due.pop(key, None)

    def due(self, key: str) -> int | None:
        entry = self._due.get(key)
        return entry[1] if entry else None

    def fire(self, now_us: int) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        while self._heap and self._heap[0][0] <= now_us:
            due_us, _, key = heapq.heappop(self._heap)
            entry = self._due.get(key)
            if entry is not None and entry[1] == due_us:
                del self._due[key]
                out.append((key, entry[0]))
        if len(self._heap) > 4 * len(self._due) + 1024:  # drop stale entries now and then
            self._heap = [(d, next(self._seq), k) for k, (_, d) in self._due.items()]
            heapq.heapify(self._heap)
        return out

    def items(self) -> list[tuple[str, str, int]]:
        return [(k, kind, d) for k, (kind, d) in self._due.items()]

    def close(self) -> None:
        self._due.clear()
        self._heap.clear()


def _definition() -> dict[str, Any]:
    """The two timer rules, written with durable-rules' own DSL."""
    from durable import lang
    from durable.lang import c, m, ruleset, when_all

    name = "cx_rules_stream_timers"
    with _DSL_LOCK:
        rules = ruleset(name)
        with rules:
            @when_all(c.timer << (m.kind == DEADLINE),
                      c.clock << (m.kind == "clock") & (m.now >= c.timer.due))
            def deadline_due(closure: Any) -> None:  # pragma: no cover - run by our loop
                """A reply/promise/follow-up deadline of a case has come."""

            @when_all(c.timer << (m.kind == RETENTION),
                      c.clock << (m.kind == "clock") & (m.now >= c.timer.due))
            def retention_due(closure: Any) -> None:  # pragma: no cover - run by our loop
                """A closed case has been idle for the ruleset's retention."""

            @when_all(c.never << (m.kind == "never"),
                      c.clock << (m.kind == "clock") & (m.now >= c.never.due))
            def guard(closure: Any) -> None:  # pragma: no cover - never fires
                """Never matches (no fact has kind "never"): the last rule must never fire,
                or the engine may crash (see the module documentation)."""

        lang._rulesets.pop(name, None)  # defined only to get its JSON, never hosted globally
        _, definition = rules.define()
    return {rule: {k: v for k, v in body.items() if k != "run"}
            for rule, body in definition.items()}


_DSL_LOCK = threading.Lock()
_RULE_KINDS = {"r_0": DEADLINE, "r_1": RETENTION}
_DEFINITION: str | None = None
_NAMES = itertools.count()


class DurableTimers:
    """Timers as facts in a durable-rules ruleset, fired by a clock fact (see module doc).

    The facts live in a ring of :data:`SLOTS` states (``sid`` = due hour modulo the ring): a
    durable-rules ruleset holds at most 1024 states and its ``delete_state`` crashes the
    process (``free(): invalid pointer``), so states are reused, never deleted. A timer due
    laps ahead shares its slot with nearer ones; the clock's join only fires those due.
    """

    def __init__(self) -> None:
        import durable_rules_engine as engine

        global _DEFINITION
        if _DEFINITION is None:
            _DEFINITION = json.dumps(_definition())
        self._engine = engine
        _reap(engine)
        self._handle = engine.create_ruleset(f"cx_stream_{next(_NAMES)}", _DEFINITION)
        # key -> (slot, kind, due, fact json, fact id)
        self._facts: dict[str, tuple[int, str, int, str, int]] = {}
        self._in_slot: list[int] = [0] * SLOTS
        self._done_hour: int | None = None
        """Every hour up to this one has been clocked: timers due then have fired."""
        self._ids = itertools.count()
        self._closed = False

    def arm(self, key: str, kind: str, due_us: int, now_us: int) -> None:
        old = self._facts.get(key)
        if old is not None and old[1] == kind and old[2] == due_us:
            return
        self.disarm(key)
        if self._done_hour is None:
            self._done_hour = now_us // HOUR_US - 1
        # a timer already due goes to the next hour the clock will visit
        slot = max(due_us // HOUR_US, self._done_hour + 1) % SLOTS
        fact_id = next(self._ids)
        fact = json.dumps({"sid": str(slot), "id": fact_id, "kind": kind,
                           "due": due_us, "key": key})
        self._engine.assert_fact(self._handle, fact)
        self._facts[key] = (slot, kind, due_us, fact, fact_id)
        self._in_slot[slot] += 1

    def disarm(self, key: str) -> None:
        old = self._facts.pop(key, None)
        if old is None:
            return
        slot, _, _, fact, _ = old
        self._engine.retract_fact(self._handle, fact)
        self._in_slot[slot] -= 1

    def due(self, key: str) -> int | None:
        entry = self._facts.get(key)
        return entry[2] if entry else None

    def _clock(self, slot: int, now_us: int) -> list[tuple[str, str]]:
        engine, handle = self._engine, self._handle
        clock = json.dumps({"sid": str(slot), "id": "clock", "kind": "clock", "now": now_us})
        _, state = engine.assert_fact(handle, clock)
        fired: list[tuple[str, str]] = []
        result = engine.start_action_for_state(handle, state)
        while result:
            for rule, match in json.loads(result[1]).items():
                key = match["timer"]["key"]
                entry = self._facts.get(key)
                if entry is not None and entry[4] == match["timer"]["id"]:
                    fired.append((key, _RULE_KINDS[rule]))
            following = engine.complete_and_start_action(handle, state)
            result = (result[0], following) if following else None
        engine.retract_fact(handle, clock)
        for key, _ in fired:
            self.disarm(key)
        return fired

    def fire(self, now_us: int) -> list[tuple[str, str]]:
        now_hour = now_us // HOUR_US
        if self._done_hour is None:
            self._done_hour = now_hour - 1
        first = self._done_hour + 1
        hours = range(max(first, now_hour - SLOTS + 1), now_hour + 1)
        fired: list[tuple[str, str]] = []
        for hour in hours:
            slot = hour % SLOTS
            if self._in_slot[slot]:
                fired.extend(self._clock(slot, now_us))
        self._done_hour = max(self._done_hour, now_hour - 1)
        return fired

    def items(self) -> list[tuple[str, str, int]]:
        return [(k, kind, due) for k, (_, kind, due, _, _) in self._facts.items()]

    def close(self) -> None:
        """Free the ruleset in the C engine (at the next safe point, see :func:`_reap`)."""
        if not self._closed:
            self._closed = True
            self._facts.clear()
            _DOOMED.append(self._handle)

    def __del__(self) -> None:  # the C engine keeps rulesets until deleted
        if not getattr(self, "_closed", True):
            self._closed = True
            _DOOMED.append(self._handle)


_DOOMED: list[int] = []
"""Ruleset handles to delete. Deleting one while the engine runs another ruleset's action
loop (which is when the garbage collector may finalise a session) crashes the engine, so
handles are only queued by ``close``/``__del__`` and deleted by :func:`_reap`."""


def _reap(engine: Any) -> None:
    while _DOOMED:
        engine.delete_ruleset(_DOOMED.pop())
