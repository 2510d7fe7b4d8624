"""Run every enabled rule of a ruleset over a canonical frame.

Each rule kind builds a lazy plan over the same in-memory frame; all plans are collected in one
``pl.collect_all`` call so polars runs them in parallel and shares common sub-plans. With
``profile=True`` the plans are collected one by one to time each rule; with ``on_group`` they
are collected one rule group (category) at a time, each group announced before it runs, so a
display can show which group runs and how far the run is.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from cx_rules.collecting import ENGINE
from cx_rules.errors import RulesetError
from cx_rules.kinds.base import EvalContext, RuleKind
from cx_rules.kinds.registry import get_kind, unknown_kind_message
from cx_rules.kinds.waits import open_waits
from cx_rules.models.ruleset import Ruleset, RuleSpec
from cx_rules.schema import VIOLATION_SCHEMA, empty_frame


@dataclass(frozen=True)
class RuleTiming:
    rule_id: str
    kind: str
    seconds: float
    violations: int


GroupProgress = Callable[[str, int, int, int], None]
"""Told ``(group, rules in it, rules done, rules in all)`` before each rule group runs, and
``("", 0, all, all)`` when the last one is done."""

PROVENANCE_COLUMNS = ("_source", "_row")
"""Where io says a row came from; no rule reads them, so the sorted copy leaves them out."""


CASE_ORDER = ("case_id", "timestamp", "interaction_id")
"""The order every rule kind relies on."""


def _behind(case: pl.Expr) -> pl.Expr:
    """Whether a row comes before an earlier (time, id) row of the same case (``case``: the
    rows are of one case)."""
    ts, ids = pl.col("timestamp"), pl.col("interaction_id")
    behind = (ts < ts.shift(1)) | ((ts == ts.shift(1)) & (ids <= ids.shift(1)))
    return (case & behind).fill_null(False)


def _out_of_case_order(frame: pl.DataFrame) -> bool:
    """Whether some row of a case comes before an earlier (time, id) row of the same case."""
    same_case = pl.col("case_id") == pl.col("case_id").shift(1)
    return bool(frame.select(_behind(same_case).any()).item())


def in_case_order(frame: pl.DataFrame) -> bool:
    """Whether the frame is already in case, time, id order (no null key): one linear pass of
    neighbour comparisons, so a log sorted once is never sorted again."""
    if any(frame[k].null_count() for k in CASE_ORDER):
        return False
    case = pl.col("case_id")
    earlier_case = (case < case.shift(1)).fill_null(False)
    return not bool(frame.select((earlier_case | _behind(case == case.shift(1))).any()).item())


def case_order(interactions: pl.DataFrame) -> pl.DataFrame:
    """The log (every column, the io provenance included) in case, time, id order.

    Logs are nearly always written in time order (or in time-ordered parts), so a stable sort
    by case alone usually gives that order; a linear check confirms it, else the full
    three-key sort runs. (Sorting one string key instead of three costs about half: the
    comparisons of string keys dominate.) A log already in that order is returned as it is.
    """
    frame = interactions
    if frame.height < 2 or in_case_order(frame):
        return frame
    if any(frame[k].null_count() for k in CASE_ORDER):  # the check below assumes no null keys
        return frame.sort(*CASE_ORDER)
    by_case = frame.sort("case_id", maintain_order=True)
    if not _out_of_case_order(by_case):
        return by_case
    return by_case.sort(*CASE_ORDER)


def prepare(interactions: pl.DataFrame) -> pl.DataFrame:
    """The rules' view of the log: :func:`case_order` without the io provenance columns (no
    copy when the log is already in that order, as :func:`cx_rules.app.evaluate` hands it)."""
    return case_order(interactions.drop(PROVENANCE_COLUMNS, strict=False))


def _kind_of(rule: RuleSpec) -> RuleKind:
    kind = get_kind(rule.kind)
    if kind is None:
        raise RulesetError([f"rule {rule.id}: {unknown_kind_message(rule.kind)}"])
    return kind


def _scoped(rule: RuleSpec, ctx: EvalContext) -> EvalContext:
    """The rule's view of the log: only the cases its ``where`` admits."""
    return ctx if rule.scope is None else rule.scope.plan(ctx)


def rule_plan(ruleset: Ruleset, rule: RuleSpec, ctx: EvalContext) -> pl.LazyFrame:
    """The plan of a rule's violations, with the rule's columns."""
    return _with_rule(ruleset, rule,
                      _kind_of(rule).evaluate(rule.parsed_params, _scoped(rule, ctx)))


def at_risk_plan(ruleset: Ruleset, rule: RuleSpec, ctx: EvalContext) -> pl.LazyFrame | None:
    """The plan of what a rule finds at risk (None when its kind has no such plan)."""
    plan = _kind_of(rule).at_risk
    return None if plan is None else _with_rule(
        ruleset, rule, plan(rule.parsed_params, _scoped(rule, ctx)))


def _with_rule(ruleset: Ruleset, rule: RuleSpec, core: pl.LazyFrame) -> pl.LazyFrame:
    action = rule.action
    return core.with_columns(
        pl.lit(rule.id).alias("rule_id"),
        pl.lit(ruleset.ruleset).alias("ruleset"),
        pl.lit(ruleset.version).alias("ruleset_version"),
        pl.lit(rule.kind).alias("kind"),
        pl.lit(rule.category.value).alias("category"),
        pl.lit(ruleset.severity_of(rule).value).alias("severity"),
        pl.lit(action.id if action else None, dtype=pl.String).alias("action_id"),
        pl.lit(action.priority if action else None, dtype=pl.Int64).alias("action_priority"),
    ).select(pl.col(n).cast(t) for n, t in VIOLATION_SCHEMA.items())


