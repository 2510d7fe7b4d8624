"""Benchmarks of the streaming Session (issue 5): throughput, latency, memory, durable-rules.

    python benchmarks/streaming.py                 # full run (~15-25 min on a shared 2-core box)
    python benchmarks/streaming.py --quick         # smoke run, < 1 min
    python benchmarks/streaming.py --profile       # also: cProfile of the throughput phase

Every measurement runs in its own child process (this script with ``--child``), so its peak
RSS is its own. The data is the seeded generator's log (``generate.py``), sorted by
(timestamp, interaction_id) and cached in ``benchmarks/data/stream-<rows>-d<days>-s<seed>/``.

* **throughput / latency**: ``Session(cx-baseline)``; events are observed (and ``advance`` is
  called at every simulated hour, as a deployment would) until ``open_cases`` reaches
  ``--open-cases``; then the next ``--events`` calls of ``observe`` are timed one by one with
  ``perf_counter_ns``. events/s = events / sum of observe times (``advance`` is timed apart).
* **memory**: ``--memory-events`` events through one session with hourly ``advance`` (so
  retention timers fire and resolved cases are evicted); the child's VmHWM before the first
  event and after the last (its growth is the session's), ``open_cases`` and
  ``retained_rows`` along the way. If the events would take longer than ``--memory-budget-min``
  at the measured rate, the largest count that fits is run and the JSON says so (with the
  extrapolation); nothing is made up.
* **equivalence**: the first ``--equivalence-events`` events (200k) through a Session with
  hourly ``advance`` and ``close``, and through ``evaluate``: the violations must be the
  same multiset (what the property tests check on small random logs, on a long realistic
  log where cases are evicted).
* **durable-rules side by side**: the ``first-reply-chat`` rule written in durable-rules' own
  API the straightforward way (one ``when_all`` joining a customer's inbound message to an
  agent's outbound reply of the same case, the same join as ``run.py``'s batch comparison),
  each event ``post``-ed and timed, against ``Session`` with the full baseline and with a
  ruleset holding only that rule, on the same events; and whether they flag the same cases.

Results: ``benchmarks/results/streaming.json`` (``--quick``: ``streaming-quick.json``).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATA = ROOT / "benchmarks" / "data"
RESULTS = ROOT / "benchmarks" / "results"
RULE = "first-reply-chat"
GOALS = {"events_per_s": 20_000, "p99_ms": 2.0, "memory_growth_mb": 300}
HOUR = timedelta(hours=1)


# ---------------------------------------------------------------------------------------------
# Data and machine
# ---------------------------------------------------------------------------------------------


def ensure_dataset(rows: int, days: int, seed: int) -> Path:
    """The generator's log, sorted by (timestamp, interaction_id), as one Parquet file."""
    import polars as pl

    out = DATA / f"stream-{rows}-d{days}-s{seed}"
    sorted_path = out / "sorted.parquet"
    if sorted_path.exists() and (out / "customers.parquet").exists():
        return out
    out.mkdir(parents=True, exist_ok=True)
    print(f"generating {rows:,} rows over {days} days (seed {seed}) in {out}", file=sys.stderr,
          flush=True)
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"), "--rows",
                    str(rows), "--days", str(days), "--seed", str(seed), "--out", str(out)],
                   check=True)
    frame = pl.read_parquet(out / "interactions.parquet").sort("timestamp", "interaction_id")
    frame.write_parquet(sorted_path, row_group_size=50_000)
    (out / "interactions.parquet").unlink()
    return out


def iter_events(data: Path, start: int = 0, batch: int = 10_000) -> Iterator[dict[str, Any]]:
    """Events as dicts (None values dropped), streamed from disk in batches."""
    import pyarrow.parquet as pq

    seen = 0
    for record_batch in pq.ParquetFile(data / "sorted.parquet").iter_batches(batch_size=batch):
        if seen + record_batch.num_rows <= start:
            seen += record_batch.num_rows
            continue
        for row in record_batch.to_pylist():
            seen += 1
            if seen > start:
                yield {k: v for k, v in row.items() if v is not None}


