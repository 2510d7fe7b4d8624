"""No personal data in messages on public (or listed) channels.

## What it checks
Messages on the listed channels whose text contains personal data: e-mail addresses, phone
numbers, payment card numbers (Luhn-checked), IBANs (mod-97-checked) and national ids (US SSN,
UK NI number). Outbound by default (the company exposing data); with `direction: inbound` it
flags customers posting their own data publicly, which should move the conversation to a
private channel.

## Why customers care
A card number or home phone number in a public reply is a breach of trust that cannot be
undone, and in most jurisdictions a reportable incident.

## Example
```yaml
- id: no-pii-on-social
  kind: pii_exposure
  category: privacy
  severity: critical
  params: {channels: [social], entities: [email, phone, payment_card, iban]}
```
A public reply "We see card 4111 1111 1111 1111 was declined" gives:
"Outbound message on social exposes payment_card ****1111."

## Parameters
- `channels`: channels to watch (default `[social]`).
- `entities`: which kinds of personal data (default all: iban, payment_card, national_id,
  email, phone).
- `direction`: `outbound` (default), `inbound` or `any`.
- `actors`: only messages by these actors (default any actor of that direction).
- `allow`: values never reported, e.g. the company's own hotline or support address.
"""

from __future__ import annotations

from typing import Literal

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, field_validator

from cx_rules.kinds.base import EvalContext, RuleKind, violation_rows
from cx_rules.kinds.pii_exposure.reference import check
from cx_rules.kinds.pii_exposure.stream import STREAM
from cx_rules.models.enums import Actor, Channel
from cx_rules.pii import ENTITIES, find_pii_expr, mask_expr


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channels: list[Channel] = Field(default_factory=lambda: [Channel.SOCIAL], min_length=1)
    entities: list[str] = Field(default_factory=lambda: list(ENTITIES), min_length=1)
    direction: Literal["outbound", "inbound", "any"] = "outbound"
    actors: list[Actor] | None = None
    allow: list[str] = Field(default_factory=list)

    @field_validator("entities")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [e for e in value if e not in ENTITIES]
        if unknown:
            raise ValueError(f"unknown entity {unknown[0]!r} (known: {', '.join(ENTITIES)})")
        return value

    @property
    def limit_text(self) -> str:
        return "no PII on " + "/".join(c.value for c in self.channels)


def evaluate(params: Params, ctx: EvalContext) -> pl.LazyFrame:
    rows = ctx.interactions.filter(
        pl.col("channel").is_in([c.value for c in params.channels]) & pl.col("text").is_not_null()
    )
    if params.direction != "any":
        rows = rows.filter(pl.col("direction") == params.direction)
    if params.actors is not None:
        rows = rows.filter(pl.col("actor").is_in([a.value for a in params.actors]))
    # Every entity holds a digit, except an e-mail address, which holds an "@"; the detector's
    # blanking of claimed spans never creates either. So a text without them has no finding,
    # and one cheap scan spares the detector most messages.
    needed = "[0-9@]" if "email" in params.entities else "[0-9]"
    rows = rows.filter(pl.col("text").str.contains(needed))
    found = rows.with_columns(
        find_pii_expr(pl.col("text"), params.entities, params.allow).alias("_found")
    ).filter(pl.col("_found").list.len() > 0)
    masked = pl.col("_found").list.eval(
        mask_expr(pl.element().struct.field("entity"), pl.element().struct.field("value"))
    ).list.join(", ")
    outbound = pl.lit("Outbound message on ") + pl.col("channel") + pl.lit(" exposes ")
    inbound = pl.lit("Customer posted ")
    message = pl.when(pl.col("direction") == "inbound").then(
        inbound + masked + pl.lit(" on ") + pl.col("channel")
        + pl.lit("; move the conversation to a private channel.")
    ).otherwise(outbound + masked + pl.lit("."))
    return violation_rows(found.with_columns(
        pl.concat_list(pl.col("interaction_id")).alias("interaction_ids"),
        masked.alias("observed"),
        pl.lit(params.limit_text).alias("limit"),
        message.alias("message"),
    ))


def needs(params: Params) -> frozenset[str]:
    """Personal data is found in the message text."""
    return frozenset({"text"})


KIND = RuleKind(name="pii_exposure", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
