"""Where the streaming session's memory goes with durable-rules timers (issue 5).

    python benchmarks/durable_memory.py          # ~2 min; writes results/durable-memory.json

The 1M-event memory run grew 3.1 GB with ``timers="durable"`` and 0.8 GB with
``timers="heap"`` (``STREAMING.md``). This isolates the timer store: each scenario runs in its
own process and re-arms timers the way the session does (one timer per key, moved to a new
due time), and reports the RSS growth. Scenarios:

* ``assert_retract``: a fact asserted and retracted at once, 8 states: the engine's baseline;
* ``per_timer_few_live`` / ``per_timer_many_live``: the first layout, one durable-rules fact
  per timer in a ring of 512 hour states (:class:`PerTimerFacts` below), 5,000 live keys
  re-armed 200,000 times / 100,000 live keys re-armed 400,000 times;
* ``ring_few_live`` / ``ring_many_live``: ``DurableTimers`` as shipped (per hour slot, only
  its earliest deadline and retention time are facts), the same two workloads;
* ``heap_many_live``: ``HeapTimers``, the same as ``ring_many_live``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "benchmarks" / "results"
SCENARIOS = {
    "assert_retract": {"arms": 200_000, "keys": 0},
    "per_timer_few_live": {"arms": 200_000, "keys": 5_000},
    "per_timer_many_live": {"arms": 400_000, "keys": 100_000},
    "ring_few_live": {"arms": 200_000, "keys": 5_000},
    "ring_many_live": {"arms": 400_000, "keys": 100_000},
    "heap_many_live": {"arms": 400_000, "keys": 100_000},
}
MINUTE_US = 60_000_000


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


class PerTimerFacts:
    """The first layout: every timer is a fact ``{kind, due, key}`` in the state of its due
    hour (a ring of 512); moving a timer retracts its fact and asserts a new one."""

    RING = 512

    def __init__(self) -> None:
        import durable_rules_engine as engine

        from cx_rules.streaming import timers

        self._engine = engine
        self._handle = engine.create_ruleset("per_timer", json.dumps(timers.ruleset_definition()))
        self._facts: dict[str, str] = {}
        self._ids = 0

    def arm(self, key: str, kind: str, due_us: int, now_us: int) -> None:
        from cx_rules.streaming.timers import HOUR_US

        old = self._facts.pop(key, None)
        if old is not None:
            self._engine.retract_fact(self._handle, old)
        self._ids += 1
        fact = json.dumps({"sid": str(due_us // HOUR_US % self.RING), "id": self._ids,
                           "kind": kind, "due": due_us, "key": key})
        self._engine.assert_fact(self._handle, fact)
        self._facts[key] = fact


def run(name: str) -> dict[str, Any]:
    """One scenario in this process: RSS growth along the way."""
    from cx_rules.streaming import timers

    spec = SCENARIOS[name]
    arms, keys = spec["arms"], spec["keys"]
    trail: list[tuple[int, float]] = []
    now = 10**15
    if name == "assert_retract":
        import durable_rules_engine as engine

        handle = engine.create_ruleset("probe", json.dumps(timers.ruleset_definition()))
        start = _rss_mb()
        for i in range(arms):
            fact = json.dumps({"sid": str(i % 8), "id": i, "kind": "deadline",
                               "due": now + i, "key": f"k{i % 1000}"})
            engine.assert_fact(handle, fact)
            engine.retract_fact(handle, fact)
            if i % (arms // 8) == 0:
                trail.append((i, round(_rss_mb() - start, 1)))
    else:
        store: Any = (timers.HeapTimers() if name.startswith("heap") else PerTimerFacts()
                      if name.startswith("per_timer") else timers.DurableTimers())
        start = _rss_mb()
        for i in range(arms):
            now += MINUTE_US // 10
            # due 30 days ahead: the ring of 512 hour states is lapped, as with cx-baseline
            store.arm(f"k{i % keys}", timers.DEADLINE, now + 30 * 24 * timers.HOUR_US, now)
            if i % (arms // 8) == 0:
                trail.append((i, round(_rss_mb() - start, 1)))
    growth = round(_rss_mb() - start, 1)
    return {"scenario": name, **spec, "rss_growth_mb": growth, "trail": trail,
            "kb_per_arm": round(growth * 1024 / arms, 2)}


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        print(json.dumps(run(sys.argv[2])))
        return 0
    results = []
    for name in SCENARIOS:
        out = subprocess.run([sys.executable, __file__, "--child", name], check=True,
                             capture_output=True, text=True).stdout
        results.append(json.loads(out.strip().splitlines()[-1]))
        print(f"{name}: {results[-1]['rss_growth_mb']} MB", file=sys.stderr, flush=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "durable-memory.json"
    path.write_text(json.dumps({"command": "python benchmarks/durable_memory.py",
                                "results": results}, indent=2) + "\n")
    print(f"wrote {path}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
