"""Benchmarks of the batch core at high volume, with the targets measured side by side.

::

    python benchmarks/run.py --sizes 100k 1M 10M --reference-size 50k --out benchmarks/results/
    python benchmarks/run.py --size 1M                      # one size, no side-by-side ratios
    python benchmarks/run.py --partitioned 50M --partitions 16     # larger-than-memory mode

For every size the seeded generator (``benchmarks/generate.py``, seed ``--seed``) writes
``benchmarks/data/<size>-s<seed>/{interactions,customers}.parquet`` once; later runs reuse it.
Each measurement runs in a fresh child process, so its peak RSS (``wait4`` rusage) is its own:

* **end to end** (``--repeat`` runs, median reported): ``evaluate`` of the ruleset (default the
  shipped ``cx-baseline``) from Parquet, then the arbitrated actions, the scores by case,
  customer, agent, channel and category, and all of it written back as Parquet;
* **profile**: per-rule time of each rule's plan (the engine's own plan, collected alone) next
  to its **floor**, the minimal hand-written polars query of ``benchmarks/floors.py``; both
  must return the same violation keys, and the per-kind ratio is the kind's overhead;
* with ``--sizes`` (or ``--reference-size``/``--durable-size``): **(a)** the vectorized core
  against the row-by-row reference evaluator and **(b)** against durable-rules' own API
  evaluating the first-reply rule on the same events, both checked for the same answers.

Results: ``benchmarks/results/batch-<size>.json`` per size (machine, runs, stages, peak RSS,
per-rule and per-kind timings with floors), ``batch-reference.json``, ``batch-durable.json``,
``batch-<size>-partitioned.json`` and ``batch-summary.json`` (table, ratios, scaling exponent
fitted on log(time) vs log(rows)). A Markdown summary is printed at the end.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make ``benchmarks`` and ``cx_rules`` importable
    sys.path.insert(0, str(ROOT))

import polars as pl  # noqa: E402

from cx_rules.errors import RulesetError  # noqa: E402
from cx_rules.models.ruleset import Ruleset  # noqa: E402
from cx_rules.outputs.scores import DIMENSIONS  # noqa: E402

BENCH = Path(__file__).resolve().parent
DATA = BENCH / "data"
RESULTS = BENCH / "results"
CHUNK_ROWS = 5_000_000
"""Larger logs are generated in parts of this many rows (bounded memory) and merged."""

TEXT_KINDS = frozenset({"pii_exposure"})
"""Kinds that scan message text (the 2M rows/s target excludes them)."""

DURABLE_RULE = "first-reply-chat"

TARGETS = {
    "wall_10M_s": 60.0,
    "rss_10M_gib": 6.0,
    "rows_per_s_no_text": 2_000_000,
    "floor_ratio_max": 1.5,
    "reference_ratio_min": 100.0,
    "durable_ratio_min": 20.0,
    "rss_partitioned_gib": 8.0,
}


# ---------------------------------------------------------------------------------------------
# Sizes, data sets, rulesets, machine
# ---------------------------------------------------------------------------------------------


def parse_size(text: str) -> int:
    """``100k``, ``1M``, ``10M``, ``50M`` or a plain number of rows."""
    m = re.fullmatch(r"(\d+(?:\.\d+)?)\s*([kKmM]?)", text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {text!r} (write e.g. 100k, 1M, 10M)")
    factor = {"": 1, "k": 1_000, "m": 1_000_000}[m.group(2).lower()]
    return int(float(m.group(1)) * factor)


def size_label(rows: int) -> str:
    """The short label of a row count: 100k, 1M, 10M, 12345."""
    if rows % 1_000_000 == 0:
        return f"{rows // 1_000_000}M"
    if rows % 1_000 == 0:
        return f"{rows // 1_000}k"
    return str(rows)


def _generate(rows: int, seed: int, out: Path, chunk_rows: int | None) -> None:
    cmd = [sys.executable, str(BENCH / "generate.py"), "--rows", str(rows), "--seed", str(seed),
           "--out", str(out)]
    if chunk_rows is not None:
        cmd += ["--chunk-rows", str(chunk_rows)]
    print(f"generating {rows:,} rows into {out} ...", file=sys.stderr, flush=True)
    subprocess.run(cmd, check=True)


def ensure_dataset(rows: int, seed: int, data_dir: Path = DATA) -> Path:
    """A directory with ``interactions.parquet`` and ``customers.parquet`` of ``rows`` rows,
    generated with ``seed`` unless already there. Logs over ``CHUNK_ROWS`` rows are generated
    in parts (each with its own customers) and merged with a streaming copy."""
    target = data_dir / f"{size_label(rows)}-s{seed}"
    done = target / "interactions.parquet"
    if done.exists() and (target / "customers.parquet").exists():
        return target
    target.mkdir(parents=True, exist_ok=True)
    if rows <= CHUNK_ROWS:
        _generate(rows, seed, target, None)
        return target
    parts = target / "parts"
    _generate(rows, seed, parts, CHUNK_ROWS)
    for name in ("customers", "interactions"):
        pl.scan_parquet(sorted(parts.glob(f"{name}-*.parquet"))).sink_parquet(
            target / f"{name}.parquet", compression="zstd")
    shutil.rmtree(parts)
    return target


def ensure_parts(rows: int, seed: int, data_dir: Path = DATA) -> Path:
    """A directory of ``interactions-NNNNN.parquet``/``customers-NNNNN.parquet`` parts."""
    target = data_dir / f"{size_label(rows)}-s{seed}-parts"
    if not any(target.glob("interactions-*.parquet")):
        _generate(rows, seed, target, CHUNK_ROWS)
    return target


def load_benchmark_ruleset(spec: str) -> tuple[Ruleset, list[str]]:
    """The ruleset, or, while some of its kinds are not installed yet, the ruleset without the
    rules of those kinds (their ids are returned so that results say what was left out)."""
    from ruamel.yaml import YAML

    from cx_rules.kinds.registry import get_kind
    from cx_rules.ruleset.load import load_ruleset, parse_ruleset_text, resolve

    try:
        return load_ruleset(spec), []
    except RulesetError:
        path = resolve(spec)
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    skipped = [r["id"] for r in data["rules"] if get_kind(r["kind"]) is None]
    data["rules"] = [r for r in data["rules"] if get_kind(r["kind"]) is not None]
    data.pop("tests", None)
    buf = io.StringIO()
    yaml.dump(data, buf)
    return parse_ruleset_text(buf.getvalue(), f"{path} (without {', '.join(skipped)})"), skipped


def machine_info() -> dict[str, Any]:
    """CPU count and model, RAM, Python, polars, pyarrow, durable-rules, the git commit and
    whether the tree is dirty (shared by the benchmark scripts)."""
    model = platform.processor() or ""
    ram = 0
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram = int(line.split()[1]) * 1024
    except OSError:
        pass

    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "--no-optional-locks", *args], cwd=ROOT, check=True,
                                  capture_output=True, text=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""

    from importlib.metadata import version

    import pyarrow

    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": model,
        "ram_gib": round(ram / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "polars": pl.__version__,
        "pyarrow": pyarrow.__version__,
        "durable_rules": version("durable-rules"),
        "git_commit": git("rev-parse", "HEAD"),
        "git_dirty": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


def _median(values: Sequence[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def _timed(fn: Callable[[], Any], repeat: int = 1) -> tuple[float, Any]:
    """Median seconds of ``repeat`` calls and the last result."""
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return _median(times), out


# ---------------------------------------------------------------------------------------------
# Child tasks (each runs in its own process; the parent records its peak RSS)
# ---------------------------------------------------------------------------------------------


def task_end_to_end(args: dict[str, Any]) -> dict[str, Any]:
    """Parquet in → violations, actions and scores out (written as Parquet)."""
    from cx_rules import evaluate

    ruleset, skipped = load_benchmark_ruleset(args["ruleset"])
    data, out = Path(args["data"]), Path(args["out"])
    out.mkdir(parents=True, exist_ok=True)
    stages: dict[str, float] = {}
    start = time.perf_counter()
    result = evaluate(data / "interactions.parquet", ruleset,
                      customers=data / "customers.parquet")
    stages["evaluate"] = time.perf_counter() - start
    stages["rules"] = result.timings[0].seconds if result.timings else 0.0
    t = time.perf_counter()
    actions, suppressed = result.actions, result.suppressed_actions
    stages["actions"] = time.perf_counter() - t
    t = time.perf_counter()
    scores = {d: result.scores(d) for d in DIMENSIONS}
    stages["scores"] = time.perf_counter() - t
    t = time.perf_counter()
    result.violations.write_parquet(out / "violations.parquet")
    actions.write_parquet(out / "actions.parquet")
    suppressed.write_parquet(out / "suppressed_actions.parquet")
    for d, frame in scores.items():
        frame.write_parquet(out / f"scores-{d}.parquet")
    stages["write"] = time.perf_counter() - t
    wall = time.perf_counter() - start
    summary = result.summary
    return {
        "wall_s": wall,
        "stages_s": stages,
        "rows_read": summary.rows_read,
        "rows_evaluated": summary.rows_evaluated,
        "rows_rejected": summary.rows_rejected,
        "cases": summary.cases,
        "customers": summary.customers,
        "violations": summary.violations,
        "actions": actions.height,
        "suppressed_actions": suppressed.height,
        "by_rule": summary.by_rule,
        "rules": [r.id for r in ruleset.enabled_rules],
        "skipped_rules": skipped,
    }


def _text_scanning(rule: Any) -> bool:
    if rule.kind in TEXT_KINDS:
        return True
    if rule.kind == "condition":
        return "text" in str(rule.parsed_params.when)
    return False


def task_profile(args: dict[str, Any]) -> dict[str, Any]:
    """Per-rule time of each rule's plan next to its floor (same keys asserted)."""
    from benchmarks import floors
    from cx_rules import evaluate
    from cx_rules.engine.run import prepare, rule_plan
    from cx_rules.kinds.base import EvalContext

    ruleset, skipped = load_benchmark_ruleset(args["ruleset"])
    data, repeat = Path(args["data"]), int(args["repeat"])
    result = evaluate(data / "interactions.parquet", ruleset,
                      customers=data / "customers.parquet", profile=True)
    engine_profile = {t.rule_id: t.seconds for t in result.timings}
    frame, profiles = result.interactions, result.customers
    as_of = result.summary.as_of
    assert as_of is not None
    prepare_s, ordered = _timed(lambda: prepare(frame), repeat)
    ctx = EvalContext(
        interactions=ordered.lazy(),
        customers=profiles.lazy() if profiles is not None else None,
        calendar=ruleset.calendar, as_of=as_of,
    )
    inp = floors.FloorInput(ordered, profiles, ruleset.calendar, as_of)
    rows = frame.height
    per_rule: list[dict[str, Any]] = []
    for rule in ruleset.enabled_rules:
        kind_times, floor_times = [], []
        kind_out = floor_out = None
        floor = floors.floor_for(rule)
        plan = rule_plan(ruleset, rule, ctx)
        floor_plan = floor(rule.parsed_params, inp) if floor is not None else None
        for _ in range(repeat):  # alternate, so both see the same machine load
            s, kind_out = _timed(plan.collect)
            kind_times.append(s)
            if floor_plan is not None:
                s, floor_out = _timed(floor_plan.collect)
                floor_times.append(s)
        entry: dict[str, Any] = {
            "rule_id": rule.id,
            "kind": rule.kind,
            "text_scanning": _text_scanning(rule),
            "seconds": _median(kind_times),
            "profile_seconds": engine_profile.get(rule.id),
            "rows_per_s": rows / _median(kind_times),
            "violations": kind_out.height if kind_out is not None else 0,
        }
        if floor is not None and kind_out is not None and floor_out is not None:
            same = floors.violation_keys(kind_out) == floors.violation_keys(floor_out)
            entry.update(floor_seconds=_median(floor_times), floor_same_keys=same,
                         floor_ratio=_median(kind_times) / _median(floor_times))
        per_rule.append(entry)
    kinds: dict[str, dict[str, Any]] = {}
    for kind in dict.fromkeys(r["kind"] for r in per_rule):
        members = [r for r in per_rule if r["kind"] == kind]
        seconds = sum(r["seconds"] for r in members)
        entry = {"rules": len(members), "seconds": seconds, "rows_per_s": rows / seconds,
                 "text_scanning": any(r["text_scanning"] for r in members),
                 "violations": sum(r["violations"] for r in members)}
        if all("floor_seconds" in r for r in members):
            floor_s = sum(r["floor_seconds"] for r in members)
            entry.update(floor_seconds=floor_s, floor_ratio=seconds / floor_s,
                         floor_same_keys=all(r["floor_same_keys"] for r in members))
        kinds[kind] = entry
    return {"rows": rows, "repeat": repeat, "prepare_s": prepare_s, "rules": per_rule,
            "kinds": kinds, "skipped_rules": skipped}


