"""Scaling benchmark of the dask engine: the same log on 1 and 2 worker processes.

    python benchmarks/distributed.py                       # 2M rows, 1 and 2 workers
    python benchmarks/distributed.py --rows 200000 --workers 1 2 --partitions 4

Generates (once, seeded) a log of ``--rows`` touchpoints in Parquet parts of ``--chunk-rows``
under ``benchmarks/data/distributed-<rows>/``, then for each worker count starts a
``LocalCluster`` of that many single-threaded worker processes and runs
:func:`cx_rules.app.distributed.evaluate_distributed`. Records the wall time and stage times,
the seconds of every task (the per-partition cost), and the bytes each stage wrote to shared
storage (split = the shuffle volume), in ``benchmarks/results/distributed.json``. The projection
to 10 and 100 workers in docs/distributed.md is derived from these figures.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# run as a script, this file's directory comes first on sys.path and "distributed" would be
# this module instead of Dask's package
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "benchmarks"]
sys.path.insert(0, str(ROOT))


def _data(rows: int, chunk_rows: int, seed: int) -> Path:
    target = ROOT / "benchmarks" / "data" / f"distributed-{rows}-{seed}"
    if not list(target.glob("interactions-*.parquet")):
        subprocess.run([sys.executable, str(ROOT / "benchmarks" / "generate.py"),
                        "--rows", str(rows), "--chunk-rows", str(chunk_rows),
                        "--seed", str(seed), "--out", str(target)], check=True)
    return target


def _run(data: Path, workers: int, partitions: int, ruleset: str) -> dict[str, Any]:
    import distributed

    from cx_rules.app.distributed import evaluate_distributed

    cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                       dashboard_address=None)
    client = distributed.Client(cluster, set_as_default=False)
    try:
        out = ROOT / "benchmarks" / "data" / f"distributed-out-{workers}"
        started = time.perf_counter()
        result = evaluate_distributed(str(data / "interactions-*.parquet"), ruleset,
                                      str(data / "customers-*.parquet"), scheduler=client,
                                      partitions=partitions, out_dir=out)
        wall = time.perf_counter() - started
    finally:
        client.close()
        cluster.close()
    s = result.summary
    tasks = result.task_seconds
    per_partition = [n + e for n, e in zip(tasks["normalize"], tasks["evaluate"], strict=True)]
    return {
        "workers": workers,
        "partitions": result.partitions,
        "wall_s": round(wall, 2),
        "rows_per_s": round(s.rows_read / wall),
        "stages_s": {k: round(v, 2) for k, v in result.stages.items()},
        "task_s": {k: [round(x, 3) for x in v] for k, v in tasks.items()},
        "task_s_sum": {k: round(sum(v), 2) for k, v in tasks.items()},
        "per_partition_s_mean": round(statistics.mean(per_partition), 3),
        "per_partition_s_max": round(max(per_partition), 3),
        "split_task_s_mean": round(statistics.mean(tasks["split"]), 3),
        "bytes_written": result.bytes_written,
        "rows_read": s.rows_read,
        "max_partition_rows": result.max_partition_rows,
        "violations": s.violations,
        "actions": result.actions,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--chunk-rows", type=int, default=250_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--partitions", type=int, default=8)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--ruleset", default=str(ROOT / "rulesets" / "cx-baseline" / "1.0.0.yaml"))
    parser.add_argument("--out", type=Path,
                        default=ROOT / "benchmarks" / "results" / "distributed.json")
    args = parser.parse_args(argv)
    data = _data(args.rows, args.chunk_rows, args.seed)
    runs = []
    for workers in args.workers:
        run = _run(data, workers, args.partitions, args.ruleset)
        print(f"{workers} worker(s): {run['wall_s']} s, {run['rows_per_s']:,} rows/s, "
              f"stages {run['stages_s']}", flush=True)
        runs.append(run)
    if len({(r["violations"], r["actions"]) for r in runs}) != 1:
        raise SystemExit("runs disagree on the number of violations/actions")
    base = runs[0]
    for run in runs:
        run["speedup_vs_first"] = round(base["wall_s"] / run["wall_s"], 2)
    doc = {
        "benchmark": "distributed",
        "rows": args.rows,
        "input_files": len(list(data.glob("interactions-*.parquet"))),
        "input_bytes": sum(p.stat().st_size for p in data.glob("*.parquet")),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(),
                    "platform": platform.platform()},
        "note": "2 cores shared with other jobs; worker processes are single-threaded",
        "runs": runs,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(doc, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
