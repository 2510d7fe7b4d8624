"""The vectorized polars plan of ``handoffs``."""

from __future__ import annotations

import polars as pl

from cx_rules.kinds.base import EvalContext, violation_rows
from cx_rules.kinds.handoffs.messages import passed
from cx_rules.kinds.handoffs.params import Params, limit_text


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    rows = ctx.interactions.filter(
        (pl.col("direction") == "outbound")
        & pl.col("actor").is_in([a.value for a in params.actors])
        & pl.col("agent_id").is_not_null())
    if params.channels is not None:
        rows = rows.filter(pl.col("channel").is_in([c.value for c in params.channels]))
    # an agent's first message in the case; the n-th such message brings the n-th agent
    firsts = rows.filter(pl.struct("case_id", "agent_id").is_first_distinct())
    numbered = firsts.with_columns(
        (pl.col("interaction_id").cum_count().over("case_id")).cast(pl.Int64).alias("_n"))
    over = numbered.filter(pl.col("_n") == params.max_agents + 1)
    limit = limit_text(params.max_agents)
    return violation_rows(over.with_columns(
        pl.concat_list(pl.col("interaction_id")).alias("interaction_ids"),
        (pl.col("_n").cast(pl.String) + pl.lit(" agents")).alias("observed"),
        pl.lit(limit).alias("limit"),
        passed(params.max_agents).expr(n=params.max_agents + 1, agent=pl.col("agent_id"),
                                       limit=params.max_agents).alias("message"),
    ))