def _ref_key(v: dict[str, Any]) -> tuple[Any, ...]:
    return (v["rule_id"], v["case_id"], v["customer_id"], tuple(v["interaction_ids"]),
            v["observed"], v["limit"], v["message"])


def task_reference(args: dict[str, Any]) -> dict[str, Any]:
    """(a) the vectorized core against the row-by-row reference evaluator, same answers."""
    from cx_rules import evaluate
    from cx_rules.engine.reference import checker, reference_evaluate
    from cx_rules.engine.run import run_rules

    full, skipped = load_benchmark_ruleset(args["ruleset"])
    missing = [r.id for r in full.enabled_rules if checker(r.kind) is None]
    ruleset = full
    if missing:  # compare on the rules that have a reference implementation
        ruleset = full.model_copy(deep=True)
        for rule in ruleset.rules:
            if rule.id in missing:
                rule.enabled = False
    data, repeat = Path(args["data"]), int(args["repeat"])
    paths = (data / "interactions.parquet", data / "customers.parquet")
    e2e_s, result = _timed(lambda: evaluate(paths[0], ruleset, customers=paths[1]), repeat)
    frame, profiles = result.interactions, result.customers
    as_of = result.summary.as_of
    engine_s, (fast, _) = _timed(lambda: run_rules(ruleset, frame, profiles, as_of), repeat)
    rows = frame.drop("_source", "_row").to_dicts()
    customers = profiles.to_dicts() if profiles is not None else None
    ref_s, slow = _timed(lambda: reference_evaluate(rows, ruleset, customers, as_of))
    got = Counter(_ref_key(v) for v in fast.iter_rows(named=True))
    want = Counter(_ref_key(v) for v in slow)
    return {
        "rows": frame.height, "rules": [r.id for r in ruleset.enabled_rules],
        "rules_without_reference": missing, "skipped_rules": skipped,
        "core_end_to_end_s": e2e_s, "core_engine_s": engine_s, "reference_s": ref_s,
        "ratio_end_to_end": ref_s / e2e_s, "ratio_engine": ref_s / engine_s,
        "violations": sum(want.values()), "same_violations": got == want,
        "only_core": sum((got - want).values()), "only_reference": sum((want - got).values()),
    }


