"""The company must tell the customer the same thing everywhere.

## What it checks
Every outbound message can carry **claims**: structured facts stated to the customer
(`delivery_date`, `price`, `refund_days`, ...). Each claim is compared with the previous claim of
the same key made to the same customer, within the same case (`scope: case`) or across all the
customer's cases (`scope: customer`). Values are compared after trimming, collapsing inner
whitespace and lowercasing, so `" 10 "` and `"10"` agree but `"10"` and `"12"` do not. A claim
that contradicts the one just before it is a violation on the later message. Statements are
ordered by time, then interaction id; claims without a key or value are ignored.

## Why customers care
Hearing "Thursday" from the chatbot and "next Monday" from the agent by e-mail is worse than
hearing either: the customer no longer knows what to plan around, and learns that whatever the
company says next may change again.

## Example
```yaml
- id: same-delivery-date
  kind: consistency
  category: consistency
  severity: error
  params: {keys: [delivery_date], scope: case}
```
An e-mail saying delivery_date `2026-03-05` followed by a chat saying `2026-03-09` gives:
"Told the customer delivery_date '2026-03-09' on chat, but '2026-03-05' on email earlier in this
case." (with `scope: customer`, a statement from another case names it: "... earlier (case c7).")

Real exports rarely have structured claims; `from_text: true` reads the facts from the
messages themselves, in English, Russian, Azerbaijani, Uzbek, Persian and Arabic:
```yaml
- id: same-delivery-date-in-text
  kind: consistency
  category: consistency
  severity: error
  params: {keys: [delivery_date, price, refund_days], from_text: true}
```
An e-mail "Your parcel arrives on 5 March." then a chat "Мы доставим в понедельник." (sent on
Wednesday 2026-03-04) gives: "Told the customer delivery_date '2026-03-09' ("Мы доставим в
понедельник") on chat, but '2026-03-05' ("Your parcel arrives on 5 March") on email earlier in
this case."
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.consistency.params import Params, needs
from cx_rules.kinds.consistency.plan import evaluate
from cx_rules.kinds.consistency.reference import check
from cx_rules.kinds.consistency.stream import STREAM

KIND = RuleKind(name="consistency", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
