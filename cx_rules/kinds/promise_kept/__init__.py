"""Promises made to the customer must be kept on time.

## What it checks
An outbound message with a `promise_due` is a **promise** ("we will call you back by 17:00",
"the replacement ships by Friday"). It is kept when the company's next outbound message in the
same case by one of `fulfil_by` (the first one with a strictly later timestamp; ties broken by
interaction id) comes no later than `promise_due` plus `grace`. A promise kept late is a
violation; so is one with no later message at all once the due time has passed by the end of
the log (`as_of`). Promises not yet due are not judged.

## Why customers care
A broken promise costs more trust than no promise: the customer kept the afternoon free for the
callback, or told their family the parcel comes on Friday. Keeping the date is what makes the
next promise believable.

## Example
```yaml
- id: callbacks-on-time
  kind: promise_kept
  category: honesty
  severity: error
  params: {grace: 15m, fulfil_by: [agent]}
```
A promise made by phone for 2026-03-03 16:45 UTC (due 17:00 with the grace) and kept with an
agent message at 20:00 gives:
"Promised by 2026-03-03 17:00 UTC on phone; kept 3h late."
Without any later message, evaluated as of 2026-03-04 09:00: "Promised by 2026-03-03 17:00 UTC
on phone; nothing happened by 2026-03-04 09:00 UTC." (the time is `as_of`, the end of the log, so
a streaming session knows the verdict is still open until the log ends).

Real exports say promises in the text; `from_text: true` reads them (six languages), each
kept only by what it promised (a call, a shipment, a refund, a real reply):
```yaml
- id: text-promises-kept
  kind: promise_kept
  category: honesty
  severity: error
  params: {grace: 15m, from_text: true}
```
A chat "Мы перезвоним вам завтра." sent 2026-03-04 10:00 UTC to a customer in UTC, with no call
after it, evaluated as of 2026-03-06 gives: "Promised a callback by 2026-03-05 00:14 UTC on chat
("Мы перезвоним вам завтра"); nothing happened by 2026-03-06 00:00 UTC."
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.promise_kept.params import Params, needs
from cx_rules.kinds.promise_kept.plan import evaluate
from cx_rules.kinds.promise_kept.reference import check
from cx_rules.kinds.promise_kept.stream import STREAM

KIND = RuleKind(name="promise_kept", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
