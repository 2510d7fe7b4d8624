"""A declarative condition on each event: the rule for everything the other kinds don't cover.

## What it checks
Every event for which the expression in `when` is true. The expression language is small and
safe (it is parsed, type-checked and compiled to polars, never `eval`ed):
field comparisons (`== != < <= > >=`), `in [...]` / `not in [...]`, `x in customer.list_field`,
`matches "regex"`, `contains "text"`, `is null` / `is not null`, `and` / `or` / `not`,
arithmetic on numbers, datetimes and durations (`since_prev > 2h`), a timestamp compared with
an ISO 8601 time with its offset (`timestamp < "2026-03-05T10:00:00Z"`), and the functions
`lower`, `upper`, `len`, `hour`, `weekday` (1 = Monday) and `abs`. Null follows SQL logic: a
comparison with a missing value is unknown, and only a definite *true* counts.

Fields: every canonical interaction field (`text`, `channel`, `direction`, `actor`, `csat`,
`identity_verified`, `timestamp`, ...), every customer profile field as `customer.<field>`
(`customer.tier`, `customer.opted_out_channels`, ...), and two derived durations:
`since_prev` (time since the previous event of the case) and `since_case_start`.

## Why customers care
Each company has promises of its own ("we never discuss account details before we verify
you", "no bot answers to VIPs"); this kind states them without writing code.

## Example
```yaml
- id: verify-before-account-details
  kind: condition
  category: privacy
  params:
    when: direction == "outbound" and identity_verified == false and text matches "(?i)your account"
    message: Shared account details before the customer's identity was verified.
```
gives, for a matching reply on chat: "Shared account details before the customer's identity was
verified."
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.condition.params import Params, needs
from cx_rules.kinds.condition.plan import evaluate
from cx_rules.kinds.condition.reference import check
from cx_rules.kinds.condition.stream import STREAM

KIND = RuleKind(name="condition", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
