"""A price, fee or policy question gets a figure or the policy, not a vague answer.

## What it checks
A message of the customer that asks about a price, a fee or a policy (one of `questions`:
"how much", "сколько стоит", "nə qədərdir", "qancha turadi", "چقدر", "كم سعر",
"refund policy", "условия возврата"...) is answered by the next outbound message in the case
by one of `answer_by` that has text and is not a holding reply (one of `holding_phrases`:
"let me check", "одну минуту", "bir dəqiqə"...). That answer is a violation when it has no
figure (a number, with or without a currency, in any digit script: `25 ₼`, `۲۵ هزار تومان`,
`٣٠ ريال`), no link (the policy page) and no price said in words (one of `free_phrases`:
"free", "бесплатно", "pulsuz", "رایگان"...). Several questions before one answer give one
finding, on the first of them; a question never answered is left to the response-time rules.

Phrases match case-insensitively on word boundaries in every script, after the text is
normalised (see `contact_options`); a phrase ending in `*` is a stem.

## Why customers care
"It depends" or "the usual fees apply" to "how much?" makes the customer feel something is
being hidden, and they ask again or go elsewhere. A number, or the page with the policy, is
what lets them decide.

## Example
```yaml
- id: prices-told-plainly
  kind: transparency
  category: transparency
  severity: warning
  params: {answer_by: [agent, bot]}
  action: {id: send-price-or-policy, priority: 45}
```
"Сколько стоит доставка в Баку?" answered "Стоимость зависит от тарифа." gives:
"Customer asked 'сколько стоит' and was answered without a figure or a policy link."
Answered "It costs 25 ₼", "۲۵ هزار تومان", "Delivery is free" or with a link to the policy,
it gives nothing.
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.transparency.params import Params, needs
from cx_rules.kinds.transparency.plan import evaluate
from cx_rules.kinds.transparency.reference import check
from cx_rules.kinds.transparency.stream import STREAM

KIND = RuleKind(name="transparency", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
