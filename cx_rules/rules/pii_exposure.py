"""No personal data in messages on public (or listed) channels.

## What it checks
Messages on the listed channels whose text contains personal data: e-mail addresses, phone
numbers (validated with libphonenumber's data for the rule's `regions`), payment card numbers
(Luhn-checked), IBANs (mod-97-checked), national ids (US SSN, UK NI number), postal addresses
(a US street line with its ZIP, a UK postcode) and order, ticket, tracking, booking and account
numbers. Outbound by default (the company exposing data); with `direction: inbound` it flags
customers posting their own data publicly, which should move the conversation to a private
channel.

The company's own contacts are not personal data: toll-free, shared-cost, premium-rate and
UAN numbers (`company_number_types`), the numbers, e-mail domains and web sites listed in
`company_contacts`, and any number the company posts (outbound, on any channel) to at least
`shared_number_customers` different customers in the log. That last rule reads the whole log
being evaluated: in a customer-partitioned run it sees one partition, and a streaming session
checks each event alone, so there list the hotlines in `company_contacts` (or set
`shared_number_customers: null` to get the same result everywhere).

Phone numbers that are only the right length for a region but not a valid number are
uncertain: they are not reported unless `evidence` asks for them (give such a rule a lower
severity: a rule's severity holds for all its findings).

## Why customers care
A card number or home phone number in a public reply is a breach of trust that cannot be
undone, and in most jurisdictions a reportable incident.

## Example
```yaml
- id: no-pii-on-social
  kind: pii_exposure
  category: privacy
  severity: critical
  params:
    channels: [social]
    entities: [email, phone, payment_card, iban]
    regions: [US, GB]
    company_contacts: {phones: ["+1 206 870 3000"], email_domains: [acme.com]}
```
A public reply "We see card 4111 1111 1111 1111 was declined" gives:
"Outbound message on social exposes payment_card ****1111."

## Parameters
- `channels`: channels to watch (default `[social]`).
- `entities`: which kinds of personal data (default all: email, phone, payment_card, iban,
  national_id, order_number, ticket_number, tracking_number, booking_reference,
  account_number, postal_address).
- `direction`: `outbound` (default), `inbound` or `any`.
- `actors`: only messages by these actors (default any actor of that direction).
- `allow`: values never reported, e.g. the company's own hotline or support address.
- `regions`: where numbers written without `+CC` are read, in order (default `[US, GB, IN]`).
- `company_contacts`: `phones` (any format; compared as numbers), `email_domains`
  (subdomains included) and `urls` (their hosts count as e-mail domains too).
- `company_number_types`: number types that are the company's (default `[toll_free,
  shared_cost, premium_rate, uan]`; `[]` reports them like any number).
- `shared_number_customers`: a number posted outbound to this many different customers is the
  company's (default 2; `null` turns the inference off).
- `evidence`: which phone numbers are reported: `valid` (default), `possible` (valid and merely
  possible) or `uncertain` (only the merely possible ones, for a low-severity rule).
- `outbound_exempt`: entities not reported on outbound messages (default the reference
  numbers: quoting a customer's order number back is normal).
- `reference_keywords`: keywords per reference entity, replacing the built-in ones (e.g.
  `{order_number: [order, commande]}`).
"""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

import polars as pl
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from cx_rules.models.enums import Actor, Channel
from cx_rules.pii import (
    COMPANY_TYPES,
    DEFAULT_REGIONS,
    ENTITIES,
    REFERENCES,
    Options,
    find_pii_expr,
    mask_expr,
    options,
    phone_key,
)
from cx_rules.rules.base import EvalContext, RuleKind, violation_rows


class CompanyContacts(BaseModel):
    model_config = ConfigDict(extra="forbid")

    phones: list[str] = Field(default_factory=list)
    email_domains: list[str] = Field(default_factory=list)
    urls: list[str] = Field(default_factory=list)

    def domains(self) -> list[str]:
        """E-mail domains, with the hosts of the company's URLs (``www.`` dropped)."""
        hosts = []
        for url in self.urls:
            host = urlsplit(url if "//" in url else "//" + url).hostname or ""
            hosts.append(host.removeprefix("www."))
        return [d for d in [*self.email_domains, *hosts] if d]


class Params(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channels: list[Channel] = Field(default_factory=lambda: [Channel.SOCIAL], min_length=1)
    entities: list[str] = Field(default_factory=lambda: list(ENTITIES), min_length=1)
    direction: Literal["outbound", "inbound", "any"] = "outbound"
    actors: list[Actor] | None = None
    allow: list[str] = Field(default_factory=list)
    regions: list[str] = Field(default_factory=lambda: list(DEFAULT_REGIONS), min_length=1)
    company_contacts: CompanyContacts = Field(default_factory=CompanyContacts)
    company_number_types: list[str] = Field(default_factory=lambda: list(COMPANY_TYPES))
    shared_number_customers: int | None = Field(2, ge=2)
    evidence: Literal["valid", "possible", "uncertain"] = "valid"
    outbound_exempt: list[str] = Field(default_factory=lambda: list(REFERENCES))
    reference_keywords: dict[str, list[str]] = Field(default_factory=dict)
    _opts: Options = PrivateAttr()

    @field_validator("entities", "outbound_exempt")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [e for e in value if e not in ENTITIES]
        if unknown:
            raise ValueError(f"unknown entity {unknown[0]!r} (known: {', '.join(ENTITIES)})")
        return value

    @model_validator(mode="after")
    def _detector(self) -> Params:
        self._opts = options(
            regions=self.regions, evidence=self.evidence,
            company_phones=self.company_contacts.phones,
            company_domains=self.company_contacts.domains(),
            company_types=self.company_number_types, keywords=self.reference_keywords)
        return self

    @property
    def detector(self) -> Options:
        """The detector's options (checked when the rule is loaded)."""
        return self._opts

    def entities_for(self, direction: str) -> list[str]:
        if direction == "outbound":
            return [e for e in self.entities if e not in self.outbound_exempt]
        return list(self.entities)

    @property
    def counts_shared_numbers(self) -> bool:
        return self.shared_number_customers is not None and "phone" in self.entities

    @property
    def shared_options(self) -> Options:
        """Options for reading the numbers the company posts: every phone, certain or not."""
        return options(regions=self.regions, evidence="possible", company_types=())

    @property
    def limit_text(self) -> str:
        return "no PII on " + "/".join(c.value for c in self.channels)


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


KIND = RuleKind(name="pii_exposure", params=Params, evaluate=evaluate, doc=__doc__ or "")
