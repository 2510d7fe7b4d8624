"""The driver of a partitioned run: split, normalize, evaluate, merge (see the package)."""

from __future__ import annotations

import shutil
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import polars as pl

from cx_rules.app import vendor_sla
from cx_rules.app.partitioned.jobs import (
    OUTPUTS,
    SUCCESS,
    WORK_DIRS,
    Job,
    LocalRunner,
    Runner,
    SplitInput,
    atomic_write,
)
from cx_rules.app.partitioned.lock import out_lock
from cx_rules.app.partitioned.merge import (
    PartitionedResult,
    auto_partitions,
    input_files,
    merge_scores,
    template_of,
    write_manifest,
)
from cx_rules.app.partitioned.tasks import evaluate_task, normalize_task, split_task
from cx_rules.app.summary import Summary, choose_as_of
from cx_rules.engine.applicability import not_applicable
from cx_rules.io import load_outcomes
from cx_rules.io.mapping import Mapping, load_mapping
from cx_rules.models.ruleset import Ruleset
from cx_rules.outputs.scores import DIMENSIONS
from cx_rules.outputs.waivers import expired_notes
from cx_rules.replacing import remove_leftovers
from cx_rules.ruleset.load import load_ruleset
from cx_rules.schema import REJECT_SCHEMA


