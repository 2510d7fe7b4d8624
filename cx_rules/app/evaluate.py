"""The library entry point: :func:`evaluate` a log against a ruleset.

io (read + validate) → engine (one polars plan per rule) → :class:`~cx_rules.app.result.Result`.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import polars as pl

from cx_rules.app import vendor_sla
from cx_rules.app.result import Result
from cx_rules.app.summary import Summary, choose_as_of, context_rows, counts
from cx_rules.engine.applicability import not_applicable, present_fields
from cx_rules.engine.run import GroupProgress, case_order, run_log
from cx_rules.io import LogSource, load_customers, load_interactions, load_outcomes
from cx_rules.io.mapping import Mapping
from cx_rules.models.ruleset import Ruleset
from cx_rules.outputs.language import check_language, violations_in
from cx_rules.outputs.waivers import apply_waivers
from cx_rules.ruleset.load import load_ruleset


def _group_teller(tell: Callable[[str], None], rows: int) -> GroupProgress:
    """Rule-group progress as a phase line: the group, rules done, rows/s and time left."""
    started = time.perf_counter()

    def on_group(group: str, size: int, done: int, total: int) -> None:
        if not group:
            return
        line = f"rules: {group} ({size} of {total}, {rows:,} rows) | {done}/{total} done"
        elapsed = time.perf_counter() - started
        if done and elapsed > 0:
            rate = rows * done / total / elapsed
            left = elapsed * (total - done) / done
            line += f", {rate:,.0f} rows/s, ~{left:.0f}s left"
        tell(line)

    return on_group


def evaluate(
    interactions: LogSource,
    ruleset: Ruleset | str | Path,
    customers: str | Path | pl.DataFrame | list[Any] | None = None,
    *,
    mapping: str | Path | Mapping | None = None,
    assume_tz: str | None = None,
    as_of: datetime | None = None,
    profile: bool = False,
    at_risk: bool = False,
    progress: Callable[[str], None] | None = None,
    outcomes: str | Path | pl.DataFrame | list[Any] | None = None,
    language: str = "en",
) -> Result:
    """Evaluate interactions against a ruleset.

    ``interactions``: a file path (CSV, JSONL, Parquet), several paths, a polars frame, a
    :class:`~cx_rules.io.DatabaseSource` (a query, or a mapping's tables), or a list
    of records (dicts or :class:`~cx_rules.models.Interaction`). ``ruleset``: a loaded
    :class:`~cx_rules.models.Ruleset`, a file, or a ``NAME[@VERSION]``. ``as_of`` is "now" for
    deadlines (default: the last timestamp in the log). ``at_risk``: also find what is at
    risk at ``as_of`` (open waits past a rule's ``warn_at``), in :attr:`Result.at_risk`.
    ``outcomes``: what customers did with earlier actions (a file or frame with
    ``customer_id, action_id, timestamp, outcome``; see :mod:`cx_rules.outputs.outcomes`).
    ``language``: the language of the messages and suppression reasons (``en``, ``ru``,
    ``az``, ``uz``, ``fa``, ``ar``), or ``customer`` for each customer's profile ``language``
    (English where it is unknown or not translated); every violation keeps ``message_id``
    and ``message_args`` to render it in any of them.
    ``progress`` is told each phase as it starts (``reading``, each rule group, ``findings``);
    a rule group's line is ``rules: GROUP (N of ALL, ROWS rows) | progress`` with the rules
    done, rows per second and the time left after the ``|`` (the groups then run one after
    another); the summary's ``phase_seconds`` says
    how long each phase took.
    """
    check_language(language)
    started = time.perf_counter()
    tell = progress or (lambda phase: None)
    rules = ruleset if isinstance(ruleset, Ruleset) else load_ruleset(ruleset)
    tell("reading")
    log = load_interactions(interactions, mapping=mapping, assume_tz=assume_tz)
    table = load_customers(customers) if customers is not None else None
    history = load_outcomes(outcomes, assume_tz=assume_tz) if outcomes is not None else None
    # sorted once, here: the rules read this frame as it is, and the outputs get the same one
    # (no second, unsorted copy of the log lives on beside it)
    frame = case_order(log.interactions)
    log_rejects, rows_read, notes = log.rejects, log.rows_read, log.warnings
    del log
    read_done = time.perf_counter()
    last = frame.select(pl.col("timestamp").max()).item() if frame.height else None
    as_of, as_of_source = choose_as_of(as_of, last)
    skipped = not_applicable(rules, present_fields(frame), has_customers=table is not None)
    run = run_log(rules, frame, table.profiles if table else None, as_of, profile=profile,
                  skip=skipped, at_risk=at_risk,
                  on_group=None if progress is None else _group_teller(tell, frame.height))
    timings = run.timings
    rules_done = time.perf_counter()
    tell("findings")
    split = apply_waivers(run.violations, frame, rules, datetime.now(UTC).date())
    profiles = table.profiles if table else None
    violations = violations_in(split.counted, language, profiles)
    rejects = pl.concat([log_rejects, *(t.rejects for t in (table, history) if t is not None)])
    summary = Summary.build(
        rules, as_of,
        rows_read=rows_read,
        rows_evaluated=frame.height,
        rows_rejected=log_rejects.height - context_rows(log_rejects),
        rows_context=context_rows(log_rejects),
        cases=frame.select(pl.col("case_id").n_unique()).item() if frame.height else 0,
        customers=frame.select(pl.col("customer_id").n_unique()).item() if frame.height else 0,
        customer_rows_read=table.rows_read if table else 0,
        customer_rows_rejected=table.rejects.height if table else 0,
        by_severity=counts(violations, "severity"),
        by_category=counts(violations, "category"),
        by_rule=counts(violations, "rule_id"),
        seconds=time.perf_counter() - started,
        warnings=(*notes, *split.expired),
        not_applicable=skipped,
        as_of_source=as_of_source,
        open_waits=run.open_waits,
        cut_off_waits=run.cut_off_waits,
        sla_comparison=vendor_sla.compare(frame, run.violations, rules, set(skipped)),
        sla_examples=vendor_sla.examples(frame, run.violations, rules, set(skipped)),
        waived=split.waived.height,
        outcome_rows_read=history.rows_read if history else 0,
        outcome_rows_rejected=history.rejects.height if history else 0,
        phase_seconds={"reading": read_done - started, "rules": rules_done - read_done,
                       "findings": time.perf_counter() - rules_done},
    )
    return Result(
        ruleset=rules, interactions=frame, violations=violations, rejects=rejects,
        summary=summary, customers=table.profiles if table else None, timings=timings,
        at_risk=None if run.at_risk is None else violations_in(run.at_risk, language, profiles),
        waived=violations_in(split.waived, language, profiles),
        outcomes=history.outcomes if history else None, language=language,
    )
