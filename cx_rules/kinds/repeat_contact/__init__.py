"""Customers should not have to come back, or switch channels, to get a problem solved.

## What it checks
Two modes:

- `after_resolution` (default): a case **starts** with its first inbound customer message. If the
  same customer's most recent resolution (any event with status `resolved`/`closed`, in any of
  the customer's cases, including the same case when it is reopened) happened strictly before
  that start and at most `window` earlier, the new contact is a violation. With `same_topic`
  (default) only resolutions of cases with the same topic count; a case's topic is the first
  topic set on its events, and a case without a topic never matches.
- `channel_switch`: within a case, the customer's first message on a channel other than the one
  they started on is a violation (one per case).

Events are ordered by time, then interaction id.

## Why customers care
A repeat contact means the first answer did not solve the problem: the customer spends time
again, explains again, and trusts the next "it's fixed" less. Having to move from e-mail to the
phone to be heard is the same failure within a single case.

## Example
```yaml
- id: no-repeat-billing
  kind: repeat_contact
  category: resolution
  severity: warning
  params: {mode: after_resolution, window: 7d, same_topic: true}
```
A billing case resolved on Monday 10:00 and a new billing case opened on Wednesday 13:00 give:
"Customer came back on 'billing' 2d 3h after case c1 was resolved (window 7d)."

With `mode: channel_switch`: "Customer had to switch from email to phone within case c3."
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.repeat_contact.params import Params, needs
from cx_rules.kinds.repeat_contact.plan import evaluate
from cx_rules.kinds.repeat_contact.reference import check
from cx_rules.kinds.repeat_contact.stream import STREAM

KIND = RuleKind(name="repeat_contact", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