def evaluate_partitioned(
    path_or_glob: str | Path | Sequence[str | Path],
    ruleset: Ruleset | str | Path,
    customers: str | Path | Sequence[str | Path] | None = None,
    *,
    partitions: int | None = None,
    out_dir: str | Path,
    mapping: str | Path | Mapping | None = None,
    assume_tz: str | None = None,
    as_of: datetime | None = None,
    keep_intermediate: bool = False,
    runner: Runner | None = None,
    outcomes: str | Path | Sequence[str | Path] | None = None,
) -> PartitionedResult:
    """Evaluate a large log (files or a glob, e.g. ``"data/interactions-*.parquet"``) in
    ``partitions`` customer_id hash partitions with bounded memory.

    Writes ``out_dir/violations/part-NNNNN.parquet``, ``out_dir/actions/...``,
    ``out_dir/suppressed/...``, ``out_dir/rejects.parquet``, ``out_dir/scores-<dim>.parquet``
    and, last, ``out_dir/_SUCCESS``; returns the merged summary and the files.
    ``partitions=None`` picks about :data:`DEFAULT_PARTITION_ROWS` rows per partition. The
    intermediate split and canonical partitions are deleted unless ``keep_intermediate``.
    ``runner`` schedules the per-partition tasks (default: one after another in this process;
    see :func:`cx_rules.app.distributed.evaluate_distributed`). ``outcomes``: what customers
    did with earlier actions (files): read once, whole, by every partition (an action's
    propensity is learnt from every customer's outcomes). With a runner on other
    machines, every path must be on storage those machines see at the same path.
    """
    started = time.perf_counter()
    runner = runner or LocalRunner()
    stages: dict[str, float] = {}
    rules = ruleset if isinstance(ruleset, Ruleset) else load_ruleset(ruleset)
    chosen = load_mapping(mapping) if isinstance(mapping, str | Path) else mapping
    if as_of is not None and as_of.tzinfo is None:
        raise ValueError("as_of must be timezone-aware")
    out = Path(out_dir).absolute()
    out.mkdir(parents=True, exist_ok=True)
    with out_lock(out):  # one writer per --out folder
        (out / SUCCESS).unlink(missing_ok=True)
        for sub in (*OUTPUTS, *WORK_DIRS):
            shutil.rmtree(out / sub, ignore_errors=True)
        files = input_files(path_or_glob)
        customer_files = input_files(customers) if customers is not None else []
        id_column = chosen.columns.get("customer_id", "customer_id") if chosen else "customer_id"
        templates = {"interactions": template_of(files, id_column)}
        if customer_files:
            templates["customers"] = template_of(customer_files, "customer_id")
        if partitions is None:
            partitions = auto_partitions(files)
        if partitions < 1:
            raise ValueError("partitions must be at least 1")
        out.mkdir(parents=True, exist_ok=True)
        job = Job(out=str(out), partitions=partitions, ruleset=rules, mapping=chosen,
                  assume_tz=assume_tz, with_customers=bool(customer_files), templates=templates,
                  columns={"interactions": id_column, "customers": "customer_id"},
                  with_outcomes=outcomes is not None)
        outcome_tables = ([load_outcomes(f, assume_tz=assume_tz) for f in input_files(outcomes)]
                          if outcomes is not None else [])  # small next to the log
        task_seconds: dict[str, list[float]] = {}
        written: dict[str, int] = {}

        # 1. split into customer hash partitions (one streaming task per input file)
        t = time.perf_counter()
        inputs = [SplitInput("interactions", i, str(f.absolute()), str(f))
                  for i, f in enumerate(files)]
        inputs += [SplitInput("customers", i, str(f.absolute()), str(f))
                   for i, f in enumerate(customer_files)]
        split = runner.map("split", split_task, inputs, job)
        task_seconds["split"] = [s for _, s in split]
        written["split"] = sum(b for b, _ in split)
        stages["split"] = time.perf_counter() - t

        # 2. normalize each partition; the global as_of is the last valid timestamp of all of them
        t = time.perf_counter()
        normalized = runner.map("normalize", normalize_task, range(partitions), job)
        lasts = [n.last for n in normalized if n.last is not None]
        as_of, as_of_source = choose_as_of(as_of, max(lasts, default=None))
        task_seconds["normalize"] = [n.seconds for n in normalized]
        written["normalize"] = sum(n.bytes for n in normalized)
        if not keep_intermediate:
            shutil.rmtree(out / "_split", ignore_errors=True)
        stages["normalize"] = time.perf_counter() - t

        outcome_rows = sum(t.rows_read for t in outcome_tables)
        outcome_rejected = sum(t.rejects.height for t in outcome_tables)
        if outcomes is not None:  # every partition reads them all, with each one's segment
            write_outcomes(out, [t.outcomes for t in outcome_tables],
                           [t.rejects for t in outcome_tables])

        # 3. evaluate each partition
        t = time.perf_counter()
        # applicability is a property of the whole log, decided once for every partition
        skipped = not_applicable(rules, frozenset().union(*(n.present for n in normalized)),
                                 has_customers=job.with_customers)
        today = datetime.now(UTC).date()  # the waivers' expiry is judged once, for all
        evaluated = runner.map("evaluate", evaluate_task, range(partitions), job, as_of=as_of,
                               skip=tuple(skipped), today=today)
        task_seconds["evaluate"] = [e.seconds for e in evaluated]
        written["evaluate"] = sum(e.bytes for e in evaluated)
        stages["evaluate"] = time.perf_counter() - t
        # every task has ended: a temporary file now is a dead worker's (killed between writing
        # a partition file and renaming it; the task ran again elsewhere)
        remove_leftovers(out)

        # 4. merge (the files are named by partition: each appears once however often it ran)
        t = time.perf_counter()
        done = [e.partition for e in evaluated if e.wrote]
        files_of = {name: [out / name / f"part-{k:05d}.parquet" for k in done] for name in OUTPUTS}
        merged_scores: dict[str, Path] = {}
        for d in DIMENSIONS:
            merged_scores[d] = out / f"scores-{d}.parquet"
            parts = [out / "_scores" / d / f"part-{k:05d}.parquet" for k in done]
            if parts:
                merge_scores(parts, d, merged_scores[d])
        reject_parts = sorted((out / "_rejects").glob("part-*.parquet"))
        rejects = (pl.concat([pl.read_parquet(p) for p in reject_parts]) if reject_parts
                   else pl.DataFrame(schema=REJECT_SCHEMA)).sort("source", "row")
        rejects_path = out / "rejects.parquet"
        atomic_write(rejects, rejects_path)
        if not keep_intermediate:
            for sub in WORK_DIRS:
                shutil.rmtree(out / sub, ignore_errors=True)
        stages["merge"] = time.perf_counter() - t
        by_severity: Counter[str] = Counter()
        by_category: Counter[str] = Counter()
        by_rule: Counter[str] = Counter()
        for e in evaluated:
            by_severity.update(e.by_severity)
            by_category.update(e.by_category)
            by_rule.update(e.by_rule)
        summary = Summary.build(
            rules, as_of,
            rows_read=sum(n.rows_read for n in normalized),
            rows_evaluated=sum(n.rows for n in normalized),
            rows_rejected=sum(n.rejected - n.context for n in normalized),
            rows_context=sum(n.context for n in normalized),
            cases=sum(e.cases for e in evaluated), customers=sum(e.customers for e in evaluated),
            customer_rows_read=sum(n.customer_rows for n in normalized),
            customer_rows_rejected=sum(n.customer_rejected for n in normalized),
            outcome_rows_read=outcome_rows, outcome_rows_rejected=outcome_rejected,
            by_severity=by_severity, by_category=by_category, by_rule=by_rule,
            seconds=time.perf_counter() - started,
            warnings=[*(w for n in normalized for w in n.warnings),
                      *expired_notes(rules, today)],
            not_applicable=skipped,
            as_of_source=as_of_source,
            open_waits=sum(e.open_waits for e in evaluated),
            cut_off_waits=sum(e.cut_off_waits for e in evaluated),
            sla_comparison=vendor_sla.add(e.sla_comparison for e in evaluated),
            sla_examples=vendor_sla.add_examples(e.sla_examples for e in evaluated),
            waived=sum(e.waived for e in evaluated),
        )
        result = PartitionedResult(
            summary=summary, out_dir=out, violations=files_of["violations"],
            actions_files=files_of["actions"], suppressed_files=files_of["suppressed"],
            waived_files=files_of["waived"],
            rejects=rejects_path, scores_files=merged_scores,
            actions=sum(e.actions for e in evaluated), partitions=partitions,
            max_partition_rows=max((n.rows for n in normalized), default=0), stages=stages,
            task_seconds=task_seconds, bytes_written=written, engine=runner.name,
            workers=runner.workers,
        )
        write_manifest(result)
        return result



def write_outcomes(out: Path, outcomes: list[pl.DataFrame], rejects: list[pl.DataFrame]) -> None:
    """``_canonical/outcomes.parquet``: every outcome with its customer's segment (from the
    normalized profiles of all partitions: a segment's propensity counts every customer of
    it), and the outcome rejects for the merged rejects."""
    canonical = out / "_canonical"
    profiles = sorted(canonical.glob("customers-*.parquet"))
    table = pl.concat(outcomes)
    segments = (pl.scan_parquet(profiles).select("customer_id", "segment").collect()
                if profiles else pl.DataFrame(schema={"customer_id": pl.String,
                                                      "segment": pl.String}))
    atomic_write(table.join(segments, on="customer_id", how="left", maintain_order="left"),
                 canonical / "outcomes.parquet")
    atomic_write(pl.concat(rejects), out / "_rejects" / "outcomes.parquet")
