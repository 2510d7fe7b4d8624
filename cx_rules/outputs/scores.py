"""Expectation scores, 0-100, per case, customer, agent, channel and category.

Every violation costs the points its severity weighs in the ruleset's ``scoring.weights``.

* A **case** starts at 100 and loses the points of its violations (never below 0).
* Any other entity (a customer, an agent, a channel, a category) scores
  ``100 - points lost by the entity / cases of the entity``, clipped to 0-100: the average
  points lost per case it handled. Both sums are additive, so scores computed on partitions
  merge exactly (add points and cases, then divide) - no averaging of averages.

Attribution, so that each lost point traces to violations (:func:`explain`):

* customer: the violation's customer; cases = the customer's cases.
* agent: every agent who wrote one of the violation's events; a violation with no agent event
  (e.g. a message never answered) goes to ``(unassigned)``; cases = cases the agent wrote in.
* channel: the channel of the violation's first event; cases = cases with an event on it.
* category: the rule's category; cases = all cases.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from cx_rules.collecting import ENGINE
from cx_rules.models.ruleset import Ruleset

Dimension = Literal["case", "customer", "agent", "channel", "category"]
DIMENSIONS: tuple[Dimension, ...] = ("case", "customer", "agent", "channel", "category")
UNASSIGNED = "(unassigned)"
_KEY = {"case": "case_id", "customer": "customer_id", "agent": "agent_id",
        "channel": "channel", "category": "category"}


def with_points(violations: pl.DataFrame, ruleset: Ruleset) -> pl.LazyFrame:
    """Violations with the points each one costs."""
    weights = {s.value: float(w) for s, w in ruleset.scoring.weights.items()}
    return violations.lazy().with_columns(
        pl.col("severity").replace_strict(weights, default=0.0, return_dtype=pl.Float64)
        .alias("points")
    )


def attributed(violations: pl.DataFrame, interactions: pl.DataFrame, ruleset: Ruleset,
               dimension: Dimension) -> pl.LazyFrame:
    """One row per (violation, entity of the dimension) with ``points`` and ``entity``."""
    scored = with_points(violations, ruleset).with_row_index("violation_nr")
    key = _KEY[dimension]
    if dimension in ("case", "customer", "category"):
        return scored.with_columns(pl.col(key).alias("entity"))
    events = interactions.lazy().select("interaction_id", "agent_id", "channel")
    if dimension == "channel":
        return scored.with_columns(pl.col("interaction_ids").list.first().alias("interaction_id")) \
            .join(events.select("interaction_id", pl.col("channel").alias("entity")),
                  on="interaction_id", how="left")
    agents = (
        scored.select("violation_nr", pl.col("interaction_ids").alias("interaction_id"))
        .explode("interaction_id")
        .join(events, on="interaction_id", how="inner")
        .filter(pl.col("agent_id").is_not_null())
        .group_by("violation_nr").agg(pl.col("agent_id").unique().sort().alias("entity"))
    )
    return (
        scored.join(agents, on="violation_nr", how="left")
        .with_columns(pl.col("entity").fill_null(pl.lit([UNASSIGNED], pl.List(pl.String))))
        .explode("entity")
    )


def case_table(interactions: pl.DataFrame, dimension: Dimension, ruleset: Ruleset) -> pl.LazyFrame:
    """Distinct cases per entity of the dimension: columns entity, cases."""
    lf = interactions.lazy()
    if dimension == "category":
        total = interactions.select(pl.col("case_id").n_unique()).item()
        cats = sorted({r.category.value for r in ruleset.enabled_rules})
        return pl.LazyFrame({"entity": cats, "cases": [total] * len(cats)},
                            schema={"entity": pl.String, "cases": pl.UInt32})
    if dimension == "case":
        return lf.group_by("case_id").agg(pl.len().alias("_n")).select(
            pl.col("case_id").alias("entity"), pl.lit(1, pl.UInt32).alias("cases"))
    if dimension == "customer":
        # the customer of the case's first event (by time, then id): sorted within each case
        # on the columns it needs, instead of re-sorting the whole log
        firsts = lf.group_by("case_id").agg(
            pl.col("customer_id").sort_by("timestamp", "interaction_id").first())
        return firsts.group_by("customer_id").agg(pl.len().alias("cases")).rename(
            {"customer_id": "entity"})
    key = _KEY[dimension]
    counted = lf.filter(pl.col(key).is_not_null()).group_by(key).agg(
        pl.col("case_id").n_unique().alias("cases")).rename({key: "entity"})
    if dimension == "agent":
        unassigned = lf.select(pl.col("case_id").n_unique().alias("cases")).with_columns(
            pl.lit(UNASSIGNED).alias("entity")).select("entity", "cases")
        counted = pl.concat([counted, unassigned])
    return counted


def score_table(violations: pl.DataFrame, interactions: pl.DataFrame, ruleset: Ruleset,
                dimension: Dimension) -> pl.DataFrame:
    """entity, cases, violations, points_lost, score - worst first."""
    lost = attributed(violations, interactions, ruleset, dimension).group_by("entity").agg(
        pl.len().alias("violations"), pl.col("points").sum().alias("points_lost"))
    table = case_table(interactions, dimension, ruleset).join(lost, on="entity", how="left")
    table = table.with_columns(
        pl.col("violations").fill_null(0).cast(pl.Int64),
        pl.col("points_lost").fill_null(0.0),
        pl.col("cases").cast(pl.Int64),
    ).with_columns(
        (100.0 - pl.col("points_lost") / pl.col("cases")).clip(0.0, 100.0).alias("score")
    )
    if dimension == "agent":  # the unassigned bucket only matters when it lost points
        table = table.filter((pl.col("entity") != UNASSIGNED) | (pl.col("violations") > 0))
    return table.rename({"entity": _KEY[dimension]}).sort(
        ["score", _KEY[dimension]], descending=[False, False]).collect(engine=ENGINE)


def explain(violations: pl.DataFrame, interactions: pl.DataFrame, ruleset: Ruleset,
            dimension: Dimension, entity: str) -> pl.DataFrame:
    """The violations behind one entity's lost points, most costly first."""
    return (
        attributed(violations, interactions, ruleset, dimension)
        .filter(pl.col("entity") == entity)
        .select("rule_id", "severity", "points", "case_id", "customer_id", "timestamp", "message")
        .sort(["points", "timestamp"], descending=[True, False])
        .collect(engine=ENGINE)
    )