def load_customers(data: Path) -> list[dict[str, Any]]:
    import polars as pl

    return pl.read_parquet(data / "customers.parquet").to_dicts()


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _percentiles(ns: list[int]) -> dict[str, float]:
    data = sorted(ns)

    def q(p: float) -> float:
        return data[min(len(data) - 1, int(p * len(data)))] / 1e6

    return {"p50_ms": q(0.50), "p90_ms": q(0.90), "p99_ms": q(0.99), "max_ms": data[-1] / 1e6,
            "mean_ms": sum(data) / len(data) / 1e6}


def _next_hour(ts: datetime) -> datetime:
    return ts.replace(minute=0, second=0, microsecond=0) + HOUR


class Clock:
    """Calls ``session.advance`` at every simulated hour boundary an event crosses."""

    def __init__(self, session: Any, sink: list[Any] | None = None) -> None:
        self.session = session
        self.due: datetime | None = None
        self.calls = 0
        self.ns = 0
        self.outputs = 0
        self.sink = sink
        """Where advance outputs are kept (None: only counted)."""

    def before(self, ts: datetime) -> None:
        if self.due is None:
            self.due = _next_hour(ts)
        while ts >= self.due:
            t0 = time.perf_counter_ns()
            found = self.session.advance(self.due)
            self.ns += time.perf_counter_ns() - t0
            self.outputs += len(found)
            if self.sink is not None:
                self.sink.extend(found)
            self.calls += 1
            self.due += HOUR


def _observe(session: Any, event: dict[str, Any], errors: dict[str, int]) -> int:
    from cx_rules.streaming import EvictedCaseError, LateEventError

    try:
        return len(session.observe(event))
    except EvictedCaseError:
        errors["evicted_case_events"] = errors.get("evicted_case_events", 0) + 1
    except LateEventError:
        errors["late_events"] = errors.get("late_events", 0) + 1
    return 0


# ---------------------------------------------------------------------------------------------
# Child tasks
# ---------------------------------------------------------------------------------------------


def task_throughput(args: dict[str, Any]) -> dict[str, Any]:
    """Warm up to ``open_cases`` open cases, then time ``events`` observe calls one by one."""
    from cx_rules import Session, load_ruleset

    data = Path(args["data"])
    session = Session(load_ruleset(args.get("ruleset", "cx-baseline@2.1.0")),
                      customers=load_customers(data))
    clock, errors = Clock(session), dict[str, int]()
    events = iter_events(data)
    warm, t0 = 0, time.perf_counter()
    for event in events:
        clock.before(event["timestamp"])
        _observe(session, event, errors)
        warm += 1
        if warm % 1000 == 0 and session.open_cases >= args["open_cases"]:
            break
    else:
        raise SystemExit(f"the data ran out after {warm} events with {session.open_cases} "
                         f"open cases (< {args['open_cases']}): generate more rows")
    warm_s = time.perf_counter() - t0
    open_before, clock_before = session.open_cases, (clock.calls, clock.ns)
    profiler = cProfile.Profile() if args.get("profile") else None
    lat: list[int] = []
    outputs = 0
    first_ts = last_ts = None
    for event in events:
        ts = event["timestamp"]
        first_ts = first_ts or ts
        last_ts = ts
        clock.before(ts)
        if profiler is not None:
            profiler.enable()
        t = time.perf_counter_ns()
        outputs += _observe(session, event, errors)
        lat.append(time.perf_counter_ns() - t)
        if profiler is not None:
            profiler.disable()
        if len(lat) >= args["events"]:
            break
    observe_s = sum(lat) / 1e9
    adv_calls, adv_ns = clock.calls - clock_before[0], clock.ns - clock_before[1]
    out: dict[str, Any] = {
        "ruleset": session.ruleset.label, "rules": len(session.ruleset.enabled_rules),
        "timers": "durable",
        "warmup_events": warm, "warmup_s": round(warm_s, 2),
        "open_cases_at_start": open_before, "open_cases_at_end": session.open_cases,
        "retained_rows_at_end": session.retained_rows,
        "events": len(lat), "simulated_span": [str(first_ts), str(last_ts)],
        "observe_s": observe_s, "events_per_s": len(lat) / observe_s,
        "advance_calls": adv_calls, "advance_s": adv_ns / 1e9,
        "events_per_s_incl_advance": len(lat) / (observe_s + adv_ns / 1e9),
        "outputs": outputs, "errors": errors, "latency": _percentiles(lat),
        "session_stats": dict(session.stats),
    }
    if profiler is not None:
        out["profile"] = _profile_table(profiler, args.get("profile_top", 25))
    return out