def _durable_first_reply(events: list[dict[str, Any]], limits: dict[str | None, int],
                         channels: set[str], as_of_us: int) -> set[tuple[str, tuple[str, ...]]]:
    """The first-reply rule the straightforward durable-rules way: post every event; one rule
    correlates a customer's inbound message with the next agent reply of the same case; the
    action keeps the first wait of each case. Waits never answered are swept at the end."""
    from durable.engine import MessageNotHandledException
    from durable.lang import c, m, post, ruleset, when_all

    name = f"first_reply_{os.getpid()}_{time.monotonic_ns()}"
    first: dict[str, tuple[dict[str, Any], dict[str, Any] | None]] = {}

    with ruleset(name):
        @when_all(c.q << (m.direction == "inbound") & (m.actor == "customer"),
                  c.a << (m.direction == "outbound") & (m.actor == "agent")
                  & (m.case_id == c.q.case_id) & (m.ts >= c.q.ts))
        def replied(ctx: Any) -> None:
            # the wait opened by the case's first customer message ends at this reply
            case = ctx.q.case_id
            start, reply = first.get(case, (dict(ctx.q._d), None))
            if reply is None:
                first[case] = (start, dict(ctx.a._d))

    for event in events:
        if event["direction"] == "inbound" and event["actor"] == "customer":
            first.setdefault(event["case_id"], (event, None))  # the wait's start, until answered
        try:
            post(name, event)
        except MessageNotHandledException:
            pass  # an event no rule can use (a bot message, a system survey, ...)
    found: set[tuple[str, tuple[str, ...]]] = set()
    for case, (start, reply) in first.items():
        if start["channel"] not in channels:
            continue
        limit = limits.get(start.get("priority"), limits[None])
        end = reply["ts"] if reply is not None else as_of_us
        if end - start["ts"] > limit:
            ids = (start["interaction_id"],) + ((reply["interaction_id"],) if reply else ())
            found.add((case, ids))
    return found


