"""The export's own SLA verdicts (``sla_met``: ServiceNow's ``made_sla``, Zendesk's SLA events
through dbt_zendesk) against ours.

A support lead who moves from the help desk's SLA engine wants to know where we disagree
before trusting either. Per case, the export's verdict is the last ``sla_met`` the case
carries, over the targets named by its ``sla_metrics`` (first_reply, requester_wait...;
missing: resolution, as ServiceNow's made_sla is); ours is whether any of our SLA rules
(``response_time`` rules of those metrics) found the case late. Cases without a verdict in the
export, or whose targets none of our rules judges, are not compared. The disagreements come
with example case ids, so that a reader can look at them.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from cx_rules.models.ruleset import SLA_METRICS, Ruleset

KEYS = ("cases", "both_met", "both_breached", "breached_by_export_only", "breached_by_us_only")
DISAGREEMENTS = ("breached_by_export_only", "breached_by_us_only")
MAX_EXAMPLES = 5
"""Case ids kept per kind of disagreement."""


def sla_rules(ruleset: Ruleset) -> dict[str, str]:
    """Rule id -> the SLA metric it judges (``response_time`` rules)."""
    out: dict[str, str] = {}
    for r in ruleset.enabled_rules:
        metric = getattr(r.parsed_params, "metric", None) if r.kind == "response_time" else None
        if isinstance(metric, str) and metric in SLA_METRICS:
            out[r.id] = metric
    return out


def resolution_rules(ruleset: Ruleset) -> list[str]:
    """The rules whose verdict is a resolution SLA's."""
    return [r for r, m in sla_rules(ruleset).items() if m == "resolution"]


def _per_case(interactions: pl.DataFrame, violations: pl.DataFrame, ruleset: Ruleset,
              skipped: frozenset[str] | set[str]) -> pl.DataFrame | None:
    """case_id, export_met, late (ours) for every compared case, ordered by case id."""
    rules = {r: m for r, m in sla_rules(ruleset).items() if r not in skipped}
    if not rules or "sla_met" not in interactions.columns \
            or interactions["sla_met"].null_count() == interactions.height:
        return None
    metrics = pl.col("sla_metrics").drop_nulls().last() \
        if "sla_metrics" in interactions.columns else pl.lit(None, dtype=pl.String)
    export = (interactions.filter(pl.col("sla_met").is_not_null())
              .sort("case_id", "timestamp", "interaction_id")
              .group_by("case_id").agg(pl.col("sla_met").last().alias("export_met"),
                                       metrics.alias("metrics")))
    judged = sorted(set(rules.values()))
    covered = (export.with_columns(
        pl.col("metrics").fill_null("resolution").str.split(",").alias("metric"))
        .explode("metric").with_columns(pl.col("metric").str.strip_chars())
        .filter(pl.col("metric").is_in(judged)))
    rule_metric = pl.DataFrame({"rule_id": list(rules), "metric": list(rules.values())},
                               schema={"rule_id": pl.String, "metric": pl.String})
    late = (violations.select("case_id", "rule_id").join(rule_metric, on="rule_id")
            .select("case_id", "metric").unique().with_columns(pl.lit(True).alias("late")))
    return (covered.join(late, on=["case_id", "metric"], how="left")
            .group_by("case_id").agg(pl.col("export_met").first(),
                                     pl.col("late").fill_null(False).any())
            .sort("case_id"))


def compare(interactions: pl.DataFrame, violations: pl.DataFrame, ruleset: Ruleset,
            skipped: frozenset[str] | set[str] = frozenset()) -> dict[str, int]:
    """Additive counts (empty when the export has no verdicts or no SLA rule of theirs ran)."""
    both = _per_case(interactions, violations, ruleset, skipped)
    if both is None or both.height == 0:
        return {}
    met, ours_late = pl.col("export_met"), pl.col("late")
    row = both.select(
        pl.len().alias("cases"),
        (met & ~ours_late).sum().alias("both_met"),
        (~met & ours_late).sum().alias("both_breached"),
        (~met & ~ours_late).sum().alias("breached_by_export_only"),
        (met & ours_late).sum().alias("breached_by_us_only"),
    ).row(0, named=True)
    return {k: int(row[k]) for k in KEYS}


def examples(interactions: pl.DataFrame, violations: pl.DataFrame, ruleset: Ruleset,
             skipped: frozenset[str] | set[str] = frozenset()) -> dict[str, list[str]]:
    """Up to :data:`MAX_EXAMPLES` case ids of each disagreement (empty: none)."""
    both = _per_case(interactions, violations, ruleset, skipped)
    if both is None:
        return {}
    which = {"breached_by_export_only": ~pl.col("export_met") & ~pl.col("late"),
             "breached_by_us_only": pl.col("export_met") & pl.col("late")}
    out = {k: both.filter(cond)["case_id"].head(MAX_EXAMPLES).to_list()
           for k, cond in which.items()}
    return {k: v for k, v in out.items() if v}


def add(parts: Iterable[dict[str, int]]) -> dict[str, int]:
    """The counts of several partitions (empty when none compared anything)."""
    found = [p for p in parts if p]
    return {k: sum(p[k] for p in found) for k in KEYS} if found else {}


def add_examples(parts: Iterable[dict[str, list[str]]]) -> dict[str, list[str]]:
    """The examples of several partitions: the first :data:`MAX_EXAMPLES` case ids of each."""
    out: dict[str, list[str]] = {}
    for part in parts:
        for key, ids in part.items():
            out.setdefault(key, []).extend(ids)
    return {k: sorted(v)[:MAX_EXAMPLES] for k, v in out.items()}


def describe(counts: dict[str, int], shown: dict[str, list[str]] | None = None) -> str | None:
    """One sentence for the reports, or None when nothing was compared."""
    if not counts:
        return None
    shown = shown or {}

    def eg(key: str) -> str:
        ids = shown.get(key) or []
        return f" (e.g. case {', '.join(ids)})" if ids and counts[key] else ""

    agree = counts["both_met"] + counts["both_breached"]
    return (f"the export's own SLA verdicts (sla_met) on {counts['cases']} case(s): {agree} "
            f"agree with ours ({counts['both_met']} met, {counts['both_breached']} breached); "
            f"{counts['breached_by_export_only']} breached by the export only"
            f"{eg('breached_by_export_only')}, "
            f"{counts['breached_by_us_only']} by us only{eg('breached_by_us_only')}")
