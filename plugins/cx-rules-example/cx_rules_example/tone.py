"""Replies must not blame the customer or shout.

## What it checks
Outbound replies (by default those written by agents) that contain a blame phrase
("your fault", "you should have", "as I already said", ...) or are written mostly in capital
letters (shouting).

## Why customers care
Customers forgive slow answers more easily than condescending ones; a reply that blames them
or shouts turns a service problem into a relationship problem.

## Example
```yaml
- id: respectful-tone
  kind: tone
  category: personalization
  params: {phrases: ["your fault", "as I already said"], caps_ratio: 0.7}
```
An agent replying "AS I ALREADY SAID, RESTART THE ROUTER" gives:
"Reply on chat sounds hostile: blame phrase 'as i already said', shouting (100% capitals)."
"""

from __future__ import annotations

import re

import polars as pl
from pydantic import BaseModel, ConfigDict, Field

from cx_rules.plugins import EvalContext, RuleKind, violation_rows
from cx_rules_example.messages import BLAME, BLAME_SHOUTING, SHOUTING

DEFAULT_PHRASES = [
    "your fault", "you should have", "as i already said", "as stated before",
    "you failed to", "calm down", "read the manual", "obviously you",
]


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phrases: list[str] = Field(
        default_factory=lambda: list(DEFAULT_PHRASES), min_length=1,
        description="blame phrases, matched case-insensitively as whole words.")
    caps_ratio: float = Field(
        default=0.7, gt=0, le=1,
        description="the share of capital letters (0-1) from which a reply counts as shouting.")
    min_letters: int = Field(default=12, ge=1, description=(
        'shorter replies are never shouting ("OK", "FYI").'))
    channels: list[str] | None = Field(default=None,
                                       description="only these channels (default all).")
    actors: list[str] = Field(default_factory=lambda: ["agent"],
                              description="whose replies are checked (default `[agent]`).")

def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    pattern = r"(?i)\b(" + "|".join(re.escape(p.lower()) for p in params.phrases) + r")\b"
    text = pl.col("text")
    letters = text.str.count_matches(r"\p{L}")
    capitals = text.str.count_matches(r"\p{Lu}")
    ratio = capitals / letters
    shouting = (letters >= params.min_letters) & (ratio >= params.caps_ratio)
    blame = text.str.extract(pattern, 1).str.to_lowercase()
    rows = ctx.interactions.filter(
        (pl.col("direction") == "outbound") & pl.col("actor").is_in(params.actors)
        & text.is_not_null()
    )
    if params.channels is not None:
        rows = rows.filter(pl.col("channel").is_in(params.channels))
    found = rows.with_columns(blame.alias("_blame"), shouting.fill_null(False).alias("_shout"),
                              (ratio * 100).round(0).cast(pl.Int64).alias("_pct"))
    found = found.filter(pl.col("_blame").is_not_null() | pl.col("_shout"))
    observed = pl.concat_str(
        [pl.when(pl.col("_blame").is_not_null()).then(pl.lit("blame phrase '") + pl.col("_blame")
                                                       + pl.lit("'")),
         pl.when(pl.col("_shout")).then(pl.lit("shouting (") + pl.col("_pct").cast(pl.String)
                                        + pl.lit("% capitals)"))],
        separator=", ", ignore_nulls=True,
    )
    said = {"channel": pl.col("channel"), "phrase": pl.col("_blame"), "percent": pl.col("_pct")}
    blamed = pl.col("_blame").is_not_null()
    message = (pl.when(blamed & pl.col("_shout")).then(BLAME_SHOUTING.expr(**said))
               .when(blamed).then(BLAME.expr(**said))
               .otherwise(SHOUTING.expr(**said)))
    return violation_rows(found.with_columns(
        pl.concat_list(pl.col("interaction_id")).alias("interaction_ids"),
        observed.alias("observed"),
        pl.lit("respectful tone").alias("limit"),
        message.alias("message"),
    ))


KIND = RuleKind(name="tone", params=Params, evaluate=evaluate, doc=__doc__ or "")