def task_durable(args: dict[str, Any]) -> dict[str, Any]:
    """(b) the core against durable-rules evaluating the first-reply rule on the same events."""
    from cx_rules import evaluate
    from cx_rules.durations import to_us
    from cx_rules.engine.run import run_rules

    full, _ = load_benchmark_ruleset(args["ruleset"])
    ruleset = full.model_copy(deep=True)
    for rule in ruleset.rules:
        rule.enabled = rule.id == DURABLE_RULE
    (rule,) = ruleset.enabled_rules
    params: Any = rule.parsed_params
    data, repeat = Path(args["data"]), int(args["repeat"])
    raw = pl.read_parquet(data / "interactions.parquet")
    e2e_s, result = _timed(lambda: evaluate(raw, ruleset), repeat)
    frame, as_of = result.interactions, result.summary.as_of
    engine_s, (fast, _) = _timed(lambda: run_rules(ruleset, frame, None, as_of), repeat)
    # durable-rules identifies an event by its "id" (without one, by a hash of its content,
    # and two different events of a large log can share that hash: the second is then refused
    # as already observed), so each event carries its interaction id as its "id"
    events_s, events = _timed(lambda: [
        {k: v for k, v in e.items() if v is not None}
        for e in frame.select(pl.col("interaction_id").alias("id"), "case_id", "interaction_id",
                              "channel", "direction", "actor", "priority",
                              pl.col("timestamp").dt.epoch("us").alias("ts"))
        .to_dicts()
    ])
    limits: dict[str | None, int] = {None: to_us(params.limit)}
    limits.update({p.value: to_us(d) for p, d in params.by_priority.items()})
    channels = {c.value for c in params.channels}
    as_of_us = int(as_of.timestamp() * 1_000_000)
    durable_s, found = _timed(lambda: _durable_first_reply(events, limits, channels, as_of_us))
    core = {(r["case_id"], tuple(r["interaction_ids"])) for r in fast.iter_rows(named=True)}
    return {
        "rows": frame.height, "rule": DURABLE_RULE,
        "core_end_to_end_s": e2e_s, "core_engine_s": engine_s, "durable_s": durable_s,
        "durable_events_build_s": events_s,
        "core_rows_per_s": frame.height / e2e_s, "durable_events_per_s": frame.height / durable_s,
        # end to end: the core reads and validates the raw log; durable-rules gets its event
        # dicts built from the canonical frame (the build counted on its side)
        "ratio_end_to_end": (durable_s + events_s) / e2e_s, "ratio_engine": durable_s / engine_s,
        "violations": len(core), "same_violations": core == found,
        "only_core": len(core - found), "only_durable": len(found - core),
    }


