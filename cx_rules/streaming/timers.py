"""Event-time timers: "look at this case again at time t", decided by a durable-rules ruleset.

Timers are filed in a ring of :data:`SLOTS` hour slots (slot = due hour modulo the ring; a
slot is a durable-rules state). Per slot, the earliest deadline and the earliest retention
time are *facts* ``{kind: deadline|retention, due: <µs since epoch>}``, joined with a clock
fact by two rules::

    when_all(c.timer << (m.kind == "deadline"),
             c.clock << (m.kind == "clock") & (m.now >= c.timer.due))
    when_all(c.timer << (m.kind == "retention"),
             c.clock << (m.kind == "clock") & (m.now >= c.timer.due))

:meth:`DurableTimers.fire` asserts a ``clock`` fact into each slot the clock passes;
durable-rules decides which kinds of timer are due there, those timers are popped from the
slot's heap and the slot's fact moves to its next earliest time. Time is the stream's own clock
(``Session.advance(now)``), never the wall clock: durable-rules' built-in timers count real
seconds, which would make a replayed log behave differently from a live one.

Limits of durable-rules that shape this module (measured in ``benchmarks/durable_memory.py``
and ``tests/test_timers.py``):

* a ruleset holds at most 1024 *states* (``sid``) over its whole life (``MemoryError``
  beyond; ``delete_state`` does not free one, it crashes the process): hence a ring of 512
  hour states, not a state per customer;
* the engine's memory grows by 6-7 KB for every fact re-asserted while many facts are live in
  its state, and never levels off. The first layout here (one fact per timer) grew 1.4 GB for
  5k timers re-armed 200k times and 2.2 GB for 100k re-armed 400k times, and 3.1 GB over the
  1M-event streaming benchmark; with at most two facts per state the same workloads take 52
  and 165 MB (:class:`HeapTimers`: 92 MB);
* the engine crashes the process (segmentation fault) when the *last* rule of a ruleset fires
  under some patterns of repeated clock facts (several ``advance`` calls within one hour with
  retention timers due; ``tests/test_timers.py`` crashes within a few hundred generated
  sequences without the guard). The ruleset therefore ends with a ``guard`` rule that never
  matches, after which no crash was seen in over 8,000 generated sequences.

:class:`HeapTimers` is the same interface on one binary heap (``Session(timers="heap")``), for
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


def ruleset_definition() -> dict[str, Any]:
    """The two timer rules and the guard, written with durable-rules' own DSL."""
    from durable import lang
    from durable.lang import c, m, ruleset, when_all

    name = "cx_rules_stream_timers"
    with _DSL_LOCK:
        rules = ruleset(name)
        with rules:
            @when_all(c.timer << (m.kind == DEADLINE),  # type: ignore[untyped-decorator]
                      c.clock << (m.kind == "clock") & (m.now >= c.timer.due))
            def deadline_due(closure: Any) -> None:  # pragma: no cover - run by our loop
                """A reply/promise/follow-up deadline of a case has come."""

            @when_all(c.timer << (m.kind == RETENTION),  # type: ignore[untyped-decorator]
                      c.clock << (m.kind == "clock") & (m.now >= c.timer.due))
            def retention_due(closure: Any) -> None:  # pragma: no cover - run by our loop
                """A closed case has been idle for the ruleset's retention."""

            @when_all(c.never << (m.kind == "never"),  # type: ignore[untyped-decorator]
                      c.clock << (m.kind == "clock") & (m.now >= c.never.due))
            def guard(closure: Any) -> None:  # pragma: no cover - never fires
                """Never matches (no fact has kind "never"): the last rule must never fire,
                or the engine may crash (see the module documentation)."""

        lang._rulesets.pop(name, None)  # defined only to get its JSON, never hosted globally
        _, definition = rules.define()
    return {rule: {k: v for k, v in body.items() if k != "run"}
            for rule, body in definition.items()}


_DSL_LOCK = threading.Lock()
_KINDS = (DEADLINE, RETENTION)
_RULE_KINDS = {"r_0": DEADLINE, "r_1": RETENTION}
_DEFINITION: str | None = None
_NAMES = itertools.count()
Entry = tuple[int, int, str]
"""A heap entry: (due, seq, key); stale once its key is disarmed or armed again."""


