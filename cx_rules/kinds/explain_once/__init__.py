"""A customer explains once: no one asks again for what they already wrote.

## What it checks
Two checks (`checks`, default both), within one case:

- `ask_again`: an outbound message by one of `actors` asks for a detail (one of the `asks`
  phrases for it: "what is your order number", "укажите номер заказа", "sifariş nömrəniz
  nədir", "buyurtma raqamingiz", "شماره سفارش خود را", "رقم الطلب"...) that an earlier
  message of the customer in the case already gives: a number after one of `number_words`
  ("order 48213377", "заказ № 7712", "sifariş nömrəm ۷۷۱۲"), after `#` or `№`, or a code like
  `NW-38471` (for `number`); an e-mail address (for `email`); a phone number with `+` or after a
  word for phone (for `phone`: a bare run of digits may be an order number). A message that
  itself quotes the detail ("is your order number 48213377?") confirms, it does not ask.
  Asking for a detail the customer never gave is fine.
- `restate`: after the case passes to a new agent (an agent message whose `agent_id` differs
  from the previous agent message's), the customer's first message of at least `min_words`
  distinct words repeats an earlier message of theirs in the case: the Jaccard overlap of the
  two word sets (lower-cased words, digits of every script read as ASCII) is at least
  `min_overlap`. Without `agent_id` no transfer is seen, and nothing is found.

Phrases match case-insensitively on word boundaries in every script, after the text is
normalised (see `contact_options`); a phrase ending in `*` is a stem.

## Why customers care
Being asked for the order number written two messages earlier, or having to tell the whole
story again to the next agent, tells the customer nobody read what they wrote. Explaining once
is among the first things customers name when asked what good service is.

## Example
```yaml
- id: explain-once
  kind: explain_once
  category: effort
  severity: warning
  params: {checks: [ask_again, restate], min_overlap: 0.6}
  action: {id: coach-agent-read-history, priority: 30, proactive: false}
```
"My order #48213377 has not arrived" answered "What is your order number?" gives:
"Asked the customer for their order or account number although they gave it earlier in this
case."
A customer who writes "My parcel with the coffee machine has not arrived yet" and, after a02
takes over, "Hello, my parcel with the coffee machine still has not arrived" gives:
"Customer had to repeat their problem to a new agent (a02): 75% of the words of their earlier
message."
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.explain_once.params import Params, needs
from cx_rules.kinds.explain_once.plan import evaluate
from cx_rules.kinds.explain_once.reference import check
from cx_rules.kinds.explain_once.stream import STREAM

KIND = RuleKind(name="explain_once", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