def task_partitioned(args: dict[str, Any]) -> dict[str, Any]:
    """The larger-than-memory mode on a Parquet dataset (glob)."""
    from cx_rules.app.partitioned import evaluate_partitioned

    ruleset, skipped = load_benchmark_ruleset(args["ruleset"])
    start = time.perf_counter()
    result = evaluate_partitioned(args["glob"], ruleset, customers=args["customers"],
                                  partitions=int(args["partitions"]), out_dir=args["out"])
    wall = time.perf_counter() - start
    summary = result.summary
    return {
        "wall_s": wall, "stages_s": result.stages, "partitions": int(args["partitions"]),
        "rows_read": summary.rows_read, "rows_evaluated": summary.rows_evaluated,
        "rows_rejected": summary.rows_rejected, "cases": summary.cases,
        "customers": summary.customers, "violations": summary.violations,
        "actions": result.actions, "by_rule": summary.by_rule, "skipped_rules": skipped,
        "max_partition_rows": result.max_partition_rows,
    }


TASKS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "end_to_end": task_end_to_end,
    "profile": task_profile,
    "reference": task_reference,
    "durable": task_durable,
    "partitioned": task_partitioned,
}


def run_child(task: str, args: dict[str, Any]) -> dict[str, Any]:
    """Run a task in a fresh Python process; adds its peak RSS and the load averages."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        load_before = os.getloadavg()
        proc = subprocess.Popen([sys.executable, str(Path(__file__).resolve()), "--child", task,
                                 "--child-args", json.dumps(args), "--child-out", str(out)])
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            raise RuntimeError(f"benchmark task {task} failed (exit {proc.returncode})")
        result: dict[str, Any] = json.loads(out.read_text())
    result["peak_rss_bytes"] = usage.ru_maxrss * 1024  # kilobytes on Linux
    result["peak_rss_gib"] = round(usage.ru_maxrss / 2**20, 2)
    result["load_average"] = {"before": [round(x, 2) for x in load_before],
                              "after": [round(x, 2) for x in os.getloadavg()]}
    return result


# ---------------------------------------------------------------------------------------------
# Orchestration
# ---------------------------------------------------------------------------------------------


def _write(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2, default=str) + "\n")
    print(f"wrote {path}", file=sys.stderr, flush=True)


def bench_size(rows: int, opts: argparse.Namespace, machine: dict[str, Any]) -> dict[str, Any]:
    """End-to-end runs and the profile of one size; writes ``batch-<size>.json``."""
    label = size_label(rows)
    data = ensure_dataset(rows, opts.seed, opts.data)
    repeat = opts.repeat or (3 if rows <= 1_000_000 else 1)
    out_dir = opts.data / "out" / label
    runs = []
    for i in range(repeat):
        print(f"[{label}] end-to-end run {i + 1}/{repeat}", file=sys.stderr, flush=True)
        runs.append(run_child("end_to_end", {"ruleset": opts.ruleset, "data": str(data),
                                             "out": str(out_dir)}))
    shutil.rmtree(out_dir, ignore_errors=True)
    profile = None
    if not opts.no_profile:
        print(f"[{label}] profile and floors", file=sys.stderr, flush=True)
        profile = run_child("profile", {"ruleset": opts.ruleset, "data": str(data),
                                        "repeat": opts.profile_repeat or (3 if rows <= 1_000_000
                                                                          else 1)})
    wall = _median([r["wall_s"] for r in runs])
    stages = {k: _median([r["stages_s"][k] for r in runs]) for k in runs[0]["stages_s"]}
    report = {
        "kind": "batch", "size": label, "rows": rows, "seed": opts.seed,
        "ruleset": opts.ruleset, "skipped_rules": runs[0]["skipped_rules"],
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "machine": machine,
        "wall_s": wall, "rows_per_s": rows / wall, "stages_s": stages,
        "peak_rss_gib": max(r["peak_rss_gib"] for r in runs),
        "runs": runs, "profile": profile,
    }
    _write(opts.out / f"batch-{label}.json", report)
    return report


def fit_exponent(points: Sequence[tuple[int, float]]) -> float | None:
    """Least-squares slope of log(time) against log(rows)."""
    if len(points) < 2:
        return None
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(t) for _, t in points]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    den = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / den if den else None


def markdown(reports: list[dict[str, Any]], summary: dict[str, Any]) -> str:
    """The README tables."""
    lines = ["| size | wall (s) | rows/s | peak RSS (GiB) | evaluate (s) | of which rules (s) |"
             " actions (s) | scores (s) | write (s) |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in reports:
        s = r["stages_s"]
        lines.append(f"| {r['size']} | {r['wall_s']:.1f} | {r['rows_per_s']:,.0f} | "
                     f"{r['peak_rss_gib']:.2f} | {s['evaluate']:.1f} | {s['rules']:.1f} | "
                     f"{s['actions']:.1f} | {s['scores']:.1f} | {s['write']:.1f} |")
    profiled = [r for r in reports if r.get("profile")]
    if profiled:
        big = profiled[-1]
        prof = big["profile"]
        lines += ["", f"Per rule kind at {big['size']} (plan collected alone; floor = minimal "
                  "hand-written polars query with the same violation keys):", "",
                  "| kind | rules | seconds | rows/s | floor (s) | kind / floor | same keys |",
                  "|---|---|---|---|---|---|---|"]
        for kind, k in prof["kinds"].items():
            floor = (f"{k['floor_seconds']:.2f} | {k['floor_ratio']:.2f}x | "
                     f"{'yes' if k['floor_same_keys'] else 'NO'}"
                     if "floor_seconds" in k else "- | - | -")
            text = " (text)" if k["text_scanning"] else ""
            lines.append(f"| {kind}{text} | {k['rules']} | {k['seconds']:.2f} | "
                         f"{k['rows_per_s']:,.0f} | {floor} |")
    ref, dur = summary.get("reference"), summary.get("durable")
    if ref:
        lines += ["", f"(a) reference evaluator, {ref['rows']:,} rows: core end to end "
                  f"{ref['core_end_to_end_s']:.2f} s vs reference {ref['reference_s']:.1f} s = "
                  f"**{ref['ratio_end_to_end']:.0f}x** (engine only {ref['ratio_engine']:.0f}x); "
                  f"same violations: {ref['same_violations']}"]
    if dur:
        lines += [f"(b) durable-rules, {DURABLE_RULE}, {dur['rows']:,} events: core end to end "
                  f"{dur['core_end_to_end_s']:.2f} s vs durable-rules {dur['durable_s']:.2f} s (+ "
                  f"{dur['durable_events_build_s']:.2f} s building its events) = "
                  f"**{dur['ratio_end_to_end']:.0f}x** (engine only {dur['ratio_engine']:.0f}x); "
                  f"same violations: {dur['same_violations']}"]
    if summary.get("exponent") is not None:
        lines += [f"Scaling exponent (log wall vs log rows): **{summary['exponent']:.2f}**"]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: see the module docstring."""
    parser = argparse.ArgumentParser(prog="run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=parse_size, action="append", default=[],
                        help="a size to benchmark (100k, 1M, 10M); may repeat")
    parser.add_argument("--sizes", type=parse_size, nargs="+", default=[],
                        help="several sizes; also runs the side-by-side ratios")
    parser.add_argument("--reference-size", type=parse_size, default=None,
                        help="rows for the reference comparison (default 50k with --sizes)")
    parser.add_argument("--durable-size", type=parse_size, default=None,
                        help="events for the durable-rules comparison (default 100k with "
                             "--sizes)")
    parser.add_argument("--partitioned", type=parse_size, default=None,
                        help="rows for the larger-than-memory run (e.g. 50M)")
    parser.add_argument("--partitions", type=int, default=16)
    parser.add_argument("--ruleset", default="cx-baseline@2.1.0",
                        help="the ruleset to time (pinned: the published figures are of 2.1.0)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=None,
                        help="end-to-end runs per size (default 3 up to 1M, else 1)")
    parser.add_argument("--profile-repeat", type=int, default=None)
    parser.add_argument("--no-profile", action="store_true")
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--child", choices=sorted(TASKS), help=argparse.SUPPRESS)
    parser.add_argument("--child-args", help=argparse.SUPPRESS)
    parser.add_argument("--child-out", help=argparse.SUPPRESS)
    opts = parser.parse_args(argv)
    if opts.child:
        result = TASKS[opts.child](json.loads(opts.child_args))
        Path(opts.child_out).write_text(json.dumps(result, default=str))
        return 0
    sizes = sorted(set(opts.size + opts.sizes))
    side_by_side = bool(opts.sizes)
    ref_rows = opts.reference_size or (50_000 if side_by_side else None)
    durable_rows = opts.durable_size or (100_000 if side_by_side else None)
    if not (sizes or ref_rows or durable_rows or opts.partitioned):
        parser.error("give --size, --sizes, --reference-size, --durable-size or --partitioned")
    machine = machine_info()
    reports = [bench_size(rows, opts, machine) for rows in sizes]
    summary: dict[str, Any] = {
        "kind": "batch-summary", "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": " ".join([Path(sys.executable).name, *sys.argv]), "machine": machine,
        "targets": TARGETS,
        "table": [{k: r[k] for k in ("size", "rows", "wall_s", "rows_per_s", "peak_rss_gib",
                                     "stages_s")} for r in reports],
    }
    if ref_rows:
        print(f"(a) reference comparison on {ref_rows:,} rows", file=sys.stderr, flush=True)
        ref = run_child("reference", {"ruleset": opts.ruleset, "repeat": 3,
                                      "data": str(ensure_dataset(ref_rows, opts.seed, opts.data))})
        _write(opts.out / "batch-reference.json", {"machine": machine, **ref})
        summary["reference"] = ref
    if durable_rows:
        print(f"(b) durable-rules comparison on {durable_rows:,} events", file=sys.stderr,
              flush=True)
        dur = run_child("durable", {"ruleset": opts.ruleset, "repeat": 3,
                                    "data": str(ensure_dataset(durable_rows, opts.seed,
                                                               opts.data))})
        _write(opts.out / "batch-durable.json", {"machine": machine, **dur})
        summary["durable"] = dur
    if opts.partitioned:
        label = size_label(opts.partitioned)
        parts = ensure_parts(opts.partitioned, opts.seed, opts.data)
        out_dir = opts.data / "out" / f"{label}-partitioned"
        print(f"partitioned run on {label} ({opts.partitions} partitions)", file=sys.stderr,
              flush=True)
        part = run_child("partitioned", {
            "ruleset": opts.ruleset, "glob": str(parts / "interactions-*.parquet"),
            "customers": str(parts / "customers-*.parquet"), "partitions": opts.partitions,
            "out": str(out_dir)})
        part.update(size=label, rows=opts.partitioned, rows_per_s=opts.partitioned
                    / part["wall_s"], machine=machine,
                    command=" ".join([Path(sys.executable).name, *sys.argv]))
        _write(opts.out / f"batch-{label}-partitioned.json", part)
        summary["partitioned"] = {k: part[k] for k in ("size", "rows", "partitions", "wall_s",
                                                       "rows_per_s", "peak_rss_gib")}
    points = [(r["rows"], r["wall_s"]) for r in reports]
    summary["exponent"] = fit_exponent(points)
    summary["exponent_rules"] = fit_exponent([(r["rows"], r["stages_s"]["rules"])
                                              for r in reports])
    if len(reports) > 1 or ref_rows or durable_rows:
        _write(opts.out / "batch-summary.json", summary)
    print(markdown(reports, summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
