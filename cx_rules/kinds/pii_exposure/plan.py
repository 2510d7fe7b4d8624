"""The vectorized polars plan of ``pii_exposure``."""

from __future__ import annotations

import polars as pl

from cx_rules.kinds.base import EvalContext, violation_rows
from cx_rules.kinds.pii_exposure.messages import EXPOSES, POSTED
from cx_rules.kinds.pii_exposure.params import Params
from cx_rules.pii import (
    find_pii_expr,
    mask_expr,
    phone_key,
)

_DIGITS = "0-9\u06f0-\u06f9\u0660-\u0669"  # ASCII, Persian and Arabic-Indic digits


def _key(value: pl.Expr, regions: list[str]) -> pl.Expr:
    return value.map_elements(lambda v: phone_key(v, regions), return_dtype=pl.String,
                              skip_nulls=True)


def shared_numbers(params: Params, interactions: pl.LazyFrame) -> pl.LazyFrame:
    """``_key``: E.164 numbers posted outbound to ``shared_number_customers`` customers or more
    anywhere in the log (any channel or actor)."""
    posted = interactions.filter(
        (pl.col("direction") == "outbound") & pl.col("text").str.contains(f"[{_DIGITS}]")
    ).select(
        "customer_id",
        find_pii_expr(pl.col("text"), ["phone"], (), params.shared_options).alias("_f"),
    ).explode("_f").drop_nulls("_f")
    keys = posted.select("customer_id", _key(pl.col("_f").struct.field("value"),
                                             params.regions).alias("_key"))
    return keys.drop_nulls("_key").group_by("_key").agg(
        pl.col("customer_id").n_unique().alias("_n")
    ).filter(pl.col("_n") >= params.shared_number_customers).select("_key")


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    rows = ctx.interactions.filter(
        pl.col("channel").is_in([c.value for c in params.channels]) & pl.col("text").is_not_null()
    )
    if params.direction != "any":
        rows = rows.filter(pl.col("direction") == params.direction)
    if params.actors is not None:
        rows = rows.filter(pl.col("actor").is_in([a.value for a in params.actors]))
    # Every entity holds a digit (Persian and Arabic-Indic ones count), except an e-mail
    # address, which holds an "@"; the detector's blanking of claimed spans never creates
    # either. So a text without them has no finding, and one cheap scan spares the detector
    # most messages.
    needed = f"[{_DIGITS}@]" if "email" in params.entities else f"[{_DIGITS}]"
    rows = rows.filter(pl.col("text").str.contains(needed))
    text, opts = pl.col("text"), params.detector
    outbound = find_pii_expr(text, params.entities_for("outbound"), params.allow, opts)
    other = find_pii_expr(text, params.entities_for("inbound"), params.allow, opts)
    if params.direction == "outbound":
        detected = outbound
    elif params.direction == "inbound" or params.entities_for("outbound") == params.entities:
        detected = other
    else:
        detected = pl.when(pl.col("direction") == "outbound").then(outbound).otherwise(other)
    found = rows.with_columns(detected.alias("_found")).filter(pl.col("_found").list.len() > 0)
    if params.counts_shared_numbers:
        # a phone the company posts to several customers is the company's: drop those findings
        items = found.with_row_index("_r").explode("_found").with_columns(
            pl.when(pl.col("_found").struct.field("entity") == "phone")
            .then(_key(pl.col("_found").struct.field("value"), params.regions))
            .alias("_key"))
        kept = items.join(shared_numbers(params, ctx.interactions), on="_key", how="anti")
        found = kept.group_by("_r", maintain_order=True).agg(
            pl.col("_found"), pl.exclude("_found", "_r", "_key").first())
    masked = pl.col("_found").list.eval(
        mask_expr(pl.element().struct.field("entity"), pl.element().struct.field("value"))
    ).list.join(", ")
    message = pl.when(pl.col("direction") == "inbound").then(
        POSTED.expr(found=masked, channel=pl.col("channel"))
    ).otherwise(EXPOSES.expr(found=masked, channel=pl.col("channel")))
    return violation_rows(found.with_columns(
        pl.concat_list(pl.col("interaction_id")).alias("interaction_ids"),
        masked.alias("observed"),
        pl.lit(params.limit_text).alias("limit"),
        message.alias("message"),
    ))