def _profile_table(profiler: cProfile.Profile, top: int) -> dict[str, Any]:
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    rows = []
    for (path, line, name), (_, calls, tt, ct, _) in stats.stats.items():  # type: ignore[attr-defined]
        where = path.replace(str(ROOT) + "/", "")
        if "site-packages/" in where:
            where = where.split("site-packages/", 1)[1]
        rows.append({"function": f"{where}:{line}({name})", "calls": calls,
                     "tottime_s": round(tt, 3), "cumtime_s": round(ct, 3),
                     "tottime_pct": round(100 * tt / total, 1) if total else 0.0})
    buf = io.StringIO()
    pstats.Stats(profiler, stream=buf).sort_stats("cumulative").print_stats(30)
    return {"total_s": round(total, 3),
            "by_tottime": sorted(rows, key=lambda r: -r["tottime_s"])[:top],
            "by_cumtime": sorted(rows, key=lambda r: -r["cumtime_s"])[:top]}


def task_memory(args: dict[str, Any]) -> dict[str, Any]:
    """``events`` events through one session with hourly advance; VmHWM growth."""
    from cx_rules import Session, load_ruleset

    data = Path(args["data"])
    session = Session(load_ruleset(args.get("ruleset", "cx-baseline@2.1.0")),
                      customers=load_customers(data),
                      timers=args.get("timers", "durable"))
    clock, errors = Clock(session), dict[str, int]()
    n, outputs, trail = 0, 0, []
    events = iter_events(data)
    next(iter_events(data))  # pyarrow and the first batch loaded before the baseline
    hwm_before, rss_before = _status_kb("VmHWM"), _status_kb("VmRSS")
    t0 = time.perf_counter()
    step = max(args["events"] // 20, 1)
    last_ts, stopped = None, False
    for event in events:
        last_ts = event["timestamp"]
        clock.before(last_ts)
        outputs += _observe(session, event, errors)
        n += 1
        if n % step == 0:
            trail.append({"events": n, "at": str(last_ts), "open_cases": session.open_cases,
                          "retained_rows": session.retained_rows,
                          "rss_mb": round(_status_kb("VmRSS") / 1024, 1),
                          "elapsed_s": round(time.perf_counter() - t0, 1)})
        if n >= args["events"]:
            break
        if n % 1000 == 0 and time.perf_counter() - t0 > args.get("max_s", float("inf")):
            stopped = True
            break
    elapsed = time.perf_counter() - t0
    hwm_after, rss_after = _status_kb("VmHWM"), _status_kb("VmRSS")
    return {
        "events": n, "simulated_end": str(last_ts), "elapsed_s": round(elapsed, 1),
        "events_per_s_incl_advance": n / elapsed, "advance_calls": clock.calls,
        "advance_s": round(clock.ns / 1e9, 2),
        "vmhwm_before_mb": round(hwm_before / 1024, 1),
        "vmhwm_after_mb": round(hwm_after / 1024, 1),
        "vmrss_before_mb": round(rss_before / 1024, 1),
        "vmrss_after_mb": round(rss_after / 1024, 1),
        "peak_rss_growth_mb": round((hwm_after - hwm_before) / 1024, 1),
        "open_cases_at_end": session.open_cases, "retained_rows_at_end": session.retained_rows,
        "outputs": outputs + clock.outputs, "errors": errors,
        "session_stats": dict(session.stats), "trail": trail,
        "retention": str(session.retention), "timers": args.get("timers", "durable"),
        "stopped_at_time_budget": stopped,
    }


def _durable_first_reply(limits: dict[str | None, int], channels: set[str]) -> Any:
    """first-reply-chat in durable-rules' own API, the straightforward way.

    One rule joins a customer's inbound message with an agent's outbound reply of the same case
    (durable-rules keeps unmatched events, so a case's first inbound waits for its reply); the
    action records each case's first wait and its reply and decides on the limit. Waits still
    unanswered at the end are swept by ``finish(as_of)``: durable-rules' timers run on the wall
    clock, not on the stream's event time, so they cannot time a replayed log.
    """
    from durable.engine import MessageNotHandledException
    from durable.lang import c, m, post, ruleset, when_all

    name = f"first_reply_stream_{os.getpid()}_{time.monotonic_ns()}"
    first: dict[str, dict[str, Any]] = {}  # case -> its first customer message
    late: set[tuple[str, tuple[str, ...]]] = set()
    answered: set[str] = set()

    with ruleset(name):
        @when_all(c.q << (m.direction == "inbound") & (m.actor == "customer"),
                  c.a << (m.direction == "outbound") & (m.actor == "agent")
                  & (m.case_id == c.q.case_id) & (m.ts >= c.q.ts))
        def replied(ctx: Any) -> None:
            case = ctx.q.case_id
            start = first.get(case)
            if case in answered or start is None:
                return
            answered.add(case)
            if start["channel"] in channels:
                limit = limits.get(start.get("priority"), limits[None])
                if ctx.a.ts - start["ts"] > limit:
                    late.add((case, (start["interaction_id"], ctx.a.interaction_id)))

    def observe(event: dict[str, Any]) -> None:
        if event["direction"] == "inbound" and event["actor"] == "customer":
            first.setdefault(event["case_id"], event)
        try:
            post(name, event)
        except MessageNotHandledException:
            pass  # no rule can use it (a bot message, a system survey, ...)

    def finish(as_of_us: int) -> set[tuple[str, tuple[str, ...]]]:
        for case, start in first.items():
            if case in answered or start["channel"] not in channels:
                continue
            if as_of_us - start["ts"] > limits.get(start.get("priority"), limits[None]):
                late.add((case, (start["interaction_id"],)))
        return late

    return observe, finish


def task_durable(args: dict[str, Any]) -> dict[str, Any]:
    """The same events through durable-rules (first-reply-chat), Session(1 rule), Session(21)."""
    from cx_rules import Session, load_ruleset
    from cx_rules.durations import to_us
    from cx_rules.models.outputs import Violation

    data = Path(args["data"])
    events = list(iter_events(data))[: args["events"]]
    customers = load_customers(data)
    full = load_ruleset(args.get("ruleset", "cx-baseline@2.1.0"))
    one = full.model_copy(deep=True)
    for rule in one.rules:
        rule.enabled = rule.id == RULE
    (spec,) = one.enabled_rules
    params: Any = spec.parsed_params
    limits: dict[str | None, int] = {None: to_us(params.limit)}
    limits.update({p.value: to_us(d) for p, d in params.by_priority.items()})
    channels = {ch.value for ch in params.channels}
    end = events[-1]["timestamp"]
    end_us = int(end.timestamp() * 1_000_000)
    out: dict[str, Any] = {"events": len(events), "rule": RULE,
                           "simulated_span": [str(events[0]["timestamp"]), str(end)]}

    # durable-rules: each event as a JSON-able fact, its interaction id as durable's "id"
    # (without one, durable-rules identifies an event by a hash of its content)
    facts = [{"id": e["interaction_id"], "case_id": e["case_id"],
              "interaction_id": e["interaction_id"], "channel": e["channel"],
              "direction": e["direction"], "actor": e["actor"],
              **({"priority": e["priority"]} if e.get("priority") else {}),
              "ts": int(e["timestamp"].timestamp() * 1_000_000)} for e in events]
    observe, finish = _durable_first_reply(limits, channels)
    lat = []
    for fact in facts:
        t = time.perf_counter_ns()
        observe(fact)
        lat.append(time.perf_counter_ns() - t)
    found = finish(end_us)
    out["durable_rules"] = {"events_per_s": len(lat) / (sum(lat) / 1e9),
                            "latency": _percentiles(lat), "late_cases": len(found)}

    sets: dict[str, set[tuple[str, tuple[str, ...]]]] = {}
    for label, ruleset in (("session_one_rule", one), ("session_baseline", full)):
        session = Session(ruleset, customers=customers)
        clock, errors, lat = Clock(session), dict[str, int](), list[int]()
        got: list[Any] = []
        for event in events:
            clock.before(event["timestamp"])
            t = time.perf_counter_ns()
            try:
                got.extend(session.observe(event))
            except Exception as exc:  # counted, like the other children
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            lat.append(time.perf_counter_ns() - t)
        got.extend(session.close(end))
        mine = {(v.case_id, tuple(v.interaction_ids)) for v in got
                if isinstance(v, Violation) and v.rule_id == RULE}
        sets[label] = mine
        out[label] = {"rules": len(ruleset.enabled_rules),
                      "events_per_s": len(lat) / (sum(lat) / 1e9),
                      "latency": _percentiles(lat), "late_cases": len(mine),
                      "advance_calls": clock.calls, "advance_s": round(clock.ns / 1e9, 3),
                      "errors": errors}
    base = sets["session_baseline"]
    out["agreement"] = {
        "same_late_cases": found == base == sets["session_one_rule"],
        "only_durable": sorted(found - base)[:10], "only_session": sorted(base - found)[:10],
        "n_only_durable": len(found - base), "n_only_session": len(base - found),
    }
    return out


def _violation_key(v: Any) -> tuple[Any, ...]:
    get = v.get if isinstance(v, dict) else v.__getattribute__
    return (get("rule_id"), get("case_id"), tuple(get("interaction_ids")), get("observed"),
            get("limit"), get("message"))


def task_equivalence(args: dict[str, Any]) -> dict[str, Any]:
    """The first ``events`` events through a Session (hourly advance, then close) and through
    ``evaluate``: the same violations, as a multiset? (The property tests do this on small
    random logs; this does it on a long realistic one, with evictions.)"""
    from collections import Counter

    from cx_rules import Session, evaluate, load_ruleset
    from cx_rules.models.outputs import Violation

    data = Path(args["data"])
    ruleset = load_ruleset(args.get("ruleset", "cx-baseline@2.1.0"))
    customers = load_customers(data)
    session = Session(ruleset, customers=customers, timers=args.get("timers", "durable"))
    advanced: list[Any] = []
    clock, errors = Clock(session, advanced), dict[str, int]()
    streamed: Counter[tuple[Any, ...]] = Counter()
    applied: list[dict[str, Any]] = []
    t0 = time.perf_counter()
    for event in iter_events(data):
        clock.before(event["timestamp"])
        before = sum(errors.values())
        try:
            found = session.observe(event)
        except Exception as exc:  # late or evicted: not applied, so not in the batch either
            errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            found = []
        if sum(errors.values()) == before:
            applied.append(event)
        streamed.update(_violation_key(o) for o in found if isinstance(o, Violation))
        if len(applied) + sum(errors.values()) >= args["events"]:
            break
    end = max(e["timestamp"] for e in applied)
    for item in [*advanced, *session.close(end)]:
        if isinstance(item, Violation):
            streamed[_violation_key(item)] += 1
    stream_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    result = evaluate(applied, ruleset, customers=customers, as_of=end)
    batch = Counter(_violation_key(v) for v in result.violations.iter_rows(named=True))
    only_stream, only_batch = streamed - batch, batch - streamed
    return {
        "events": len(applied), "refused": errors, "simulated_end": str(end),
        "timers": args.get("timers", "durable"), "stream_s": round(stream_s, 1),
        "batch_s": round(time.perf_counter() - t1, 1),
        "violations_stream": sum(streamed.values()), "violations_batch": sum(batch.values()),
        "only_stream": sum(only_stream.values()), "only_batch": sum(only_batch.values()),
        "examples_only_stream": [list(k) for k in list(only_stream)[:5]],
        "examples_only_batch": [list(k) for k in list(only_batch)[:5]],
        "inconsistencies": session.inconsistencies[:5],
        "cases_evicted": session.stats["cases_evicted"], "equal": streamed == batch,
    }


TASKS = {"throughput": task_throughput, "memory": task_memory, "durable": task_durable,
         "equivalence": task_equivalence}


def run_child(task: str, args: dict[str, Any]) -> dict[str, Any]:
    """Run a task in a fresh process: its result, peak RSS (wait4) and the load averages."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        load_before = os.getloadavg()
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", task,
                                 "--child-args", json.dumps(args), "--child-out", str(out)])
        _, status, usage = os.wait4(proc.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"benchmark task {task} failed")
        result: dict[str, Any] = json.loads(out.read_text())
    result["child_wall_s"] = round(time.perf_counter() - started, 1)
    result["child_peak_rss_mb"] = round(usage.ru_maxrss / 1024, 1)
    result["load_average"] = {"before": [round(x, 2) for x in load_before],
                              "after": [round(x, 2) for x in os.getloadavg()]}
    return result


# ---------------------------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------------------------


def markdown(report: dict[str, Any]) -> str:
    thr, mem, dur = report["throughput"], report["memory"], report["durable"]
    lat = thr["latency"]
    g = GOALS
    mem_note = " (extrapolated, see JSON)" if mem.get("extrapolated") else ""
    rows = [
        "| measure | result | goal | met |",
        "|---|---|---|---|",
        f"| observe throughput, {thr['open_cases_at_start']:,} open cases, {thr['events']:,} "
        f"events | {thr['events_per_s']:,.0f} events/s ({thr['events_per_s_incl_advance']:,.0f} "
        f"with hourly advance) | ≥ {g['events_per_s']:,} | "
        f"{'yes' if thr['events_per_s'] >= g['events_per_s'] else 'no'} |",
        f"| observe latency p50 / p90 / p99 / max | {lat['p50_ms']:.2f} / {lat['p90_ms']:.2f} / "
        f"{lat['p99_ms']:.2f} / {lat['max_ms']:.1f} ms | p99 ≤ {g['p99_ms']} ms | "
        f"{'yes' if lat['p99_ms'] <= g['p99_ms'] else 'no'} |",
        f"| peak RSS growth, {mem['events']:,} events{mem_note} | {mem['peak_rss_growth_mb']:,.0f}"
        f" MB ({mem['open_cases_at_end']:,} open cases, {mem['retained_rows_at_end']:,} rows "
        f"at the end) | ≤ {g['memory_growth_mb']} MB | "
        f"{'yes' if mem['peak_rss_growth_mb'] <= g['memory_growth_mb'] else 'no'} |",
    ]
    rows += ["", f"Side by side, {RULE}, first {dur['events']:,} events:", "",
             "| engine | events/s | p50 ms | p99 ms | late cases |", "|---|---|---|---|---|"]
    for label, name in (("durable_rules", "durable-rules (`post`, one `when_all` join)"),
                        ("session_one_rule", "Session, that rule only"),
                        ("session_baseline", "Session, cx-baseline (21 rules)")):
        d = dur[label]
        rows.append(f"| {name} | {d['events_per_s']:,.0f} | {d['latency']['p50_ms']:.3f} | "
                    f"{d['latency']['p99_ms']:.3f} | {d['late_cases']:,} |")
    rows.append("")
    rows.append(f"Same late cases: {dur['agreement']['same_late_cases']}.")
    return "\n".join(rows)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="streaming.py", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="smoke run: 2k open cases, 5k events, 50k memory events")
    parser.add_argument("--rows", type=int, default=None, help="rows of the generated log")
    parser.add_argument("--days", type=int, default=None,
                        help="days over which cases start (longer than the 30-day retention so "
                             "that cases are evicted)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--open-cases", type=int, default=None)
    parser.add_argument("--events", type=int, default=None, help="timed observe calls")
    parser.add_argument("--memory-events", type=int, default=None)
    parser.add_argument("--memory-budget-min", type=float, default=20.0,
                        help="run fewer memory events if they would take longer than this")
    parser.add_argument("--compare-events", type=int, default=None,
                        help="events for the durable-rules side by side")
    parser.add_argument("--profile", action="store_true",
                        help="cProfile the throughput phase (slows it: figures then separate)")
    parser.add_argument("--memory-timers", choices=("durable", "heap"), default="durable",
                        help="the memory session's timers (heap: to tell durable-rules' share)")
    parser.add_argument("--equivalence-events", type=int, default=None,
                        help="events streamed and evaluated in batch for the equivalence check")
    parser.add_argument("--timers", choices=("durable", "heap"), default="durable",
                        help="the equivalence session's timers")
    parser.add_argument("--only", choices=sorted(TASKS), action="append")
    parser.add_argument("--ruleset", default="cx-baseline@2.1.0",
                        help="NAME[@VERSION] or file (default cx-baseline@2.1.0, the release "
                             "the published figures are of)")
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--child-args", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", type=Path, help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.child:
        result = TASKS[opts.child](json.loads(opts.child_args))
        opts.child_out.write_text(json.dumps(result, default=str))
        return 0

    from benchmarks.run import machine_info

    quick = opts.quick
    rows = opts.rows or (100_000 if quick else 1_000_000)
    days = opts.days or 120
    open_cases = opts.open_cases or (2_000 if quick else 10_000)
    events = opts.events or (5_000 if quick else 20_000)
    memory_events = opts.memory_events or (50_000 if quick else 1_000_000)
    compare = opts.compare_events or events
    out_path = opts.out or RESULTS / ("streaming-quick.json" if quick else "streaming.json")
    equivalence = opts.equivalence_events or (20_000 if quick else 200_000)
    tasks = opts.only or ["throughput", "durable", "memory", "equivalence"]

    data = ensure_dataset(max(rows, memory_events), days, opts.seed)
    report: dict[str, Any] = {
        "machine": machine_info(), "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join(["python benchmarks/streaming.py", *(argv or sys.argv[1:])]),
        "data": {"rows": max(rows, memory_events), "days": days, "seed": opts.seed,
                 "generator": "benchmarks/generate.py"},
        "goals": GOALS, "load_average_before": [round(x, 2) for x in os.getloadavg()],
    }
    common = {"data": str(data), "ruleset": opts.ruleset}
    out_path.parent.mkdir(parents=True, exist_ok=True)

    def save() -> None:
        out_path.write_text(json.dumps(report, indent=2, default=str) + "\n")

    if "throughput" in tasks:
        print(f"throughput/latency: {open_cases:,} open cases, {events:,} events",
              file=sys.stderr, flush=True)
        report["throughput"] = run_child("throughput", {**common, "open_cases": open_cases,
                                                        "events": events})
        save()
        if opts.profile:
            print("profile of the throughput phase", file=sys.stderr, flush=True)
            prof = run_child("throughput", {**common, "open_cases": open_cases,
                                            "events": events, "profile": True})
            report["profile"] = {"events_per_s_under_profiler": prof["events_per_s"],
                                 **prof["profile"]}
            save()
    if "durable" in tasks:
        print(f"durable-rules side by side: {compare:,} events", file=sys.stderr, flush=True)
        report["durable"] = run_child("durable", {**common, "events": compare})
        save()
    if "memory" in tasks:
        rate = (report.get("throughput") or {}).get("events_per_s_incl_advance")
        run_events, note = memory_events, None
        budget_s = opts.memory_budget_min * 60
        if rate and memory_events / rate > budget_s * 1.25:
            run_events = int(rate * budget_s) // 10_000 * 10_000
            note = (f"{memory_events:,} events would take ~{memory_events / rate / 60:.0f} min "
                    f"at {rate:,.0f} events/s; ran {run_events:,}")
        print(f"memory: {run_events:,} events", file=sys.stderr, flush=True)
        mem = run_child("memory", {**common, "events": run_events, "max_s": budget_s * 1.25,
                                   "timers": opts.memory_timers})
        if mem["stopped_at_time_budget"]:
            note = (f"stopped at the time budget ({opts.memory_budget_min * 1.25:.0f} min) "
                    f"after {mem['events']:,} of {run_events:,} events")
        if note:
            growth = mem["peak_rss_growth_mb"]
            mem["extrapolated"] = {
                "note": note, "requested_events": memory_events,
                "formula": "growth_1M ≈ growth_run * requested_events / run_events (linear: an "
                           "upper bound once evictions balance new cases)",
                "linear_growth_mb": round(growth * memory_events / mem["events"], 1)}
        report["memory"] = mem
    if "equivalence" in tasks:
        print(f"equivalence with batch: {equivalence:,} events", file=sys.stderr, flush=True)
        # a log of its own size over the same days, so that cases get evicted
        own = ensure_dataset(equivalence, days, opts.seed)
        report["equivalence"] = run_child("equivalence", {"data": str(own),
                                                          "events": equivalence,
                                                          "timers": opts.timers})
        save()
    report["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    report["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    save()
    print(f"wrote {out_path}", file=sys.stderr)
    if all(k in report for k in ("throughput", "memory", "durable")):
        print(markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