@dataclass(frozen=True)
class Run:
    """What one engine run found: the violations, per-rule timings and the waits still open
    when the log ends (``open_waits``; ``cut_off_waits`` of them have a reply the export names
    but does not hold)."""

    violations: pl.DataFrame
    timings: list[RuleTiming]
    open_waits: int
    cut_off_waits: int
    at_risk: pl.DataFrame | None = None
    """With ``at_risk=True``: what is at risk at ``as_of`` (never violations), else None."""


def run_rules(
    ruleset: Ruleset,
    interactions: pl.DataFrame,
    customers: pl.DataFrame | None,
    as_of: datetime,
    *,
    profile: bool = False,
    skip: Collection[str] = (),
) -> tuple[pl.DataFrame, list[RuleTiming]]:
    """Evaluate the enabled rules (but those in ``skip``, e.g. not applicable to this log);
    returns the violations frame and per-rule timings."""
    run = run_log(ruleset, interactions, customers, as_of, profile=profile, skip=skip,
                  count_waits=False)
    return run.violations, run.timings


def run_log(
    ruleset: Ruleset,
    interactions: pl.DataFrame,
    customers: pl.DataFrame | None,
    as_of: datetime,
    *,
    profile: bool = False,
    skip: Collection[str] = (),
    at_risk: bool = False,
    count_waits: bool = True,
    on_group: GroupProgress | None = None,
) -> Run:
    """:func:`run_rules`, plus the log's open waits (``count_waits``) and, with ``at_risk``,
    what is at risk, all collected in the same parallel ``collect_all`` as the rules (or, with
    ``on_group``, group by group: see :data:`GroupProgress`)."""
    ctx = EvalContext(
        interactions=prepare(interactions).lazy(),
        customers=customers.lazy() if customers is not None else None,
        calendar=ruleset.calendar,
        as_of=as_of,
    )
    rules = [r for r in ruleset.enabled_rules if r.id not in skip]
    plans = [rule_plan(ruleset, rule, ctx) for rule in rules]
    risky = [p for rule in rules if at_risk
             and (p := at_risk_plan(ruleset, rule, ctx)) is not None]
    timings: list[RuleTiming] = []
    extra = [*risky, *([open_waits(ctx.interactions)] if count_waits else [])]
    if profile:
        frames = []
        for rule, plan in zip(rules, plans, strict=True):
            start = time.perf_counter()
            frame = plan.collect(engine=ENGINE)
            seconds = time.perf_counter() - start
            timings.append(RuleTiming(rule.id, rule.kind, seconds, frame.height))
            frames.append(frame)
        others = pl.collect_all(extra, engine=ENGINE) if extra else []
    elif on_group is not None:
        frames, others = _by_group(rules, plans, extra, on_group)
        timings = [RuleTiming(r.id, r.kind, 0.0, f.height)
                   for r, f in zip(rules, frames, strict=True)]
    else:
        start = time.perf_counter()
        collected = pl.collect_all([*plans, *extra], engine=ENGINE) if plans or extra else []
        elapsed = time.perf_counter() - start
        frames, others = collected[:len(plans)], collected[len(plans):]
        timings = [RuleTiming(r.id, r.kind, elapsed, f.height)
                   for r, f in zip(rules, frames, strict=True)]
    risks, waits = others[:len(risky)], others[len(risky):]
    return Run(_ordered(frames), timings,
               int(waits[0]["open"][0]) if waits else 0,
               int(waits[0]["cut_off"][0]) if waits else 0,
               _ordered(risks) if at_risk else None)


def _by_group(rules: list[RuleSpec], plans: list[pl.LazyFrame], extra: list[pl.LazyFrame],
              on_group: GroupProgress) -> tuple[list[pl.DataFrame], list[pl.DataFrame]]:
    """The plans collected one category at a time (in the order categories first appear), the
    ``extra`` plans with the last group; ``on_group`` is told before each and at the end."""
    groups: dict[str, list[int]] = {}
    for i, rule in enumerate(rules):
        groups.setdefault(rule.category.value, []).append(i)
    frames: list[pl.DataFrame | None] = [None] * len(plans)
    others: list[pl.DataFrame] = []
    done = 0
    for n, (name, members) in enumerate(groups.items()):
        on_group(name, len(members), done, len(rules))
        last = n == len(groups) - 1
        collected = pl.collect_all([*(plans[i] for i in members), *(extra if last else [])],
                                   engine=ENGINE)
        for i, frame in zip(members, collected, strict=False):
            frames[i] = frame
        if last:
            others = collected[len(members):]
        done += len(members)
    if not groups and extra:
        others = pl.collect_all(extra, engine=ENGINE)
    on_group("", 0, done, len(rules))
    return [f for f in frames if f is not None], others


def _ordered(frames: list[pl.DataFrame]) -> pl.DataFrame:
    """Rule outputs as one frame, by case, time and rule."""
    if not frames:
        return empty_frame(VIOLATION_SCHEMA)
    return pl.concat(frames).sort("case_id", "timestamp", "rule_id", maintain_order=True)
