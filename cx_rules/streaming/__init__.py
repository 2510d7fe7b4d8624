"""Streaming: evaluate a ruleset one event at a time, with exactly the batch engine's result.

```python
from cx_rules import Session, load_ruleset

session = Session(load_ruleset("cx-baseline"), customers="customers.csv")
for event in crm_events:                 # dicts or Interaction models, in time order
    for item in session.observe(event):  # final Violations (+ the Actions they trigger)
        ...
session.advance(now)                     # DeadlineAlert for waits/promises past their limit
                                         # (DeadlineWarning first, past a rule's warn_at)
blob = session.snapshot()                # bytes; Session.restore(blob, ruleset) after a restart
session.close()                          # everything still open, as batch would report it
```

**Contract.** For events fed in (timestamp, interaction_id) order, the violations returned by
``observe`` plus those of ``close(end)`` equal ``evaluate(log, ruleset, as_of=end)`` (same rule,
case, customer, events, observed, limit and message, as a multiset). Property-tested over
random logs and rulesets in ``tests/test_streaming.py``.

**How (the same rules, not a second implementation).** The session keeps each customer's
recent events. After an event it runs the *reference check* of every rule kind (the plain
Python oracle in :mod:`cx_rules.engine.reference` that the vectorized core is tested against) on the
smallest set of rows the kind needs (the event, its case or its customer; see
:mod:`cx_rules.streaming.kinds`) twice: "now" (just before the event's time) and eight days
later. A violation is *final*, and returned, when both runs produce it with the same key and
the kind's finality guard agrees; one whose text depends on "now" ("still not answered after
5m", "nothing happened by <date>") differs between the runs and waits for ``advance`` (as a
provisional :class:`DeadlineAlert`) or ``close``. Each final violation is reported once
(a multiset of reported keys per case and rule); ``close`` reports the batch result minus
what was already reported.

**What durable-rules carries.** The time-driven state: open deadlines (a reply limit, a
promise's due time, a follow-up window, a VIP wait) and retention countdowns of resolved cases
are filed by due hour in durable-rules states, each hour's earliest deadline and earliest
retention time being facts, and ``advance(now)`` asserts a clock fact that durable-rules joins
against them (``when_all(timer, clock & clock.now >= timer.due)``) to decide what is due, in
the stream's own event time (:mod:`cx_rules.streaming.timers`, which also records the two
engine limits that shaped this layout).
Deadlines are computed with the ruleset's calendar (``add_business_time``) where a rule
counts business hours.

**What it does not carry, and why.** Routing events to their case and customer is a dict
lookup: a durable-rules ruleset holds at most 1024 states (``sid``) in memory, so ``sid`` =
customer is impossible with 10 000 open cases, and one shared state makes every join scan
all open cases' facts. Posting an event costs ~15 µs for a one-join ruleset
(``benchmarks/STREAMING.md``, side by side), plus a JSON round trip and a Python closure per
fired rule, which is what the Session's reference checks would pay again per rule. The
rule logic stays in the shared reference checks so that stream == batch by construction
rather than by keeping two implementations in step.

**Lateness.** ``max_lateness`` (default 0) buffers events and applies them in order once the
newest event is that much later; an event older than what was already applied raises
:class:`LateEventError` and is not applied (never silently evaluated out of order).

**Memory.** A resolved/closed case is evicted ``retention`` after its last event (default:
the longest duration of any rule, at least one day): its final violations were reported, and
no rule can still need its events. A case with violations that depend on "now" (an unanswered
wait, a broken promise) is *held*: no longer routed, kept for ``close``. An event for an
evicted case raises :class:`EvictedCaseError`. Open (never resolved) cases are kept.

**Limits.** Every event re-reads its case (and customer-wide rules the customer's live
cases), so a runaway case or customer is refused instead of slowing every later event:
beyond :attr:`~cx_rules.io.limits.Limits.max_events_per_case` events (default 5 000) or
:attr:`~cx_rules.io.limits.Limits.max_cases_per_customer` live cases (default 1 000) an
event raises :class:`LimitError` naming the limit, and is not applied.
"""

from cx_rules.streaming.outputs import (
    DeadlineAlert,
    DeadlineWarning,
    EvictedCaseError,
    LateEventError,
    LimitError,
    SuppressedAction,
    WaivedFinding,
)
from cx_rules.streaming.session import Session

__all__ = ["DeadlineAlert", "DeadlineWarning", "EvictedCaseError", "LateEventError",
           "LimitError", "Session", "SuppressedAction", "WaivedFinding"]
