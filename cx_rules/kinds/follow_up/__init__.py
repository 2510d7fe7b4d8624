"""A resolved case gets a follow-up (or, where unwanted, is left alone) after resolution.

## What it checks
A case is resolved at its first event with status `resolved` or `closed`. A **follow-up** is an
outbound message by one of `actors` in the same case, strictly later than the resolution and at
most `within` after it.

- `require: true` (default): a resolution without any follow-up is a violation once the whole
  window has passed by the end of the log (`as_of`); windows still running are not judged yet.
- `require: false`: the first follow-up is a violation (for customers who asked not to be
  chased, or cases where a survey would be intrusive).

## Why customers care
A short "is everything working now?" after a fix shows the company cares whether the problem
is really gone, and catches the fixes that did not work before the customer has to come back.
Where contact is unwanted, a message right after closing feels like spam.

## Example
```yaml
- id: follow-up-3d
  kind: follow_up
  category: resolution
  severity: warning
  params: {within: 3d, actors: [agent, system]}
```
A case resolved on 2026-03-02 at 10:00 UTC with no outbound message in the next three days gives:
"Case resolved 2026-03-02 10:00 UTC got no follow-up within 3d."

With `require: false` and an agent message four hours after resolution:
"Customer contacted 4h after case resolution (none wanted within 3d)."
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.follow_up.params import Params, needs
from cx_rules.kinds.follow_up.plan import evaluate
from cx_rules.kinds.follow_up.reference import check
from cx_rules.kinds.follow_up.stream import STREAM

KIND = RuleKind(name="follow_up", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
