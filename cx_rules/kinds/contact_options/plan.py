"""The vectorized polars plan of ``contact_options``."""

from __future__ import annotations

import polars as pl

from cx_rules.kinds.base import EvalContext, template_expr, violation_rows
from cx_rules.kinds.cases import is_outbound_by
from cx_rules.kinds.contact_options.messages import MESSAGE
from cx_rules.kinds.contact_options.params import (
    LIMIT,
    OBSERVED,
    Params,
    offer_pattern,
    redirect_pattern,
)
from cx_rules.kinds.phrases import first_match_expr, normalised


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    text = normalised(pl.col("text"))
    offers = text.str.contains(offer_pattern(params)).fill_null(False)
    outbound_offer = (pl.col("direction") == "outbound") & offers
    rows = ctx.interactions.with_columns(
        offers.alias("_offers"),
        first_match_expr(redirect_pattern(params), pl.col("text")).alias("_phrase"),
        # outbound offers in the case strictly before this row
        (outbound_offer.cast(pl.Int64).cum_sum() - outbound_offer.cast(pl.Int64))
        .over("case_id").alias("_before"),
    )
    told = is_outbound_by([a.value for a in params.actors]) & pl.col("_phrase").is_not_null() \
        & ~pl.col("_offers")
    if params.earlier_in_case:
        told = told & (pl.col("_before") == 0)
    if params.channels is not None:
        told = told & pl.col("channel").is_in([c.value for c in params.channels])
    return violation_rows(rows.filter(told).with_columns(
        pl.concat_list(pl.col("interaction_id")).alias("interaction_ids"),
        template_expr(OBSERVED, phrase=pl.col("_phrase")).alias("observed"),
        pl.lit(LIMIT).alias("limit"),
        MESSAGE.expr(phrase=pl.col("_phrase")).alias("message"),
    ))
