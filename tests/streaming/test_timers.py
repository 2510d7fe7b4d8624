"""The event-time timer stores: durable-rules' timer facts fire exactly like a plain heap."""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from cx_rules.streaming.timers import DEADLINE, HOUR_US, RETENTION, SLOTS, DurableTimers, HeapTimers

T0 = 1_772_438_400_000_000  # 2026-03-02 08:00 UTC in µs
KEYS = [f"k:c{i}" for i in range(6)]

operations = st.lists(st.one_of(
    st.tuples(st.just("arm"), st.sampled_from(KEYS), st.sampled_from([DEADLINE, RETENTION]),
              # from an hour in the past to beyond one lap of the ring
              st.integers(-HOUR_US, (SLOTS + 30) * HOUR_US)),
    st.tuples(st.just("disarm"), st.sampled_from(KEYS)),
    st.tuples(st.just("fire"), st.integers(0, 6 * HOUR_US)),
), max_size=60)


def _run(store: Any, ops: list[tuple[Any, ...]]) -> list[Any]:
    now, seen = T0, []
    for op in ops:
        if op[0] == "arm":
            store.arm(op[1], op[2], now + op[3], now)
        elif op[0] == "disarm":
            store.disarm(op[1])
        else:
            now += op[1]
            seen.append(sorted(store.fire(now)))
        seen.append(sorted(store.items()))
    store.close()
    return seen


@given(ops=operations)
def test_durable_slots_fire_exactly_like_a_heap(ops: list[tuple[Any, ...]]) -> None:
    assert _run(DurableTimers(), ops) == _run(HeapTimers(), ops)


def test_durable_rules_fires_a_timer_at_its_due_time_not_a_lap_later() -> None:
    timers = DurableTimers()
    due = T0 + 90 * 60_000_000  # 09:30
    timers.arm("k:c1", DEADLINE, due, T0)
    timers.arm("k:c2", RETENTION, due + SLOTS * HOUR_US, T0)  # same slot, one lap later
    assert timers.fire(due - 60_000_000) == []
    assert timers.fire(due) == [("k:c1", DEADLINE)]
    assert timers.items() == [("k:c2", RETENTION, due + SLOTS * HOUR_US)]
    assert timers.fire(due + SLOTS * HOUR_US) == [("k:c2", RETENTION)]
    timers.close()


def test_moving_a_timer_replaces_its_fact() -> None:
    timers = DurableTimers()
    timers.arm("k:c1", DEADLINE, T0 + 3 * HOUR_US, T0)
    timers.arm("k:c1", DEADLINE, T0 + 5 * HOUR_US, T0)  # moved later: fires once, then
    assert timers.fire(T0 + 4 * HOUR_US) == []
    assert timers.fire(T0 + 5 * HOUR_US) == [("k:c1", DEADLINE)]
    timers.arm("k:c2", DEADLINE, T0 + 7 * HOUR_US, T0)
    timers.disarm("k:c2")
    assert timers.fire(T0 + 8 * HOUR_US) == [] and timers.items() == []
    timers.close()
