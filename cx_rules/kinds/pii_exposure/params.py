"""The parameters of ``pii_exposure``: the model is the source of its documented parameters."""

from __future__ import annotations

from typing import Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from cx_rules.models.enums import Actor, Channel
from cx_rules.pii import (
    COMPANY_TYPES,
    DEFAULT_REGIONS,
    ENTITIES,
    REFERENCES,
    Options,
    options,
)


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
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=True)

    channels: list[Channel] = Field(default_factory=lambda: [Channel.SOCIAL], min_length=1)
    """channels to watch (default `[social]`)."""
    entities: list[str] = Field(default_factory=lambda: list(ENTITIES), min_length=1)
    """which kinds of personal data (default all: email, phone, payment_card, iban, national_id,
    order_number, ticket_number, tracking_number, booking_reference, account_number,
    postal_address)."""
    direction: Literal["outbound", "inbound", "any"] = "outbound"
    """`outbound` (default), `inbound` or `any`."""
    actors: list[Actor] | None = None
    """only messages by these actors (default any actor of that direction)."""
    allow: list[str] = Field(default_factory=list)
    """values never reported, e.g. the company's own hotline or support address."""
    regions: list[str] = Field(default_factory=lambda: list(DEFAULT_REGIONS), min_length=1)
    """where numbers written without `+CC` are read, in order (default `[US, GB, IN]`)."""
    company_contacts: CompanyContacts = Field(default_factory=CompanyContacts)
    """`phones` (any format; compared as numbers), `email_domains` (subdomains included) and `urls`
    (their hosts count as e-mail domains too)."""
    company_number_types: list[str] = Field(default_factory=lambda: list(COMPANY_TYPES))
    """number types that are the company's (default `[toll_free, shared_cost, premium_rate, uan]`;
    `[]` reports them like any number)."""
    shared_number_customers: int | None = Field(None, ge=2)
    """a number posted outbound to this many different customers is the company's (default `null`:
    off; batch runs only, see above)."""
    evidence: Literal["valid", "possible", "uncertain"] = "valid"
    """which phone numbers are reported: `valid` (default), `possible` (valid and merely possible)
    or `uncertain` (only the merely possible ones, for a low-severity rule)."""
    outbound_exempt: list[str] = Field(default_factory=lambda: list(REFERENCES))
    """entities not reported on outbound messages (default the reference numbers: quoting a
    customer's order number back is normal)."""
    reference_keywords: dict[str, list[str]] = Field(default_factory=dict)
    """keywords per reference entity, replacing the built-in ones (e.g. `{order_number: [order,
    commande]}`)."""
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


def needs(params: Params) -> frozenset[str]:
    """Personal data is found in the message text."""
    return frozenset({"text"})
