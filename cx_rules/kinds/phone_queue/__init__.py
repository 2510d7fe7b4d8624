"""Callers in a phone queue are answered quickly, and do not hang up waiting.

## What it checks
The time callers spend in a queue, read off the `queue_event` of the events on the watched
`channels` (phone and callback by default; chat queues too, if listed). Within a case, a
`queued` event opens a wait and the next `answered` or `abandoned` event closes it; a
`queued` while the caller is already waiting (moved to another queue) does not restart the
clock, and a case may have several waits (an agent transfers the caller back to the queue).
An answer or hang-up without a `queued` before it is not a wait that can be measured.

With `metric: speed_of_answer` (Zendesk Talk's and Intercom's *speed of answer*), a wait
answered after more than `limit` is a violation, and so is a caller still waiting at the end
of the log (`as_of`) who has already waited longer than the limit; abandoned waits are not
answered and not counted here. Limits can differ by the case's priority when the call was
queued (`by_priority`). With `metric: abandonment`, every caller who hung up in the queue
after waiting longer than `min_wait` is a violation (`min_wait: 5s` leaves out those who
hang up at once, the usual "short abandon" of contact-centre reports).

A log without any `queue_event` makes the rule not applicable.

## Why customers care
Waiting on hold is the part of a call customers remember: a minute of music before anyone
answers feels like five, and a customer who gives up and hangs up has been failed before
anyone heard the question (and will call again, angrier, or not at all).

## Example
```yaml
- id: answer-calls-fast
  kind: phone_queue
  category: speed
  severity: error
  params: {metric: speed_of_answer, limit: 20s, by_priority: {urgent: 10s}}
- id: few-abandoned-calls
  kind: phone_queue
  category: speed
  severity: warning
  params: {metric: abandonment, min_wait: 5s}
```
A call queued at 10:00:00 and answered at 10:00:45 gives:
"Call answered after 45s in the queue (limit 20s)."
A caller queued at 10:00:00 who hung up at 10:01:12 gives:
"Caller hung up after 1m 12s in the queue."
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.phone_queue.params import Params, needs
from cx_rules.kinds.phone_queue.plan import evaluate
from cx_rules.kinds.phone_queue.reference import check
from cx_rules.kinds.phone_queue.stream import STREAM

KIND = RuleKind(name="phone_queue", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
