"""Replies and resolutions must come within a time limit.

## What it checks
For every case, how long the customer waited: for the **first reply** (from the customer's
first message to the company's first reply), every **next reply** (from a customer message that
follows a reply to the next reply), or the **resolution** (from the first event of the case to
its first `resolved`/`closed` status; `requester_wait` and `agent_work` measure the same span
without the time pending on the customer, and without pending and on-hold time, as Zendesk
defines them), or **periodic updates** (from the case's first event, and from each company
message, to the company's next message, until the case is resolved). Waits longer than the
limit are violations, and so are waits still open at the end of the log (`as_of`) that have
already run past the limit.
Limits can differ per priority, and time can be counted in business hours of the ruleset's
calendar. A case that carries no status on any event is unknown for `resolution` (never
reported as "still not resolved"); a log with no status at all makes the rule not applicable.
With `paused_while: [pending, on_hold]` the resolution clock stops while the case waits on the
customer or a third party, as help-desk SLA policies measure it: a status holds from the event
that sets it until the next event that sets one, and the message says how long the clock
stood still. With `warn_at: 75%` (or `15m`: that long before the limit) a wait still open past
its warning point is *at risk*: `lint --at-risk` lists it apart (never a violation) and the
streaming session's `advance` warns before the deadline alert.

## Why customers care
Speed is the expectation customers name first: a chat answered after ten minutes feels like no
answer at all, and an e-mail that sits over a weekend tells the customer they are not a priority.

## Example
```yaml
- id: first-reply-chat
  kind: response_time
  category: speed
  severity: error
  params: {metric: first_reply, channels: [chat], limit: 2m, by_priority: {urgent: 1m}}
```
A chat opened at 10:00:00 and first answered at 10:09:12 gives:
"First reply on chat took 9m 12s (limit 2m)."
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.response_time.params import Params, needs
from cx_rules.kinds.response_time.plan import at_risk, evaluate
from cx_rules.kinds.response_time.reference import at_risk as at_risk_reference
from cx_rules.kinds.response_time.reference import check
from cx_rules.kinds.response_time.stream import STREAM

KIND = RuleKind(name="response_time", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "", at_risk=at_risk,
                at_risk_reference=at_risk_reference)
