"""A customer is not passed from agent to agent: a case has at most `max_agents` agents.

## What it checks
The distinct agents (`agent_id` of outbound messages by `actors`) who write to the customer
in one case. The first message by one agent more than `max_agents` is a violation (one per
case, on that message); messages without an `agent_id` are not counted (unknown is not a new
agent).

## Why customers care
Every hand-off makes the customer tell their story again and wait for someone new to catch
up: respect for the customer's time means one owner, or at most a warm hand-off, not a
relay.

## Example
```yaml
- id: few-handoffs
  kind: handoffs
  category: resolution
  severity: warning
  params: {max_agents: 2}
```
A chat answered by a01, then a02, then a03 gives:
"Customer was passed to a 3rd agent (a03) in this case (limit 2 agents)."
"""

from __future__ import annotations

from cx_rules.kinds.base import RuleKind
from cx_rules.kinds.handoffs.params import Params, needs
from cx_rules.kinds.handoffs.plan import evaluate
from cx_rules.kinds.handoffs.reference import check
from cx_rules.kinds.handoffs.stream import STREAM

KIND = RuleKind(name="handoffs", params=Params, evaluate=evaluate, reference=check,
                stream=STREAM, needs=needs, doc=__doc__ or "")
