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
`shared_number_customers` different customers in the log (off by default). That last rule
reads the whole log being evaluated: a customer-partitioned run sees one partition and a
streaming session each event alone, so they would not agree with a single batch run; list the
hotlines in `company_contacts` instead where every engine must give the same answer.

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
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.pii_exposure.params import Params, needs
from cx_rules.kinds.pii_exposure.plan import evaluate
from cx_rules.kinds.pii_exposure.reference import check
from cx_rules.kinds.pii_exposure.stream import STREAM

KIND = RuleKind(name="pii_exposure", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
