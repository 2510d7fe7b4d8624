"""Moments that call for a personal touch: VIPs waiting, unhappy customers, ignored channel
preferences, customers who keep coming back.

## What it checks
One `trigger` per rule:
- `vip_waiting`: a customer whose profile tier is in `tiers` waited longer than `limit` for a
  reply (every wait: first and later ones; still-open waits count at the end of the log);
- `negative_feedback`: an inbound event (from the customer, or a survey tool posting their
  rating as `system`) with `csat <= csat_at_most` or `sentiment <= sentiment_at_most`;
- `preferred_channel_ignored`: an outbound message (by `actors`) on a channel other than the
  customer's preferred one, where the customer had not written on that channel earlier in
  the case (a reply where they wrote is fine). A feed record (an `event` row without text:
  an order feed's `shipped`) contacts nobody, and a call the company announced earlier in
  the case ("We will call you tomorrow", in any language the text reader knows) keeps that
  promise, so neither is reported;
- `frequent_contact`: a case that makes it `min_cases` or more cases opened by the customer
  within `window` (counting every case start in (start - window, start]).
These mostly drive next-best actions (a VIP callback, a recovery call), so rules using them
are usually severity `info`.

## Why customers care
Customers expect to be recognised: a loyal customer should not queue like a stranger, an
unhappy one should hear from a person, and a customer who said "e-mail me" should not be
texted.

## Example
```yaml
- id: vip-waiting
  kind: personalization
  category: personalization
  params: {trigger: vip_waiting, tiers: [vip], limit: 15m}
  action: {id: vip-callback, priority: 90, channel: phone}
```
A VIP answered 45 minutes after writing on e-mail gives:
"VIP customer waited 45m for a reply on email (limit 15m)."
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.personalization.params import Params, needs
from cx_rules.kinds.personalization.plan import evaluate
from cx_rules.kinds.personalization.reference import check
from cx_rules.kinds.personalization.stream import STREAM

KIND = RuleKind(name="personalization", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
