"""A customer hit by a known incident, delay or outage is told before having to ask.

## What it checks
A row whose `event` is one of `events` (`incident_started`, `delay`, `outage`: usually a
`system` row an incident or order feed writes into the customer's case) is a problem the
customer must be told of. Any outbound message with text by one of `notify_by` to that
customer (in any of their cases) at or after the event counts as telling them (the event row
itself too, when it is the message: "Your parcel is delayed..."): exports rarely say which
message was the announcement, so the rule judges whether the company spoke first, not what it
said. Feed rows without text (a second `delay` record, `incident_resolved`) tell nobody. A
problem event within `window` of the previous one with nothing ended in between is the same
problem (an update, a second feed) and is judged once. Violations, one per problem:

- **the customer asked first**: their first message after the event (in any case, within
  `window`, and before `notify_within` ran out) came before any such outbound message;
- **never told**: neither a message from the customer nor an outbound message came within
  `notify_within`, and that time has passed by the end of the log (`as_of`). A problem that
  ended (one of `resolved_events` for the customer) within `notify_within`, before the
  customer wrote, needs no notice.

Equal timestamps favour the company (a notice at the very instant the customer writes counts).
A log without any `event` makes the rule *not applicable*, never "nothing to tell".
The problem rows may be in the help desk's export or in a feed of their own read beside it
(`cx-rules lint log.csv incidents.csv`: one row per affected customer, with `event`, the
customer and a case of the incident's own), since the rule looks at all of a customer's cases.

## Why customers care
Learning of an outage from a failed payment, or of a delay from an empty doorstep, feels like
being kept in the dark. Being told first ("your parcel is two days late, here is why") turns
the same problem into a sign the company is on it, and saves the customer the contact.

## Example
```yaml
- id: told-before-asking
  kind: proactive_contact
  category: proactivity
  severity: warning
  params: {notify_within: 24h, window: 7d}
  action: {id: notify-affected-customer, priority: 75}
```
A `delay` event on 2026-03-02 09:00 UTC and the customer's "Where is my parcel?" two hours
later, with nothing sent in between, give:
"Customer wrote 2h after the delay of 2026-03-02 09:00 UTC before being told of it."
With no message either way by the end of the log: "Customer was not told of the delay of
2026-03-02 09:00 UTC within 1d."
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.proactive_contact.params import Params, needs
from cx_rules.kinds.proactive_contact.plan import evaluate
from cx_rules.kinds.proactive_contact.reference import check
from cx_rules.kinds.proactive_contact.stream import STREAM

KIND = RuleKind(name="proactive_contact", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
