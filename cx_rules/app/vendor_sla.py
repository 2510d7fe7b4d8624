"""The export's own SLA verdicts (``sla_met``, e.g. ServiceNow's ``made_sla``) against ours.

A support lead who moves from the help desk's SLA engine wants to know where we disagree
before trusting either. Per case, the export's verdict is the last ``sla_met`` the case
carries; ours is whether any resolution rule (``response_time`` with ``metric: resolution``)
found the case late. Cases without a verdict in the export are not compared.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from cx_rules.models.ruleset import Ruleset

KEYS = ("cases", "both_met", "both_breached", "breached_by_export_only", "breached_by_us_only")


def resolution_rules(ruleset: Ruleset) -> list[str]:
    """The rules whose verdict is a resolution SLA's."""
    return [r.id for r in ruleset.enabled_rules if r.kind == "response_time"
            and getattr(r.parsed_params, "metric", None) == "resolution"]


def compare(interactions: pl.DataFrame, violations: pl.DataFrame, ruleset: Ruleset,
            skipped: frozenset[str] | set[str] = frozenset()) -> dict[str, int]:
    """Additive counts (empty when the export has no verdicts or no resolution rule ran)."""
    rules = [r for r in resolution_rules(ruleset) if r not in skipped]
    if not rules or "sla_met" not in interactions.columns \
            or interactions["sla_met"].null_count() == interactions.height:
        return {}
    export = (interactions.filter(pl.col("sla_met").is_not_null())
              .sort("case_id", "timestamp", "interaction_id")
              .group_by("case_id").agg(pl.col("sla_met").last().alias("export_met")))
    late = violations.filter(pl.col("rule_id").is_in(rules)).select("case_id").unique()
    both = export.join(late.with_columns(pl.lit(True).alias("late")), on="case_id",
                       how="left").with_columns(pl.col("late").fill_null(False))
    met, ours_late = pl.col("export_met"), pl.col("late")
    row = both.select(
        pl.len().alias("cases"),
        (met & ~ours_late).sum().alias("both_met"),
        (~met & ours_late).sum().alias("both_breached"),
        (~met & ~ours_late).sum().alias("breached_by_export_only"),
        (met & ours_late).sum().alias("breached_by_us_only"),
    ).row(0, named=True)
    return {k: int(row[k]) for k in KEYS}


def add(parts: Iterable[dict[str, int]]) -> dict[str, int]:
    """The counts of several partitions (empty when none compared anything)."""
    found = [p for p in parts if p]
    return {k: sum(p[k] for p in found) for k in KEYS} if found else {}


def describe(counts: dict[str, int]) -> str | None:
    """One sentence for the reports, or None when nothing was compared."""
    if not counts:
        return None
    agree = counts["both_met"] + counts["both_breached"]
    return (f"the export's own SLA verdicts (sla_met) on {counts['cases']} case(s): {agree} "
            f"agree with ours ({counts['both_met']} met, {counts['both_breached']} breached); "
            f"{counts['breached_by_export_only']} breached by the export only, "
            f"{counts['breached_by_us_only']} by us only")
