"""The vectorized polars plan of ``explain_once``."""

from __future__ import annotations

import polars as pl

from cx_rules.kinds.base import EvalContext, template_expr, violation_rows
from cx_rules.kinds.cases import INBOUND_CUSTOMER, is_outbound_by
from cx_rules.kinds.explain_once.messages import ASK_MESSAGE, RESTATE_MESSAGE
from cx_rules.kinds.explain_once.params import (
    ASK_LIMIT,
    ASK_OBSERVED,
    IDENTIFIERS,
    RESTATE_OBSERVED,
    WHAT,
    WORDS,
    Params,
    ask_patterns,
    identifier_patterns,
    restate_limit,
)
from cx_rules.kinds.phrases import normalised


def words(text: pl.Expr) -> pl.Expr:
    """The distinct lower-cased words of a message (the reference's ``words``)."""
    return normalised(text).str.to_lowercase().str.replace_all(r"\p{Mn}", "") \
        .str.extract_all(WORDS).list.unique().fill_null([])


def _ask_again(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    text = normalised(pl.col("text"))
    given_by, asks = identifier_patterns(params), ask_patterns(params)
    outbound = is_outbound_by([a.value for a in params.actors])
    rows = ctx.interactions.with_columns(
        pl.when(INBOUND_CUSTOMER & text.str.contains(given_by[w]).fill_null(False))
        .then(pl.col("interaction_id")).forward_fill().over("case_id").alias(f"_given_{w}")
        for w in IDENTIFIERS)
    asked = {w: outbound & pl.col(f"_given_{w}").is_not_null()
             & text.str.contains(asks[w]).fill_null(False)
             & ~text.str.contains(given_by[w]).fill_null(False) for w in IDENTIFIERS}
    what: pl.Expr = pl.lit(None, pl.String)
    given: pl.Expr = pl.lit(None, pl.String)
    for w in reversed(IDENTIFIERS):  # the first detail asked for wins
        what = pl.when(asked[w]).then(pl.lit(WHAT[w])).otherwise(what)
        given = pl.when(asked[w]).then(pl.col(f"_given_{w}")).otherwise(given)
    found = rows.with_columns(what.alias("_what"), given.alias("_given")).filter(
        pl.col("_what").is_not_null())
    return found.with_columns(
        pl.concat_list("_given", "interaction_id").alias("interaction_ids"),
        template_expr(ASK_OBSERVED, what=pl.col("_what")).alias("observed"),
        pl.lit(ASK_LIMIT).alias("limit"),
        ASK_MESSAGE.expr(what=pl.col("_what")).alias("message"),
    )


def _restate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    is_agent = (pl.col("direction") == "outbound") & (pl.col("actor") == "agent") \
        & pl.col("agent_id").is_not_null()
    agent = pl.when(is_agent).then(pl.col("agent_id"))
    previous = agent.shift(1).forward_fill().over("case_id")
    rows = ctx.interactions.with_columns(
        pl.int_range(pl.len(), dtype=pl.Int64).alias("_pos"),
        (is_agent & previous.is_not_null() & (pl.col("agent_id") != previous))
        .alias("_transfer"),
        words(pl.col("text")).alias("_words"),
    ).with_columns(
        pl.col("_transfer").cast(pl.Int64).cum_sum().over("case_id").alias("_transfers"),
        pl.when(pl.col("_transfer")).then(pl.col("agent_id")).forward_fill().over("case_id")
        .alias("_new_agent"),
    )
    said = rows.filter(INBOUND_CUSTOMER & (pl.col("_words").list.len() >= params.min_words))
    # a transfer since the customer's previous message of that length
    judged = said.with_columns(
        (pl.col("_transfers") - pl.col("_transfers").shift(1).over("case_id").fill_null(0))
        .alias("_since")).filter(pl.col("_since") > 0)
    earlier = said.select("case_id", pl.col("_pos").alias("_e_pos"),
                          pl.col("interaction_id").alias("_e_id"),
                          pl.col("_words").alias("_e_words"))
    pairs = judged.join(earlier, on="case_id", how="inner").filter(
        pl.col("_e_pos") < pl.col("_pos")).with_columns(
        pl.col("_words").list.set_intersection("_e_words").list.len().alias("_inter"),
        pl.col("_words").list.set_union("_e_words").list.len().alias("_union"),
    ).with_columns((pl.col("_inter") / pl.col("_union")).alias("_ratio")).filter(
        pl.col("_ratio") >= params.min_overlap)
    best = pairs.sort(["_pos", "_ratio", "_e_pos"], descending=[False, True, False]).filter(
        pl.col("_pos").is_first_distinct())
    pct = (pl.col("_inter") * 100) // pl.col("_union")
    return best.with_columns(
        pl.concat_list("_e_id", "interaction_id").alias("interaction_ids"),
        template_expr(RESTATE_OBSERVED, pct=pct).alias("observed"),
        pl.lit(restate_limit(params)).alias("limit"),
        RESTATE_MESSAGE.expr(agent=pl.col("_new_agent"), pct=pct).alias("message"),
    )


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    parts = [violation_rows(_ask_again(params, ctx))] if "ask_again" in params.checks else []
    if "restate" in params.checks:
        parts.append(violation_rows(_restate(params, ctx)))
    return pl.concat(parts)  # checks has at least one item