class DurableTimers:
    """Timers in hour slots; durable-rules holds each slot's earliest deadline and earliest
    retention time as facts and decides, by joining a clock fact, which are due (see the
    module documentation).

    States are reused, never deleted (``delete_state`` crashes the engine). A timer due laps
    ahead shares its slot with nearer ones; the slot's facts are always the nearest.
    """

    def __init__(self) -> None:
        import durable_rules_engine as engine

        global _DEFINITION
        if _DEFINITION is None:
            _DEFINITION = json.dumps(ruleset_definition())
        self._engine = engine
        _reap(engine)
        self._handle = engine.create_ruleset(f"cx_stream_{next(_NAMES)}", _DEFINITION)
        self._timers: dict[str, tuple[str, int, int]] = {}
        """key -> (kind, due, seq of its heap entry)"""
        self._heaps: dict[str, list[list[Entry]]] = {k: [[] for _ in range(SLOTS)]
                                                     for k in _KINDS}
        """per kind and slot, a heap of entries"""
        self._facts: dict[str, list[tuple[str, int] | None]] = {k: [None] * SLOTS
                                                                for k in _KINDS}
        """per kind and slot, the fact in durable-rules (its JSON and due), if any"""
        self._done_hour: int | None = None
        """Every hour up to this one has been clocked: timers due then have fired."""
        self._seq = itertools.count()
        self._entries = 0
        self._closed = False

    def arm(self, key: str, kind: str, due_us: int, now_us: int) -> None:
        old = self._timers.get(key)
        if old is not None and old[0] == kind and old[1] == due_us:
            return
        if self._done_hour is None:
            self._done_hour = now_us // HOUR_US - 1
        # a timer already due goes to the next hour the clock will visit
        slot = max(due_us // HOUR_US, self._done_hour + 1) % SLOTS
        seq = next(self._seq)
        self._timers[key] = (kind, due_us, seq)
        heapq.heappush(self._heaps[kind][slot], (due_us, seq, key))
        self._entries += 1
        fact = self._facts[kind][slot]
        if fact is None or due_us < fact[1]:
            self._publish(kind, slot, due_us)
        if self._entries > 4 * len(self._timers) + 4096:
            self._compact()

    def disarm(self, key: str) -> None:
        # its heap entry turns stale; the slot's fact may then fire early, which only costs
        # a look at the slot's heap
        self._timers.pop(key, None)

    def due(self, key: str) -> int | None:
        entry = self._timers.get(key)
        return entry[1] if entry else None

    def _live(self, entry: Entry) -> bool:
        timer = self._timers.get(entry[2])
        return timer is not None and timer[2] == entry[1]

    def _publish(self, kind: str, slot: int, due_us: int | None) -> None:
        """Make ``due_us`` the slot's fact of this kind in durable-rules (None: no fact)."""
        old = self._facts[kind][slot]
        if old is not None:
            self._engine.retract_fact(self._handle, old[0])
            self._facts[kind][slot] = None
        if due_us is not None:
            fact = json.dumps({"sid": str(slot), "id": next(self._seq), "kind": kind,
                               "due": due_us})
            self._engine.assert_fact(self._handle, fact)
            self._facts[kind][slot] = (fact, due_us)

    def _clock(self, slot: int, now_us: int) -> set[str]:
        """The kinds whose earliest timer in the slot durable-rules finds due at ``now_us``."""
        engine, handle = self._engine, self._handle
        clock = json.dumps({"sid": str(slot), "id": "clock", "kind": "clock", "now": now_us})
        _, state = engine.assert_fact(handle, clock)
        due: set[str] = set()
        result = engine.start_action_for_state(handle, state)
        while result:
            due.update(_RULE_KINDS[rule] for rule in json.loads(result[1]))
            following = engine.complete_and_start_action(handle, state)
            result = (result[0], following) if following else None
        engine.retract_fact(handle, clock)
        return due

    def _pop_due(self, kind: str, slot: int, now_us: int) -> list[tuple[str, str]]:
        heap, fired = self._heaps[kind][slot], []
        while heap and (heap[0][0] <= now_us or not self._live(heap[0])):
            entry = heapq.heappop(heap)
            self._entries -= 1
            if self._live(entry):
                del self._timers[entry[2]]
                fired.append((entry[2], kind))
        self._publish(kind, slot, heap[0][0] if heap else None)
        return fired

    def fire(self, now_us: int) -> list[tuple[str, str]]:
        now_hour = now_us // HOUR_US
        if self._done_hour is None:
            self._done_hour = now_hour - 1
        first = self._done_hour + 1
        fired: list[tuple[str, str]] = []
        for hour in range(max(first, now_hour - SLOTS + 1), now_hour + 1):
            slot = hour % SLOTS
            if any(self._facts[kind][slot] is not None for kind in _KINDS):
                for kind in sorted(self._clock(slot, now_us)):
                    fired.extend(self._pop_due(kind, slot, now_us))
        self._done_hour = max(self._done_hour, now_hour - 1)
        return fired

    def _compact(self) -> None:
        """Drop stale heap entries (the facts already hold live or earlier due times)."""
        for heaps in self._heaps.values():
            for slot, heap in enumerate(heaps):
                live = [entry for entry in heap if self._live(entry)]
                heapq.heapify(live)
                heaps[slot] = live
        self._entries = sum(len(h) for heaps in self._heaps.values() for h in heaps)

    def items(self) -> list[tuple[str, str, int]]:
        return [(k, kind, due) for k, (kind, due, _) in self._timers.items()]

    def close(self) -> None:
        """Free the ruleset in the C engine (at the next safe point, see :func:`_reap`)."""
        if not self._closed:
            self._closed = True
            self._timers.clear()
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
