"""Contact only the way the customer agreed to: opt-outs, marketing consent, quiet hours.

## What it checks
Every outbound message (by agents, bots or systems) to a customer who has a profile:
- **opt_out**: sent on a channel the customer opted out of — unless it is a service reply on a
  channel the customer themselves wrote in on earlier in the case;
- **marketing_consent**: a marketing message to a customer whose profile does not record
  marketing consent (false or missing);
- **quiet_hours**: a message of a listed purpose (default: marketing) sent inside the
  customer's quiet hours, in the customer's own time zone (UTC when unknown).
One violation per failed check. Customers without a profile are not judged.

## Why customers care
Being contacted on a channel you switched off, or woken by a promotion at 23:30, turns a
customer against a brand faster than a slow answer; in many countries it is also unlawful.

## Example
```yaml
- id: contact-consent
  kind: consent
  category: privacy
  severity: error
  params: {checks: [opt_out, marketing_consent, quiet_hours], quiet_hours_purposes: [marketing]}
```
A promotion by SMS at 23:30 Berlin time to a customer with quiet hours 21:00-08:00 gives:
"Marketing message on sms at 23:30 local time, inside the customer's quiet hours 21:00-08:00."
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.consent.params import Params, needs
from cx_rules.kinds.consent.plan import evaluate
from cx_rules.kinds.consent.reference import check
from cx_rules.kinds.consent.stream import STREAM

KIND = RuleKind(name="consent", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "",
                needs_customers=True)
